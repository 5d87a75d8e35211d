package io.zstor.transport.zdb.server;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Command-line parsing of {@link ZdbServerMain}. */
class ZdbServerMainTest {

    @Test
    void parsesEveryOption() {
        ZdbServerOptions o = ZdbServerMain.parse(new String[] {"--listen", "127.0.0.1:19911", "--data", "/tmp/d",
            "--index", "/tmp/i", "--mode", "seq", "--admin", "adm", "--protect", "--maxsize", "1000", "--datasize",
            "2097152", "--sync"});
        assertThat(o.host()).isEqualTo("127.0.0.1");
        assertThat(o.port()).isEqualTo(19911);
        assertThat(o.dataDir()).contains(Path.of("/tmp/d"));
        assertThat(o.indexDir()).contains(Path.of("/tmp/i"));
        assertThat(o.mode()).isEqualTo(ZdbMode.SEQ);
        assertThat(o.adminPassword()).contains("adm");
        assertThat(o.protect()).isTrue();
        assertThat(o.defaultMaxSize()).isEqualTo(1000);
        assertThat(o.dataFileSize()).isEqualTo(2097152);
        assertThat(o.syncPolicy()).isEqualTo(SyncPolicy.EVERY_WRITE);
    }

    @Test
    void parsesListenForms() {
        InetSocketAddress v6 = ZdbServerMain.parseListen("[::1]:9901");
        assertThat(v6.getHostString()).isEqualTo("::1");
        assertThat(v6.getPort()).isEqualTo(9901);
        assertThat(ZdbServerMain.parseListen("localhost").getPort()).isEqualTo(9900);
        assertThat(ZdbServerMain.parseListen("::").getHostString()).isEqualTo("::");
        assertThat(ZdbServerMain.format("::1", 5)).isEqualTo("[::1]:5");
        assertThat(ZdbServerMain.format("127.0.0.1", 5)).isEqualTo("127.0.0.1:5");
    }

    @Test
    void rejectsBadArgumentsWithOneLineMessages() {
        assertThatThrownBy(() -> ZdbServerMain.parse(new String[] {"--bogus"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unknown option --bogus");
        assertThatThrownBy(() -> ZdbServerMain.parse(new String[] {"--port", "x"}))
                .hasMessage("--port needs a number, got x");
        assertThatThrownBy(() -> ZdbServerMain.parse(new String[] {"--mode", "fast"}))
                .hasMessage("--mode must be user, seq or mixed, got fast");
        assertThatThrownBy(() -> ZdbServerMain.parse(new String[] {"--protect"}))
                .hasMessage("protect needs an admin password");
        assertThatThrownBy(() -> ZdbServerMain.parse(new String[] {"--listen", "[::1"}))
                .hasMessage("bad --listen address [::1");
        assertThatThrownBy(() -> ZdbServerMain.parse(new String[] {"--data"})).hasMessage("--data needs a value");
    }

    @Test
    void ipv6LoopbackServerWorks() throws Exception {
        ZdbServer server;
        try {
            server = ZdbServer.start(ZdbServerOptions.builder().host("::1").build());
        } catch (RuntimeException noIpv6) {
            return; // no IPv6 loopback on this machine
        }
        try (server; RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("PING")).isEqualTo("+PONG\r\n");
        }
    }
}
