package io.zstor.transport.zdb.client;

import static io.zstor.transport.zdb.client.RespStubServer.bulk;
import static io.zstor.transport.zdb.client.RespStubServer.error;
import static io.zstor.transport.zdb.client.RespStubServer.raw;
import static io.zstor.transport.zdb.client.RespStubServer.simple;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.Secret;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.backend.ZdbNamespace;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a scripted RESP server: the exact commands on the wire (no HELLO, no CLIENT SETINFO, no
 * PING), plain and SECURE SELECT, timeouts against a silent server, reconnect with re-SELECT, odd replies.
 */
class LettuceZdbStubTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SEQ_INFO = "# namespace\nname: ns\nentries: 0\nmode: sequential\n";

    private LettuceZdbConnector connector;
    private RespStubServer server;

    @AfterEach
    void tearDown() throws Exception {
        if (connector != null) {
            connector.close().block(WAIT);
        }
        if (server != null) {
            server.close();
        }
    }

    private LettuceZdbConnector connector(LettuceZdbOptions options) {
        connector = LettuceZdbConnector.create(options);
        return connector;
    }

    private static LettuceZdbOptions.Builder fast() {
        return LettuceZdbOptions.builder()
                .connectTimeout(Duration.ofMillis(500))
                .commandTimeout(Duration.ofMillis(500))
                .reconnectAttempts(1)
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(50))
                .ioThreads(1);
    }

    /** A well-behaved sequential namespace "ns" with password "pw"; other commands answered by {@code more}. */
    private static Function<List<String>, byte[]> seqNamespace(Function<List<String>, byte[]> more) {
        return cmd -> switch (cmd.get(0)) {
            case "SELECT" -> cmd.size() == 3 && cmd.get(1).equals("ns") && cmd.get(2).equals("pw")
                    ? simple("OK") : error("Access denied");
            case "NSINFO" -> cmd.get(1).equals("ns") ? bulk(SEQ_INFO) : error("Namespace not found");
            default -> more.apply(cmd);
        };
    }

    private static BackendSpec spec(String address, String ns, String password) {
        return new BackendSpec(address, Optional.ofNullable(ns), Optional.ofNullable(password).map(Secret::of));
    }

    @Test
    void handshakeSendsOnlySelectWithPasswordThenNsinfo() throws Exception {
        server = RespStubServer.start(seqNamespace(cmd -> error("Command not supported")));
        ZdbNamespace ns = connector(fast().build()).open(spec(server.address(), "ns", "pw"), NamespaceMode.SEQUENTIAL).block(WAIT);
        assertThat(ns.spec().namespaceName()).isEqualTo("ns");
        assertThat(server.commands()).containsExactly(List.of("SELECT", "ns", "pw"), List.of("NSINFO", "ns"));
        assertThat(ns.toString()).doesNotContain("pw\"").contains("ns");
    }

    @Test
    void defaultNamespaceWithoutPasswordSendsNoSelect() throws Exception {
        server = RespStubServer.start(cmd -> cmd.get(0).equals("NSINFO")
                ? bulk("# namespace\nname: default\nmode: userkey\n") : error("Command not supported"));
        connector(fast().build()).open(spec(server.address(), null, null), NamespaceMode.USER).block(WAIT);
        assertThat(server.commands()).containsExactly(List.of("NSINFO", "default"));
    }

    @Test
    void secureSelectSendsHashOfChallengeNeverThePassword() throws Exception {
        String nonce = "229acc1ec1128cda";
        server = RespStubServer.start(cmd -> switch (cmd.get(0)) {
            case "AUTH" -> cmd.equals(List.of("AUTH", "SECURE", "CHALLENGE")) ? simple(nonce) : error("Invalid hash length");
            case "SELECT" -> cmd.equals(List.of("SELECT", "ns", "SECURE", "5581b7ff0aec876b0ccdd88b7483bcf9ddbec2a6"))
                    ? simple("OK") : error("Access denied");
            case "NSINFO" -> bulk(SEQ_INFO);
            default -> error("Command not supported");
        });
        connector(fast().authMode(ZdbAuthMode.SECURE).build())
                .open(spec(server.address(), "ns", "pw"), NamespaceMode.SEQUENTIAL).block(WAIT);
        assertThat(server.commands()).hasSize(3);
        assertThat(server.commands().toString()).doesNotContain(", pw");
    }

    @Test
    void wrongPasswordIsAuthenticationFailedWithoutThePasswordInTheMessage() throws Exception {
        server = RespStubServer.start(seqNamespace(cmd -> null));
        assertThatThrownBy(() -> connector(fast().build())
                .open(spec(server.address(), "ns", "s3cr3t-wrong"), NamespaceMode.SEQUENTIAL).block(WAIT))
                .isInstanceOfSatisfying(ZdbException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ZdbErrorKind.AUTHENTICATION_FAILED);
                    assertThat(e.getMessage()).contains("Access denied").doesNotContain("s3cr3t");
                    assertThat(e.backend()).isEqualTo(server.address() + " - ns");
                });
        assertThat(server.commands()).hasSize(1);
    }

    @Test
    void wrongModeIsReported() throws Exception {
        server = RespStubServer.start(seqNamespace(cmd -> null));
        assertThatThrownBy(() -> connector(fast().build()).open(spec(server.address(), "ns", "pw"), NamespaceMode.USER).block(WAIT))
                .isInstanceOfSatisfying(ZdbException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ZdbErrorKind.WRONG_MODE);
                    assertThat(e.getMessage()).contains("sequential", "userkey");
                });
    }

    @Test
    void sequentialSetTakesKeyLengthFromReply() throws Exception {
        server = RespStubServer.start(seqNamespace(cmd -> cmd.get(0).equals("SET")
                ? (cmd.get(2).equals("old") ? raw("$4\r\n\u0007\u0000\u0000\u0000\r\n") : raw("$3\r\nabc\r\n"))
                : null));
        ZdbNamespace ns = connector(fast().build()).open(spec(server.address(), "ns", "pw"), NamespaceMode.SEQUENTIAL).block(WAIT);
        assertThat(ns.set(new byte[0], ByteBuffer.wrap("old".getBytes())).block(WAIT)).containsExactly(7, 0, 0, 0);
        assertThatThrownBy(() -> ns.set(new byte[0], ByteBuffer.wrap("new".getBytes())).block(WAIT))
                .isInstanceOfSatisfying(ZdbException.class, e -> assertThat(e.kind()).isEqualTo(ZdbErrorKind.PROTOCOL));
    }

    @Test
    void openAgainstSilentServerTimesOutWithinConnectTimeout() throws Exception {
        server = RespStubServer.blackhole();
        long start = System.nanoTime();
        assertThatThrownBy(() -> connector(fast().build()).open(spec(server.address(), "ns", "pw"), NamespaceMode.SEQUENTIAL).block(WAIT))
                .isInstanceOfSatisfying(ZdbException.class, e -> assertThat(e.kind()).isEqualTo(ZdbErrorKind.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void commandAgainstServerThatStopsAnsweringTimesOutThenReconnectsAndReselects() throws Exception {
        server = RespStubServer.start(seqNamespace(cmd -> cmd.get(0).equals("PING") ? simple("PONG") : null));
        ZdbNamespace ns = connector(fast().build()).open(spec(server.address(), "ns", "pw"), NamespaceMode.SEQUENTIAL).block(WAIT);
        long start = System.nanoTime();
        assertThatThrownBy(() -> ns.get(new byte[8]).block(WAIT))
                .isInstanceOfSatisfying(ZdbException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ZdbErrorKind.TIMEOUT);
                    assertThat(e.getMessage()).contains("GET");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        ns.ping().block(WAIT);
        assertThat(server.commands()).containsExactly(List.of("SELECT", "ns", "pw"), List.of("NSINFO", "ns"),
                List.of("GET", "\0\0\0\0\0\0\0\0"), List.of("SELECT", "ns", "pw"), List.of("PING"));
    }

    @Test
    void reconnectsAfterConnectionDropAndReselects() throws Exception {
        server = RespStubServer.start(seqNamespace(cmd -> cmd.get(0).equals("PING") ? simple("PONG") : null));
        ZdbNamespace ns = connector(fast().build()).open(spec(server.address(), "ns", "pw"), NamespaceMode.SEQUENTIAL).block(WAIT);
        server.dropClients();
        // the drop is noticed asynchronously: retry the first command until the reconnect happened
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                ns.ping().block(WAIT);
                break;
            } catch (ZdbException e) {
                assertThat(e.kind()).isEqualTo(ZdbErrorKind.UNREACHABLE);
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(20);
            }
        }
        List<List<String>> cmds = server.commands();
        assertThat(cmds.get(cmds.size() - 2)).isEqualTo(List.of("SELECT", "ns", "pw"));
        assertThat(cmds.get(cmds.size() - 1)).isEqualTo(List.of("PING"));
    }

    @Test
    void malformedScanReplyIsProtocolError() throws Exception {
        server = RespStubServer.start(seqNamespace(cmd -> cmd.get(0).equals("SCAN") ? raw("*2\r\n:1\r\n:2\r\n") : null));
        ZdbNamespace ns = connector(fast().build()).open(spec(server.address(), "ns", "pw"), NamespaceMode.SEQUENTIAL).block(WAIT);
        assertThatThrownBy(() -> ns.scan().collectList().block(WAIT))
                .isInstanceOfSatisfying(ZdbException.class, e -> assertThat(e.kind()).isEqualTo(ZdbErrorKind.PROTOCOL));
    }

    @Test
    void scanStopsWhenCursorDoesNotAdvance() throws Exception {
        server = RespStubServer.start(seqNamespace(cmd -> cmd.get(0).equals("SCAN")
                ? raw("*2\r\n$3\r\ncur\r\n*1\r\n*3\r\n$1\r\nk\r\n:1\r\n:2\r\n") : null));
        ZdbNamespace ns = connector(fast().build()).open(spec(server.address(), "ns", "pw"), NamespaceMode.SEQUENTIAL).block(WAIT);
        assertThatThrownBy(() -> ns.scan().collectList().block(WAIT))
                .isInstanceOfSatisfying(ZdbException.class, e -> assertThat(e.getMessage()).contains("did not advance"));
    }

    @Test
    void refusedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LettuceZdbConnector c = connector(fast().reconnectBackoff(Duration.ofMillis(10), Duration.ofSeconds(30)).build());
        assertThatThrownBy(() -> c.open(spec("127.0.0.1:" + port, "ns", "pw"), NamespaceMode.SEQUENTIAL).block(WAIT))
                .isInstanceOfSatisfying(ZdbException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ZdbErrorKind.UNREACHABLE);
                    assertThat(e.getMessage()).startsWith("zdb 127.0.0.1:" + port + " - ns: connect:");
                });
    }

    @Test
    void serverGoneFailsUnreachableThenFailsFastDuringHold() throws Exception {
        server = RespStubServer.start(seqNamespace(cmd -> cmd.get(0).equals("PING") ? simple("PONG") : null));
        ZdbNamespace ns = connector(fast().reconnectBackoff(Duration.ofMillis(10), Duration.ofSeconds(30)).build())
                .open(spec(server.address(), "ns", "pw"), NamespaceMode.SEQUENTIAL).block(WAIT);
        server.close();
        long deadline = System.nanoTime() + WAIT.toNanos();
        ZdbException first = null;
        while (first == null || !first.getMessage().contains("connect:")) {
            try {
                ns.ping().block(WAIT);
            } catch (ZdbException e) {
                first = e;
            }
            assertThat(System.nanoTime()).isLessThan(deadline);
        }
        assertThat(first.kind()).isEqualTo(ZdbErrorKind.UNREACHABLE);
        long start = System.nanoTime();
        ZdbException again = org.assertj.core.api.Assertions.catchThrowableOfType(ZdbException.class, () -> ns.ping().block(WAIT));
        assertThat(again).isSameAs(first);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void invalidAddressIsOneLineError() {
        assertThatThrownBy(() -> connector(fast().build()).open(spec("::1:9900", "ns", null), NamespaceMode.USER).block(WAIT))
                .isInstanceOf(ZdbException.class)
                .hasMessageContaining("brackets");
    }

    @Test
    void oversizedValueAndKeyAreRejectedBeforeSending() throws Exception {
        server = RespStubServer.start(seqNamespace(cmd -> null));
        ZdbNamespace ns = connector(fast().build()).open(spec(server.address(), "ns", "pw"), NamespaceMode.SEQUENTIAL).block(WAIT);
        assertThatThrownBy(() -> ns.set(new byte[0], ByteBuffer.allocate(8 * 1024 * 1024 + 1)).block(WAIT))
                .isInstanceOfSatisfying(ZdbException.class, e -> assertThat(e.kind()).isEqualTo(ZdbErrorKind.VALUE_TOO_LARGE));
        assertThatThrownBy(() -> ns.get(new byte[256]).block(WAIT))
                .isInstanceOfSatisfying(ZdbException.class, e -> assertThat(e.kind()).isEqualTo(ZdbErrorKind.VALUE_TOO_LARGE));
        assertThat(server.commands()).hasSize(2);
    }

    @Test
    void closedNamespaceRejectsCommands() throws Exception {
        server = RespStubServer.start(seqNamespace(cmd -> null));
        ZdbNamespace ns = connector(fast().build()).open(spec(server.address(), "ns", "pw"), NamespaceMode.SEQUENTIAL).block(WAIT);
        ns.close().block(WAIT);
        assertThatThrownBy(() -> ns.ping().block(WAIT))
                .isInstanceOfSatisfying(ZdbException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ZdbErrorKind.UNREACHABLE);
                    assertThat(e.getMessage()).contains("closed");
                });
    }
}
