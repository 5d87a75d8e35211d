package io.zstor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbConnector;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.backend.ZdbNamespace;
import io.zstor.engine.testing.InMemoryZdb;
import io.zstor.engine.testing.InMemoryZdbConnector;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class NamespacePoolTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    final InMemoryZdbConnector memory = new InMemoryZdbConnector();
    final BackendSpec spec = BackendSpec.of("10.1.1.1:9900", "ns");
    final InMemoryZdb zdb = memory.add(spec, NamespaceMode.SEQUENTIAL);
    final TrackingConnector connector = new TrackingConnector(memory);
    final NamespacePool pool = new NamespacePool(connector);

    @Test
    void opensOnceAndSharesTheNamespace() {
        var a = pool.open(spec, NamespaceMode.SEQUENTIAL).block(WAIT);
        var b = pool.open(spec, NamespaceMode.SEQUENTIAL).block(WAIT);
        assertThat(a).isSameAs(b);
        assertThat(memory.opens()).isEqualTo(1);
    }

    @Test
    void failedOpensAreRetriedAndTyped() {
        zdb.offline(true);
        assertThatThrownBy(() -> pool.open(spec, NamespaceMode.SEQUENTIAL).block(WAIT))
                .isInstanceOfSatisfying(ZdbException.class, e -> assertThat(e.kind()).isEqualTo(ZdbErrorKind.UNREACHABLE));
        zdb.offline(false);
        assertThat(pool.open(spec, NamespaceMode.SEQUENTIAL).block(WAIT)).isNotNull();
        assertThatThrownBy(() -> pool.open(spec, NamespaceMode.USER).block(WAIT))
                .isInstanceOfSatisfying(ZdbException.class, e -> assertThat(e.kind()).isEqualTo(ZdbErrorKind.WRONG_MODE));
    }

    @Test
    void aFailureReportedOnANamespaceThatStillAnswersDoesNotCloseItUnderItsOtherUsers() {
        ZdbNamespace shared = pool.open(spec, NamespaceMode.SEQUENTIAL).block(WAIT);
        // e.g. a health check that timed out on a busy backend, then operations still holding an older instance
        pool.invalidate(spec, NamespaceMode.SEQUENTIAL);
        pool.invalidate(spec, NamespaceMode.SEQUENTIAL);
        shared.ping().block(WAIT);
        assertThat(pool.open(spec, NamespaceMode.SEQUENTIAL).block(WAIT)).isSameAs(shared);
        assertThat(connector.closes).hasValue(0);
        assertThat(memory.opens()).isEqualTo(1);
        assertThat(connector.pings).as("each report checked the namespace").hasValue(3);
    }

    @Test
    void aNamespaceThatFailsItsCheckIsClosedAndTheNextOpenReconnects() {
        ZdbNamespace before = pool.open(spec, NamespaceMode.SEQUENTIAL).block(WAIT);
        zdb.offline(true);
        pool.invalidate(spec, NamespaceMode.SEQUENTIAL);
        assertThat(connector.closes).hasValue(1);
        assertThatThrownBy(() -> pool.open(spec, NamespaceMode.SEQUENTIAL).block(WAIT))
                .isInstanceOfSatisfying(ZdbException.class, e -> assertThat(e.kind()).isEqualTo(ZdbErrorKind.UNREACHABLE));
        zdb.offline(false);
        ZdbNamespace after = pool.open(spec, NamespaceMode.SEQUENTIAL).block(WAIT);
        assertThat(after).isNotSameAs(before);
        after.ping().block(WAIT);
        assertThat(memory.opens()).isEqualTo(2);
    }

    @Test
    void aNamespaceThatDoesNotAnswerItsCheckInTimeIsClosedAndReportsMeanwhileJoinTheCheck() throws Exception {
        NamespacePool quick = new NamespacePool(connector, Duration.ofMillis(100));
        ZdbNamespace hung = quick.open(spec, NamespaceMode.SEQUENTIAL).block(WAIT);
        connector.pingHangs.set(true);
        for (int i = 0; i < 5; i++) {
            quick.invalidate(spec, NamespaceMode.SEQUENTIAL);
        }
        assertThat(connector.pings).hasValue(1);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (connector.closes.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(connector.closes).hasValue(1);
        connector.pingHangs.set(false);
        ZdbNamespace fresh = quick.open(spec, NamespaceMode.SEQUENTIAL).block(WAIT);
        assertThat(fresh).isNotSameAs(hung);
        fresh.ping().block(WAIT);
    }

    /**
     * The in-memory connector with namespaces that count their PINGs and closes, can stop answering PING, and
     * fail after close as the TCP client does.
     */
    static final class TrackingConnector implements ZdbConnector {

        final ZdbConnector delegate;
        final AtomicInteger pings = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final AtomicBoolean pingHangs = new AtomicBoolean();

        TrackingConnector(ZdbConnector delegate) {
            this.delegate = delegate;
        }

        @Override
        public Mono<ZdbNamespace> open(BackendSpec spec, NamespaceMode expectedMode) {
            return delegate.open(spec, expectedMode).map(this::tracked);
        }

        @Override
        public Mono<Void> close() {
            return delegate.close();
        }

        private ZdbNamespace tracked(ZdbNamespace ns) {
            AtomicBoolean closed = new AtomicBoolean();
            return (ZdbNamespace) Proxy.newProxyInstance(ZdbNamespace.class.getClassLoader(),
                    new Class<?>[] {ZdbNamespace.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "close":
                                closes.incrementAndGet();
                                closed.set(true);
                                return Mono.empty();
                            case "ping":
                                pings.incrementAndGet();
                                if (closed.get()) {
                                    return Mono.error(new ZdbException(ZdbErrorKind.UNREACHABLE, ns.spec().displayName(),
                                            "connection closed by the client"));
                                }
                                return pingHangs.get() ? Mono.never() : ns.ping();
                            default:
                                try {
                                    return method.invoke(ns, args);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                        }
                    });
        }
    }
}
