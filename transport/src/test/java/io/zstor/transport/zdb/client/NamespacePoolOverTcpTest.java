package io.zstor.transport.zdb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.engine.NamespacePool;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.backend.ZdbNamespace;
import io.zstor.transport.zdb.server.ZdbServer;
import io.zstor.transport.zdb.server.ZdbServerOptions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's {@link NamespacePool} over the TCP connector and the embedded server: a failure reported by
 * one operation does not close the namespace the others share, and a backend that really went away is
 * reconnected once it is back.
 */
class NamespacePoolOverTcpTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private ZdbServer server;
    private LettuceZdbConnector connector;

    @AfterEach
    void tearDown() {
        if (connector != null) {
            connector.close().block(WAIT);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aFailureReportedByOneOperationDoesNotCloseTheNamespaceTheOthersShare() {
        server = ZdbServer.start(ZdbServerOptions.builder().build());
        connector = LettuceZdbConnector.create(LettuceZdbOptions.builder().ioThreads(1).build());
        BackendSpec spec = new BackendSpec("127.0.0.1:" + server.port(), Optional.empty(), Optional.empty());
        NamespacePool pool = new NamespacePool(connector);
        ZdbNamespace a = pool.open(spec, NamespaceMode.USER).block(WAIT);   // operation A holds it
        pool.invalidate(spec, NamespaceMode.USER);                          // e.g. a health check timed out
        ZdbNamespace b = pool.open(spec, NamespaceMode.USER).block(WAIT);   // operation B
        b.ping().block(WAIT);
        // before, A's next command failed ("connection closed by the client") although the backend is fine,
        // and A's report of that failure closed B's fresh namespace in turn
        a.ping().block(WAIT);
        pool.invalidate(spec, NamespaceMode.USER);
        b.ping().block(WAIT);
        a.ping().block(WAIT);
    }

    @Test
    void aNamespaceWhoseServerWentAwayIsClosedAndTheNextOpenAfterTheRestartReconnects() throws Exception {
        server = ZdbServer.start(ZdbServerOptions.builder().build());
        int port = server.port();
        connector = LettuceZdbConnector.create(LettuceZdbOptions.builder().ioThreads(1)
                .connectTimeout(Duration.ofSeconds(1)).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build());
        BackendSpec spec = new BackendSpec("127.0.0.1:" + port, Optional.empty(), Optional.empty());
        NamespacePool pool = new NamespacePool(connector);
        ZdbNamespace before = pool.open(spec, NamespaceMode.USER).block(WAIT);
        server.close();
        server = null;
        assertThatThrownBy(() -> before.ping().block(WAIT)).isInstanceOfSatisfying(ZdbException.class,
                e -> assertThat(e.kind()).isEqualTo(ZdbErrorKind.UNREACHABLE));
        pool.invalidate(spec, NamespaceMode.USER);
        // the check fails in the background; then the pool holds nothing and an open tries to connect
        long deadline = System.nanoTime() + WAIT.toNanos();
        boolean dropped = false;
        while (!dropped && System.nanoTime() < deadline) {
            try {
                pool.open(spec, NamespaceMode.USER).block(WAIT);
                Thread.sleep(10);
            } catch (ZdbException e) {
                dropped = true;
            }
        }
        assertThat(dropped).as("the namespace of the stopped server was dropped").isTrue();
        server = ZdbServer.start(ZdbServerOptions.builder().port(port).build());
        ZdbNamespace after = pool.open(spec, NamespaceMode.USER).block(WAIT);
        assertThat(after).isNotSameAs(before);
        after.ping().block(WAIT);
    }
}
