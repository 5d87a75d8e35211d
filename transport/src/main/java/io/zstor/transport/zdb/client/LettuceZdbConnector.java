package io.zstor.transport.zdb.client;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbConnector;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.backend.ZdbNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Opens 0-db namespaces over TCP with lettuce; the production {@link ZdbConnector}.
 *
 * <p>One connector owns one lettuce client and its event loops; each {@link #open(BackendSpec, NamespaceMode)}
 * creates one connection for that backend and namespace (open each backend once and share the namespace).
 * Lettuce is configured for 0-db: RESP2 without {@code HELLO}, no connect {@code PING}, no
 * {@code CLIENT SETINFO} or maintenance notifications, no auto-reconnect (the namespace reconnects itself and
 * re-selects), commands rejected while disconnected, a fixed timeout on every command.
 */
public final class LettuceZdbConnector implements ZdbConnector {

    private final LettuceZdbOptions options;
    private final ClientResources resources;
    private final RedisClient client;
    private final Set<LettuceZdbNamespace> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private LettuceZdbConnector(LettuceZdbOptions options) {
        this.options = options;
        DefaultClientResources.Builder resourcesBuilder = DefaultClientResources.builder();
        if (options.ioThreads() > 0) {
            resourcesBuilder.ioThreadPoolSize(options.ioThreads()).computationThreadPoolSize(options.ioThreads());
        }
        this.resources = resourcesBuilder.build();
        this.client = RedisClient.create(resources);
        this.client.setOptions(clientOptions(options));
    }

    /** A connector with the given options; call {@link #close()} to release its threads. */
    public static LettuceZdbConnector create(LettuceZdbOptions options) {
        return new LettuceZdbConnector(Objects.requireNonNull(options, "options"));
    }

    /** A connector with {@link LettuceZdbOptions#defaults()}. */
    public static LettuceZdbConnector create() {
        return create(LettuceZdbOptions.defaults());
    }

    /** The options of this connector. */
    public LettuceZdbOptions options() {
        return options;
    }

    /**
     * Connects (with retries and backoff), selects the namespace (with its password, in the configured
     * {@link ZdbAuthMode}) and checks that NSINFO reports {@code expectedMode}; a reply without a mode line is
     * accepted.
     */
    @Override
    public Mono<ZdbNamespace> open(BackendSpec spec, NamespaceMode expectedMode) {
        return openNamespace(spec, expectedMode).cast(ZdbNamespace.class);
    }

    /** {@link #open(BackendSpec, NamespaceMode)} with the concrete type. */
    public Mono<LettuceZdbNamespace> openNamespace(BackendSpec spec, NamespaceMode expectedMode) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(expectedMode, "expectedMode");
        return Mono.defer(() -> {
            if (closed.get()) {
                return Mono.error(new ZdbException(ZdbErrorKind.UNREACHABLE, spec.displayName(), "connector is closed"));
            }
            ZdbAddress address;
            try {
                address = ZdbAddress.parse(spec.address());
            } catch (IllegalArgumentException e) {
                return Mono.error(new ZdbException(ZdbErrorKind.UNREACHABLE, spec.displayName(), e.getMessage()));
            }
            RedisURI uri = RedisURI.builder()
                    .withHost(address.host())
                    .withPort(address.port())
                    .withTimeout(options.commandTimeout())
                    .withLibraryName("")
                    .withLibraryVersion("")
                    .build();
            ZdbSession session = new ZdbSession(client, uri, spec, options);
            LettuceZdbNamespace[] holder = new LettuceZdbNamespace[1];
            LettuceZdbNamespace namespace = new LettuceZdbNamespace(spec, expectedMode, session, options.maxInFlight(),
                    () -> open.remove(holder[0]));
            holder[0] = namespace;
            open.add(namespace);
            return session.connection()
                    .then(namespace.info())
                    .flatMap(info -> info.mode() != null && info.mode() != expectedMode
                            ? Mono.<LettuceZdbNamespace>error(new ZdbException(ZdbErrorKind.WRONG_MODE, spec.displayName(),
                                    "namespace is in mode " + info.mode().nsinfoName() + ", expected " + expectedMode.nsinfoName()))
                            : Mono.just(namespace))
                    .onErrorResume(e -> namespace.close().then(Mono.error(e)));
        });
    }

    /** Closes every namespace this connector opened, then the lettuce client and its event loops. */
    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            if (!closed.compareAndSet(false, true)) {
                return Mono.empty();
            }
            List<LettuceZdbNamespace> namespaces = new ArrayList<>(open);
            return Flux.fromIterable(namespaces).flatMap(LettuceZdbNamespace::close).then()
                    .then(Mono.fromCompletionStage(() -> client.shutdownAsync(0, 2, TimeUnit.SECONDS)))
                    .then(Mono.<Void>create(sink -> resources.shutdown(0, 2, TimeUnit.SECONDS)
                            .addListener(f -> sink.success())));
        });
    }

    @Override
    public String toString() {
        return "LettuceZdbConnector[" + options + ", open=" + open.size() + "]";
    }

    private static ClientOptions clientOptions(LettuceZdbOptions options) {
        return ClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP2)
                .pingBeforeActivateConnection(false)
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                .publishOnScheduler(false)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(options.connectTimeout())
                        .tcpNoDelay(true)
                        .keepAlive(true)
                        .build())
                .timeoutOptions(TimeoutOptions.builder().fixedTimeout(options.commandTimeout()).build())
                .build();
    }
}
