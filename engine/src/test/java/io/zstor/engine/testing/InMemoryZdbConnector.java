package io.zstor.engine.testing;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceInfo;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ScanEntry;
import io.zstor.engine.backend.ZdbConnector;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.backend.ZdbNamespace;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link ZdbConnector} over {@link InMemoryZdb} namespaces registered with {@link #add}. Opening checks
 * existence, reachability, password and mode like the TCP connector. {@link #close()} keeps the data, so
 * one connector can serve several engines in a test.
 */
public final class InMemoryZdbConnector implements ZdbConnector {

    private final Map<String, InMemoryZdb> namespaces = new ConcurrentHashMap<>();
    private final AtomicInteger opens = new AtomicInteger();

    /** Registers a namespace. */
    public InMemoryZdb add(BackendSpec spec, NamespaceMode mode) {
        InMemoryZdb zdb = new InMemoryZdb(spec, mode);
        namespaces.put(spec.displayName(), zdb);
        return zdb;
    }

    /** The namespace of {@code spec}. */
    public InMemoryZdb zdb(BackendSpec spec) {
        InMemoryZdb zdb = namespaces.get(spec.displayName());
        if (zdb == null) {
            throw new IllegalArgumentException("no such namespace " + spec);
        }
        return zdb;
    }

    /** Every registered namespace. */
    public Collection<InMemoryZdb> all() {
        return namespaces.values();
    }

    /** Successful opens so far. */
    public int opens() {
        return opens.get();
    }

    @Override
    public Mono<ZdbNamespace> open(BackendSpec spec, NamespaceMode expectedMode) {
        return Mono.fromCallable(() -> {
            InMemoryZdb zdb = namespaces.get(spec.displayName());
            if (zdb == null) {
                throw new ZdbException(ZdbErrorKind.NAMESPACE_NOT_FOUND, spec.displayName(), "Namespace not found");
            }
            zdb.checkOnline();
            if (!zdb.spec().password().equals(spec.password())) {
                throw new ZdbException(ZdbErrorKind.AUTHENTICATION_FAILED, spec.displayName(), "Access denied");
            }
            if (zdb.mode() != expectedMode) {
                throw new ZdbException(ZdbErrorKind.WRONG_MODE, spec.displayName(),
                        "namespace is in " + zdb.mode().nsinfoName() + " mode, expected " + expectedMode.nsinfoName());
            }
            opens.incrementAndGet();
            return new Handle(spec, zdb);
        });
    }

    @Override
    public Mono<Void> close() {
        return Mono.empty();
    }

    private record Handle(BackendSpec spec, InMemoryZdb zdb) implements ZdbNamespace {
        @Override
        public Mono<byte[]> set(byte[] key, ByteBuffer value) {
            return Mono.fromCallable(() -> zdb.set(key, value));
        }

        @Override
        public Mono<ByteBuffer> get(byte[] key) {
            return zdb.isHanging() ? Mono.never() : Mono.fromCallable(() -> zdb.get(key)).map(ByteBuffer::wrap);
        }

        /** Like the TCP client: the value copied into the lent array (so every engine test reuses piece arrays). */
        @Override
        public Mono<ByteBuffer> get(byte[] key, IntFunction<byte[]> arrays) {
            return get(key).map(v -> {
                int n = v.remaining();
                byte[] into = arrays.apply(n);
                if (into.length < n) {
                    into = new byte[n];
                }
                v.get(into, 0, n);
                zdb.lent(into);
                return ByteBuffer.wrap(into, 0, n);
            });
        }

        @Override
        public Mono<Boolean> delete(byte[] key) {
            return Mono.fromCallable(() -> zdb.delete(key));
        }

        @Override
        public Mono<Boolean> exists(byte[] key) {
            return Mono.fromCallable(() -> zdb.exists(key));
        }

        @Override
        public Flux<ScanEntry> scan() {
            return Mono.fromCallable(zdb::scan).flatMapIterable(l -> l);
        }

        @Override
        public Mono<Long> size() {
            return Mono.fromCallable(() -> (long) zdb.entryCount());
        }

        @Override
        public Mono<NamespaceInfo> info() {
            return Mono.fromCallable(zdb::info);
        }

        @Override
        public Mono<Void> ping() {
            return Mono.fromRunnable(zdb::checkOnline);
        }

        @Override
        public Mono<Void> close() {
            return Mono.empty();
        }
    }
}
