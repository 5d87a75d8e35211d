package io.zstor.transport.zdb.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbNamespace;
import io.zstor.transport.zdb.server.ZdbServer;
import io.zstor.transport.zdb.server.ZdbServerOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    @Test
    void getCopiesTheValueIntoTheLentArrayEvenALongerOneAndReplacesOneTooShort() {
        ZdbNamespace ns = newSequentialNamespace();
        byte[] value = new byte[1 << 20];
        new Random(3).nextBytes(value);
        byte[] k = ns.set(new byte[0], ByteBuffer.wrap(value)).block(WAIT);
        byte[] lent = new byte[value.length];
        List<Integer> asked = new ArrayList<>();
        ByteBuffer back = ns.get(k, n -> {
            asked.add(n);
            return lent;
        }).block(WAIT);
        assertThat(asked).containsExactly(value.length);
        assertThat(back.array()).isSameAs(lent);
        assertThat(back.position()).isZero();
        assertThat(back.remaining()).isEqualTo(value.length);
        assertThat(lent).isEqualTo(value);

        byte[] longer = new byte[value.length + 100];
        Arrays.fill(longer, (byte) 7);
        ByteBuffer fromLonger = ns.get(k, n -> longer).block(WAIT);
        assertThat(fromLonger.array()).isSameAs(longer);
        assertThat(fromLonger.arrayOffset()).isZero();
        assertThat(fromLonger.position()).isZero();
        assertThat(fromLonger.remaining()).isEqualTo(value.length);
        assertThat(Arrays.copyOf(longer, value.length)).isEqualTo(value);
        assertThat(Arrays.copyOfRange(longer, value.length, longer.length)).containsOnly(7); // the rest untouched

        byte[] tooShort = new byte[10];
        ByteBuffer other = ns.get(k, n -> tooShort).block(WAIT);
        assertThat(other.array()).isNotSameAs(tooShort).isEqualTo(value);
        assertThat(tooShort).containsOnly(0);
    }
}
