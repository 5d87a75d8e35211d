package io.zstor.engine.testing;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceInfo;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ScanEntry;
import io.zstor.engine.backend.ZdbConnector;
import io.zstor.engine.backend.ZdbNamespace;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A connector that lets a test step in before every SET, GET and DEL: to hold one back until another
 * operation has run (forcing one interleaving of two operations on a key every time), or to fail it.
 */
public final class HookedConnector implements ZdbConnector {

    /**
     * Runs before a command; the command is sent when the returned Mono completes, not at all when it fails.
     * Also runs as {@code SET-REPLY} once a SET was applied, before its reply reaches the caller: holding that
     * is a SET that landed on the backend while its answer is still on the way.
     */
    @FunctionalInterface
    public interface Hook {
        /** @param op {@code SET}, {@code SET-REPLY}, {@code GET} or {@code DEL} */
        Mono<Void> before(BackendSpec backend, String op, byte[] key);
    }

    private static final Hook NONE = (backend, op, key) -> Mono.empty();

    private final ZdbConnector delegate;
    private volatile Hook hook = NONE;

    /** @param delegate the connector whose namespaces carry out the commands */
    public HookedConnector(ZdbConnector delegate) {
        this.delegate = delegate;
    }

    /** Installs {@code next} in place of the current hook. */
    public void hook(Hook next) {
        this.hook = next;
    }

    /** Lets every command through again. */
    public void clear() {
        this.hook = NONE;
    }

    @Override
    public Mono<ZdbNamespace> open(BackendSpec spec, NamespaceMode expectedMode) {
        return delegate.open(spec, expectedMode).map(ns -> new Hooked(spec, ns));
    }

    @Override
    public Mono<Void> close() {
        return delegate.close();
    }

    private final class Hooked implements ZdbNamespace {
        private final BackendSpec spec;
        private final ZdbNamespace ns;

        Hooked(BackendSpec spec, ZdbNamespace ns) {
            this.spec = spec;
            this.ns = ns;
        }

        private Mono<Void> before(String op, byte[] key) {
            return Mono.defer(() -> hook.before(spec, op, key));
        }

        @Override
        public BackendSpec spec() {
            return ns.spec();
        }

        @Override
        public Mono<byte[]> set(byte[] key, ByteBuffer value) {
            return before("SET", key).then(Mono.defer(() -> ns.set(key, value)))
                    .flatMap(stored -> before("SET-REPLY", key).thenReturn(stored));
        }

        @Override
        public Mono<ByteBuffer> get(byte[] key) {
            return before("GET", key).then(Mono.defer(() -> ns.get(key)));
        }

        @Override
        public Mono<ByteBuffer> get(byte[] key, IntFunction<byte[]> arrays) {
            return before("GET", key).then(Mono.defer(() -> ns.get(key, arrays)));
        }

        @Override
        public Mono<Boolean> delete(byte[] key) {
            return before("DEL", key).then(Mono.defer(() -> ns.delete(key)));
        }

        @Override
        public Mono<Boolean> exists(byte[] key) {
            return ns.exists(key);
        }

        @Override
        public Flux<ScanEntry> scan() {
            return ns.scan();
        }

        @Override
        public Mono<Long> size() {
            return ns.size();
        }

        @Override
        public Mono<NamespaceInfo> info() {
            return ns.info();
        }

        @Override
        public Mono<Void> ping() {
            return ns.ping();
        }

        @Override
        public Mono<Void> close() {
            return ns.close();
        }
    }
}
