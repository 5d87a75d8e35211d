package io.zstor.transport.zdb.client;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbNamespace;
import io.zstor.transport.zdb.server.ZdbServer;
import io.zstor.transport.zdb.server.ZdbServerOptions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link ZdbNamespaceContract} for {@link LettuceZdbNamespace} against the embedded server over TCP. */
class LettuceZdbNamespaceContractTest extends ZdbNamespaceContract {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static ZdbServer server;
    private static ZdbAdmin admin;
    private static LettuceZdbConnector connector;

    @BeforeAll
    static void startServer() {
        server = ZdbServer.start(ZdbServerOptions.builder().build());
        admin = new ZdbAdmin(server.address());
        connector = LettuceZdbConnector.create(LettuceZdbOptions.builder().ioThreads(2).build());
    }

    @AfterAll
    static void stopServer() throws Exception {
        connector.close().block(WAIT);
        admin.close();
        server.close();
    }

    private ZdbNamespace open(boolean sequential) {
        String name = (sequential ? "seq" : "user") + IDS.incrementAndGet();
        admin.createNamespace(name, sequential, null, 0);
        BackendSpec spec = BackendSpec.of("127.0.0.1:" + server.port(), name);
        return connector.open(spec, sequential ? NamespaceMode.SEQUENTIAL : NamespaceMode.USER).block(WAIT);
    }

    @Override
    protected ZdbNamespace newSequentialNamespace() {
        return open(true);
    }

    @Override
    protected ZdbNamespace newUserNamespace() {
        return open(false);
    }
}
