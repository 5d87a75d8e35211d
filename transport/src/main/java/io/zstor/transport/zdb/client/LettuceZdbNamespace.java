package io.zstor.transport.zdb.client;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.output.ByteArrayOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceInfo;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ScanEntry;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.backend.ZdbNamespace;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A selected 0-db namespace over one pipelined lettuce connection. Commands from any number of callers are
 * written as soon as they hold one of {@link LettuceZdbOptions#maxInFlight()} permits and are answered in
 * order; further commands wait without blocking. Each command has the
 * {@link LettuceZdbOptions#commandTimeout() command timeout}; a timeout or protocol error drops the
 * connection (its state is unknown) and the next command reconnects and re-selects. Failed commands are never
 * replayed (a sequential {@code SET ""} is not idempotent).
 *
 * <p>Replies are emitted on lettuce's I/O threads: move CPU-heavy work elsewhere ({@code publishOn}). A value
 * passed to {@link #set(byte[], ByteBuffer)} is read when the command is written, so it must not change until
 * the returned Mono completes; its position is left untouched. Values returned by {@link #get(byte[])} are
 * heap buffers owned by the caller.
 */
public final class LettuceZdbNamespace implements ZdbNamespace {

    /** The largest value 0-db accepts: 8 MiB. */
    public static final int MAX_VALUE_BYTES = 8 * 1024 * 1024;

    /** The longest key 0-db accepts. */
    public static final int MAX_KEY_BYTES = 255;

    private final BackendSpec spec;
    private final NamespaceMode mode;
    private final ZdbSession session;
    private final InFlightLimiter limiter;
    private final Runnable onClose;
    private final String display;

    LettuceZdbNamespace(BackendSpec spec, NamespaceMode mode, ZdbSession session, int maxInFlight, Runnable onClose) {
        this.spec = spec;
        this.mode = mode;
        this.session = session;
        this.limiter = new InFlightLimiter(maxInFlight);
        this.onClose = onClose;
        this.display = spec.displayName();
    }

    @Override
    public BackendSpec spec() {
        return spec;
    }

    /** The mode this namespace was opened for (checked against NSINFO on open). */
    public NamespaceMode mode() {
        return mode;
    }

    /** Commands currently holding an in-flight permit (for metrics and tests). */
    public int inFlight() {
        return limiter.inUse();
    }

    /** Commands waiting for an in-flight permit (for metrics and tests). */
    public int waiting() {
        return limiter.waiting();
    }

    @Override
    public Mono<byte[]> set(byte[] key, ByteBuffer value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return Mono.defer(() -> {
            checkKey("SET", key);
            if (value.remaining() > MAX_VALUE_BYTES) {
                return Mono.error(new ZdbException(ZdbErrorKind.VALUE_TOO_LARGE, display,
                        "SET: value of " + value.remaining() + " bytes exceeds the 0-db limit of " + MAX_VALUE_BYTES));
            }
            return execute("SET", c -> c.dispatch(ZdbCommand.SET, new ByteArrayOutput<>(ZdbCodec.INSTANCE),
                            new CommandArgs<>(ZdbCodec.INSTANCE).addKey(key).addValue(value)))
                    .flatMap(reply -> key.length == 0 && reply.length != 4 && reply.length != 8
                            ? Mono.error(new ZdbException(ZdbErrorKind.PROTOCOL, display,
                                    "SET: generated key has " + reply.length + " bytes, expected 4 or 8"))
                            : Mono.just(reply));
        });
    }

    @Override
    public Mono<ByteBuffer> get(byte[] key) {
        Objects.requireNonNull(key, "key");
        return Mono.defer(() -> {
            checkKey("GET", key);
            return execute("GET", c -> c.dispatch(ZdbCommand.GET, new ValueOutput<>(ZdbCodec.INSTANCE),
                    new CommandArgs<>(ZdbCodec.INSTANCE).addKey(key)));
        });
    }

    @Override
    public Mono<ByteBuffer> get(byte[] key, IntFunction<byte[]> arrays) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(arrays, "arrays");
        return Mono.defer(() -> {
            checkKey("GET", key);
            return execute("GET", c -> c.dispatch(ZdbCommand.GET, new LentArrayOutput(arrays),
                    new CommandArgs<>(ZdbCodec.INSTANCE).addKey(key)));
        });
    }

    @Override
    public Mono<Boolean> delete(byte[] key) {
        Objects.requireNonNull(key, "key");
        return Mono.defer(() -> {
            checkKey("DEL", key);
            return execute("DEL", c -> c.dispatch(ZdbCommand.DEL, new DeleteOutput(),
                    new CommandArgs<>(ZdbCodec.INSTANCE).addKey(key)));
        });
    }

    @Override
    public Mono<Boolean> exists(byte[] key) {
        Objects.requireNonNull(key, "key");
        return Mono.defer(() -> {
            checkKey("EXISTS", key);
            return execute("EXISTS", c -> c.dispatch(ZdbCommand.EXISTS, new IntegerOutput<>(ZdbCodec.INSTANCE),
                    new CommandArgs<>(ZdbCodec.INSTANCE).addKey(key)))
                    .map(n -> n == 1L);
        });
    }

    @Override
    public Flux<ScanEntry> scan() {
        return page(null)
                .expand(p -> p.isEnd() ? Mono.empty() : page(p.cursor()))
                .concatMapIterable(ScanPage::entries);
    }

    private Mono<ScanPage> page(byte[] cursor) {
        CommandArgs<byte[], ByteBuffer> args = new CommandArgs<>(ZdbCodec.INSTANCE);
        if (cursor != null) {
            args.add(cursor);
        }
        return execute("SCAN", c -> c.dispatch(ZdbCommand.SCAN, new ScanOutput(), args))
                .switchIfEmpty(Mono.error(() -> new ZdbException(ZdbErrorKind.PROTOCOL, display, "SCAN: malformed reply")))
                .flatMap(p -> cursor != null && !p.isEnd() && Arrays.equals(cursor, p.cursor())
                        ? Mono.error(new ZdbException(ZdbErrorKind.PROTOCOL, display, "SCAN: cursor did not advance"))
                        : Mono.just(p));
    }

    @Override
    public Mono<Long> size() {
        return execute("DBSIZE", c -> c.dispatch(ZdbCommand.DBSIZE, new IntegerOutput<>(ZdbCodec.INSTANCE),
                new CommandArgs<>(ZdbCodec.INSTANCE)));
    }

    @Override
    public Mono<NamespaceInfo> info() {
        String name = spec.namespaceName();
        return execute("NSINFO", c -> c.dispatch(ZdbCommand.NSINFO, new ByteArrayOutput<>(ZdbCodec.INSTANCE),
                        new CommandArgs<>(ZdbCodec.INSTANCE).add(name.getBytes(StandardCharsets.UTF_8))))
                .switchIfEmpty(Mono.error(() -> new ZdbException(ZdbErrorKind.PROTOCOL, display, "NSINFO: empty reply")))
                .map(bytes -> NamespaceInfoParser.parse(bytes, name));
    }

    @Override
    public Mono<Void> ping() {
        return execute("PING", c -> c.dispatch(ZdbCommand.PING, new StatusOutput<>(ZdbCodec.INSTANCE),
                new CommandArgs<>(ZdbCodec.INSTANCE)))
                .flatMap(reply -> "PONG".equalsIgnoreCase(reply) ? Mono.<Void>empty()
                        : Mono.error(new ZdbException(ZdbErrorKind.PROTOCOL, display, "PING: unexpected reply")));
    }

    @Override
    public Mono<Void> close() {
        return session.close().doFinally(s -> onClose.run());
    }

    @Override
    public String toString() {
        return "LettuceZdbNamespace[" + display + ", " + mode + "]";
    }

    /** Runs one command with a permit, a connection, and error translation. */
    private <T> Mono<T> execute(String operation,
                                Function<RedisAsyncCommands<byte[], ByteBuffer>, RedisFuture<T>> command) {
        return limiter.withPermit(() -> session.connection().flatMap(conn ->
                Mono.fromCompletionStage(() -> command.apply(conn.async()))
                        .onErrorMap(e -> {
                            ZdbException z = ZdbErrors.map(display, operation, e);
                            if (z.kind() == ZdbErrorKind.TIMEOUT || z.kind() == ZdbErrorKind.PROTOCOL
                                    || z.kind() == ZdbErrorKind.UNREACHABLE) {
                                session.invalidate(conn);
                            }
                            return z;
                        })));
    }

    private void checkKey(String operation, byte[] key) {
        if (key.length > MAX_KEY_BYTES) {
            throw new ZdbException(ZdbErrorKind.VALUE_TOO_LARGE, display,
                    operation + ": key of " + key.length + " bytes exceeds the 0-db limit of " + MAX_KEY_BYTES);
        }
    }
}
