package io.zstor.transport.zdb.client;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.Secret;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * The connection of one namespace: connects lazily, re-connects after the connection broke (with backoff)
 * and always re-sends {@code SELECT} with the password, so commands after a reconnect land in the right
 * namespace. Concurrent callers share one connect attempt. After all attempts failed, commands fail fast
 * with the same error for {@link LettuceZdbOptions#reconnectMaxBackoff()}.
 */
final class ZdbSession {

    private static final Logger LOG = LoggerFactory.getLogger(ZdbSession.class);
    /** Longest a close waits for lettuce before giving the connection up. */
    private static final java.time.Duration CLOSE_TIMEOUT = java.time.Duration.ofSeconds(2);

    /** Connection state, swapped atomically. */
    private sealed interface State permits Idle, Connecting, Connected, Failed, Closed {
    }

    private record Idle() implements State {
    }

    private record Connecting(Mono<StatefulRedisConnection<byte[], ByteBuffer>> result) implements State {
    }

    private record Connected(StatefulRedisConnection<byte[], ByteBuffer> connection) implements State {
    }

    private record Failed(ZdbException error, long untilNanos) implements State {
    }

    private record Closed() implements State {
    }

    private final RedisClient client;
    private final RedisURI uri;
    private final BackendSpec spec;
    private final LettuceZdbOptions options;
    private final String display;
    private final AtomicReference<State> state = new AtomicReference<>(new Idle());

    ZdbSession(RedisClient client, RedisURI uri, BackendSpec spec, LettuceZdbOptions options) {
        this.client = client;
        this.uri = uri;
        this.spec = spec;
        this.options = options;
        this.display = spec.displayName();
    }

    /** An open, selected connection; starts or joins a (re)connect when there is none. */
    Mono<StatefulRedisConnection<byte[], ByteBuffer>> connection() {
        return Mono.defer(this::currentOrConnect);
    }

    private Mono<StatefulRedisConnection<byte[], ByteBuffer>> currentOrConnect() {
        while (true) {
            State s = state.get();
            if (s instanceof Closed) {
                return Mono.error(closedError());
            }
            if (s instanceof Connected c && c.connection().isOpen()) {
                return Mono.just(c.connection());
            }
            if (s instanceof Connecting k) {
                return k.result();
            }
            if (s instanceof Failed f && System.nanoTime() - f.untilNanos() < 0) {
                return Mono.error(f.error());
            }
            Sinks.One<StatefulRedisConnection<byte[], ByteBuffer>> sink = Sinks.one();
            Connecting attempt = new Connecting(sink.asMono());
            if (!state.compareAndSet(s, attempt)) {
                continue;
            }
            if (s instanceof Connected dead) {
                LOG.debug("zdb {}: connection lost, reconnecting", display);
                closeQuietly(dead.connection());
            }
            establish().subscribe(
                    conn -> {
                        if (state.compareAndSet(attempt, new Connected(conn))) {
                            sink.tryEmitValue(conn);
                        } else {
                            closeQuietly(conn);
                            sink.tryEmitError(closedError());
                        }
                    },
                    error -> {
                        ZdbException z = ZdbErrors.map(display, "connect", error);
                        long until = System.nanoTime() + options.reconnectMaxBackoff().toNanos();
                        state.compareAndSet(attempt, new Failed(z, until));
                        sink.tryEmitError(z);
                    });
            return attempt.result();
        }
    }

    /**
     * Drops {@code connection} if it is the current one (after a timeout or a protocol error its state is
     * unknown); the next command reconnects.
     */
    void invalidate(StatefulRedisConnection<byte[], ByteBuffer> connection) {
        State s = state.get();
        if (s instanceof Connected c && c.connection() == connection && state.compareAndSet(s, new Idle())) {
            LOG.debug("zdb {}: dropping connection after a failure", display);
            closeQuietly(connection);
        }
    }

    /** Closes the connection; later calls fail with {@code UNREACHABLE}. */
    Mono<Void> close() {
        return Mono.defer(() -> {
            State previous = state.getAndSet(new Closed());
            if (previous instanceof Connected c && c.connection().isOpen()) {
                // lettuce's closeAsync can stay pending on a connection that was reset mid-command: bound it
                return Mono.fromCompletionStage(c.connection().closeAsync())
                        .timeout(CLOSE_TIMEOUT)
                        .onErrorResume(e -> Mono.empty());
            }
            return Mono.empty();
        });
    }

    /** True once {@link #close()} was called. */
    boolean isClosed() {
        return state.get() instanceof Closed;
    }

    private ZdbException closedError() {
        return new ZdbException(ZdbErrorKind.UNREACHABLE, display, "connection closed by the client");
    }

    private Mono<StatefulRedisConnection<byte[], ByteBuffer>> establish() {
        return connectOnce().retryWhen(Retry.backoff(options.reconnectAttempts(), options.reconnectInitialBackoff())
                .maxBackoff(options.reconnectMaxBackoff())
                .filter(e -> e instanceof ZdbException z && z.kind() == ZdbErrorKind.UNREACHABLE)
                .onRetryExhaustedThrow((retry, signal) -> signal.failure()));
    }

    private Mono<StatefulRedisConnection<byte[], ByteBuffer>> connectOnce() {
        return Mono.defer(() -> Mono.fromCompletionStage(client.connectAsync(ZdbCodec.INSTANCE, uri)))
                .onErrorMap(e -> ZdbErrors.map(display, "connect", e))
                .flatMap(conn -> select(conn)
                        .timeout(options.connectTimeout(), Mono.error(() -> new ZdbException(ZdbErrorKind.TIMEOUT, display,
                                "SELECT: no reply within " + options.connectTimeout().toMillis() + " ms")))
                        .onErrorResume(e -> {
                            closeQuietly(conn);
                            return Mono.error(ZdbErrors.map(display, "SELECT", e));
                        })
                        .thenReturn(conn));
    }

    /** Selects the namespace: nothing for the default namespace without password, else SELECT (plain or SECURE). */
    private Mono<Void> select(StatefulRedisConnection<byte[], ByteBuffer> conn) {
        if (spec.namespace().isEmpty() && spec.password().isEmpty()) {
            return Mono.empty();
        }
        byte[] ns = spec.namespaceName().getBytes(StandardCharsets.UTF_8);
        if (spec.password().isEmpty()) {
            return status(conn, ZdbCommand.SELECT, new CommandArgs<>(ZdbCodec.INSTANCE).add(ns));
        }
        Secret password = spec.password().get();
        if (options.authMode() == ZdbAuthMode.PLAIN) {
            return status(conn, ZdbCommand.SELECT, new CommandArgs<>(ZdbCodec.INSTANCE).add(ns).add(password.revealBytes()));
        }
        return Mono.fromCompletionStage(() -> conn.async().dispatch(ZdbCommand.AUTH, new StatusOutput<>(ZdbCodec.INSTANCE),
                        new CommandArgs<>(ZdbCodec.INSTANCE).add("SECURE").add("CHALLENGE")))
                .onErrorMap(e -> ZdbErrors.map(display, "AUTH SECURE CHALLENGE", e))
                .flatMap(nonce -> status(conn, ZdbCommand.SELECT, new CommandArgs<>(ZdbCodec.INSTANCE)
                        .add(ns).add("SECURE").add(secureHash(nonce, password))));
    }

    private Mono<Void> status(StatefulRedisConnection<byte[], ByteBuffer> conn, ZdbCommand command,
                              CommandArgs<byte[], ByteBuffer> args) {
        return Mono.fromCompletionStage(() -> conn.async().dispatch(command, new StatusOutput<>(ZdbCodec.INSTANCE), args))
                .onErrorMap(e -> ZdbErrors.map(display, command.name(), e))
                .then();
    }

    /** Lowercase hex SHA-1 of {@code nonce:password}, as 0-db checks it. */
    static String secureHash(String nonce, Secret password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce.strip().getBytes(StandardCharsets.US_ASCII));
            sha1.update((byte) ':');
            sha1.update(password.revealBytes());
            return HexFormat.of().formatHex(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available in this JVM", e);
        }
    }

    private static void closeQuietly(StatefulRedisConnection<byte[], ByteBuffer> conn) {
        if (conn.isOpen()) {
            conn.closeAsync().exceptionally(e -> null);
        }
    }
}
