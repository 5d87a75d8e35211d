package io.zstor.transport.zdb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceInfo;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.Secret;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.backend.ZdbNamespace;
import io.zstor.transport.zdb.server.ZdbServer;
import io.zstor.transport.zdb.server.ZdbServerOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The client against the embedded 0-db server over real TCP: passwords (plain and SECURE), access rules,
 * missing namespaces, maxsize, reconnect after a server restart, backpressure and isolation between backends.
 */
class LettuceZdbServerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ZdbServer server;
    private ZdbAdmin admin;
    private LettuceZdbConnector connector;
    private RespStubServer stub;

    @AfterEach
    void tearDown() throws Exception {
        if (connector != null) {
            connector.close().block(WAIT);
        }
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    private void start(ZdbServerOptions options) {
        server = ZdbServer.start(options);
        admin = new ZdbAdmin(server.address());
    }

    private LettuceZdbConnector connector(LettuceZdbOptions.Builder options) {
        connector = LettuceZdbConnector.create(options.ioThreads(2).build());
        return connector;
    }

    private BackendSpec spec(String ns, String password) {
        return new BackendSpec("127.0.0.1:" + server.port(), Optional.ofNullable(ns), Optional.ofNullable(password).map(Secret::of));
    }

    private static ZdbErrorKind kindOf(Mono<?> mono) {
        try {
            mono.block(WAIT);
        } catch (ZdbException e) {
            return e.kind();
        }
        throw new AssertionError("expected a ZdbException");
    }

    private static ByteBuffer buf(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(ZdbAuthMode.class)
    void privateNamespaceNeedsTheRightPassword(ZdbAuthMode mode) {
        // 0-db answers AUTH SECURE CHALLENGE only when it has an admin password
        start(ZdbServerOptions.builder().adminPassword("adm").build());
        admin.ok("AUTH", "adm");
        admin.createNamespace("priv", false, "pw", 0);
        admin.ok("NSSET", "priv", "public", "0");
        LettuceZdbConnector c = connector(LettuceZdbOptions.builder().authMode(mode));

        ZdbNamespace ns = c.open(spec("priv", "pw"), NamespaceMode.USER).block(WAIT);
        assertThat(ns.set("k".getBytes(), buf("v")).block(WAIT)).isEqualTo("k".getBytes());

        ZdbException wrong = org.assertj.core.api.Assertions.catchThrowableOfType(ZdbException.class,
                () -> c.open(spec("priv", "hunter2"), NamespaceMode.USER).block(WAIT));
        assertThat(wrong.kind()).isEqualTo(ZdbErrorKind.AUTHENTICATION_FAILED);
        assertThat(wrong.getMessage()).contains("Access denied").doesNotContain("hunter2");
        assertThat(kindOf(c.open(spec("priv", null), NamespaceMode.USER))).isEqualTo(ZdbErrorKind.AUTHENTICATION_FAILED);
    }

    @Test
    void secureSelectOnServerWithoutAdminPasswordFailsClearly() {
        start(ZdbServerOptions.builder().build());
        admin.createNamespace("sec", false, "pw", 0);
        ZdbException e = org.assertj.core.api.Assertions.catchThrowableOfType(ZdbException.class,
                () -> connector(LettuceZdbOptions.builder().authMode(ZdbAuthMode.SECURE))
                        .open(spec("sec", "pw"), NamespaceMode.USER).block(WAIT));
        assertThat(e.kind()).isEqualTo(ZdbErrorKind.AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).contains("AUTH SECURE CHALLENGE: Authentication disabled");
    }

    @Test
    void publicProtectedNamespaceWithoutPasswordIsReadOnly() {
        start(ZdbServerOptions.builder().build());
        admin.createNamespace("pub", false, "pw", 0);
        LettuceZdbConnector c = connector(LettuceZdbOptions.builder());
        c.open(spec("pub", "pw"), NamespaceMode.USER).block(WAIT).set("k".getBytes(), buf("v")).block(WAIT);

        ZdbNamespace reader = c.open(spec("pub", null), NamespaceMode.USER).block(WAIT);
        assertThat(reader.get("k".getBytes()).map(b -> StandardCharsets.UTF_8.decode(b).toString()).block(WAIT)).isEqualTo("v");
        assertThat(kindOf(reader.set("k2".getBytes(), buf("x")))).isEqualTo(ZdbErrorKind.READ_ONLY);
        assertThat(kindOf(reader.delete("k".getBytes()))).isEqualTo(ZdbErrorKind.READ_ONLY);
    }

    @Test
    void missingNamespaceAndWrongModeAreTyped() {
        start(ZdbServerOptions.builder().build());
        admin.createNamespace("useronly", false, null, 0);
        LettuceZdbConnector c = connector(LettuceZdbOptions.builder());
        assertThat(kindOf(c.open(spec("nope", null), NamespaceMode.USER))).isEqualTo(ZdbErrorKind.NAMESPACE_NOT_FOUND);
        assertThat(kindOf(c.open(spec("nope", "pw"), NamespaceMode.USER))).isEqualTo(ZdbErrorKind.NAMESPACE_NOT_FOUND);
        assertThat(kindOf(c.open(spec("useronly", null), NamespaceMode.SEQUENTIAL))).isEqualTo(ZdbErrorKind.WRONG_MODE);
        // the default namespace: no SELECT at all
        assertThat(c.open(spec(null, null), NamespaceMode.USER).block(WAIT).info().block(WAIT).name()).isEqualTo("default");
    }

    @Test
    void fullNamespaceIsTypedAndInfoReportsTheRealFreeSpace() {
        start(ZdbServerOptions.builder().build());
        admin.createNamespace("cap", true, null, 1000);
        ZdbNamespace ns = connector(LettuceZdbOptions.builder()).open(spec("cap", null), NamespaceMode.SEQUENTIAL).block(WAIT);
        ns.set(new byte[0], ByteBuffer.allocate(900)).block(WAIT);
        assertThat(kindOf(ns.set(new byte[0], ByteBuffer.allocate(200)))).isEqualTo(ZdbErrorKind.NAMESPACE_FULL);
        NamespaceInfo info = ns.info().block(WAIT);
        assertThat(info.dataLimitBytes()).isEqualTo(1000);
        assertThat(info.spaceAvailable()).hasValue(100);
        assertThat(info.freeSpaceBytes()).isEqualTo(100);
        ns.set(new byte[0], ByteBuffer.allocate(100)).block(WAIT);
        assertThat(kindOf(ns.set(new byte[0], ByteBuffer.allocate(1)))).isEqualTo(ZdbErrorKind.NAMESPACE_FULL);
    }

    @Test
    void deletedNamespaceIsReportedAsNotFound() {
        start(ZdbServerOptions.builder().build());
        admin.createNamespace("gone", false, null, 0);
        ZdbNamespace ns = connector(LettuceZdbOptions.builder()).open(spec("gone", null), NamespaceMode.USER).block(WAIT);
        admin.ok("NSDEL", "gone");
        assertThat(kindOf(ns.get("k".getBytes()))).isEqualTo(ZdbErrorKind.NAMESPACE_NOT_FOUND);
    }

    @Test
    void reconnectAfterServerRestartReselectsTheNamespace(@TempDir Path data) throws Exception {
        ZdbServerOptions options = ZdbServerOptions.builder().dataDir(data).build();
        start(options);
        int port = server.port();
        admin.createNamespace("rs", true, "pw", 0);
        admin.ok("NSSET", "rs", "public", "0");
        ZdbNamespace ns = connector(LettuceZdbOptions.builder()
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)))
                .open(spec("rs", "pw"), NamespaceMode.SEQUENTIAL).block(WAIT);
        byte[] before = ns.set(new byte[0], buf("before")).block(WAIT);

        admin.close();
        server.close();
        server = ZdbServer.start(ZdbServerOptions.builder().dataDir(data).port(port).build());
        admin = new ZdbAdmin(server.address());

        byte[] after = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (after == null) {
            try {
                after = ns.set(new byte[0], buf("after")).block(WAIT);
            } catch (ZdbException e) {
                assertThat(e.kind()).isEqualTo(ZdbErrorKind.UNREACHABLE); // the write in flight when the old server went away
                assertThat(System.nanoTime()).isLessThan(deadline);
            }
        }
        assertThat(after).isNotEqualTo(before);
        assertThat(StandardCharsets.UTF_8.decode(ns.get(before).block(WAIT)).toString()).isEqualTo("before");
        // proof on the server side: both writes are in "rs", none went to the default namespace
        assertThat(admin.command("DBSIZE")).isEqualTo(":0");
        admin.ok("SELECT", "rs", "pw");
        assertThat(admin.command("DBSIZE")).isEqualTo(":2");
    }

    @Test
    void inFlightCommandsAreBoundedPerNamespace() throws Exception {
        start(ZdbServerOptions.builder().build());
        admin.createNamespace("bp", true, null, 0);
        LettuceZdbNamespace ns = connector(LettuceZdbOptions.builder().maxInFlight(2))
                .openNamespace(spec("bp", null), NamespaceMode.SEQUENTIAL).block(WAIT);
        AtomicInteger done = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Disposable load = Flux.range(0, 60)
                .flatMap(i -> ns.set(new byte[0], ByteBuffer.allocate(256 * 1024)), 60)
                .subscribe(k -> done.incrementAndGet(), failure::set);
        int maxInFlight = 0;
        int maxWaiting = 0;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (done.get() < 60 && failure.get() == null && System.nanoTime() < deadline) {
            maxInFlight = Math.max(maxInFlight, ns.inFlight());
            maxWaiting = Math.max(maxWaiting, ns.waiting());
            Thread.sleep(1);
        }
        load.dispose();
        assertThat(failure.get()).isNull();
        assertThat(done.get()).isEqualTo(60);
        assertThat(maxInFlight).isBetween(1, 2);
        assertThat(maxWaiting).isGreaterThan(0);
        assertThat(ns.inFlight()).isZero();
        assertThat(ns.size().block(WAIT)).isEqualTo(60);
    }

    @Test
    void callersThatGiveUpBeforeTheirPermitIsGrantedDoNotWedgeTheNamespace() {
        start(ZdbServerOptions.builder().build());
        LettuceZdbNamespace ns = connector(LettuceZdbOptions.builder().maxInFlight(2).commandTimeout(Duration.ofSeconds(2)))
                .openNamespace(spec(null, null), NamespaceMode.USER).block(WAIT);
        for (int i = 0; i < 4; i++) {
            // the caller's deadline fires between its subscription and the permit's grant
            ns.ping().subscribe(new BaseSubscriber<Void>() {
                @Override
                protected void hookOnSubscribe(Subscription subscription) {
                    cancel();
                }
            });
        }
        assertThat(ns.inFlight()).isZero();
        // lettuce's command timeout does not cover the wait for a permit: a leak made this wait forever
        byte[] key = ns.set("k".getBytes(), buf("v")).block(Duration.ofSeconds(10));
        assertThat(key).isEqualTo("k".getBytes());
    }

    @Test
    void aStalledBackendDoesNotSlowAnotherOne() throws Exception {
        start(ZdbServerOptions.builder().build());
        admin.createNamespace("fast", true, null, 0);
        stub = RespStubServer.start(cmd -> switch (cmd.get(0)) {
            case "NSINFO" -> RespStubServer.bulk("# namespace\nname: default\nmode: sequential\n");
            default -> null; // SETs are never answered
        });
        LettuceZdbConnector c = connector(LettuceZdbOptions.builder().maxInFlight(4).commandTimeout(Duration.ofSeconds(3)));
        ZdbNamespace slow = c.open(new BackendSpec(stub.address(), Optional.empty(), Optional.empty()), NamespaceMode.SEQUENTIAL)
                .block(WAIT);
        ZdbNamespace fast = c.open(spec("fast", null), NamespaceMode.SEQUENTIAL).block(WAIT);
        AtomicInteger slowFailures = new AtomicInteger();
        Disposable stalled = Flux.range(0, 20)
                .flatMap(i -> slow.set(new byte[0], ByteBuffer.allocate(1024)).onErrorResume(e -> {
                    slowFailures.incrementAndGet();
                    return Mono.empty();
                }), 20)
                .subscribe();
        long start = System.nanoTime();
        Long written = Flux.range(0, 100).flatMap(i -> fast.set(new byte[0], ByteBuffer.allocate(1024)), 16).count().block(WAIT);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(written).isEqualTo(100);
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(slowFailures.get()).isZero(); // still waiting: the slow backend holds its own permits only
        stalled.dispose();
    }

    @Test
    void ipv6LiteralAndHostNameAddressesConnect() {
        start(ZdbServerOptions.builder().host("::1").build());
        LettuceZdbConnector c = connector(LettuceZdbOptions.builder());
        ZdbNamespace v6 = c.open(BackendSpec.of("[::1]:" + server.port(), null), NamespaceMode.USER).block(WAIT);
        v6.ping().block(WAIT);
        server.close();
        admin = null;
        server = ZdbServer.start(ZdbServerOptions.builder().build());
        ZdbNamespace byName = c.open(BackendSpec.of("localhost:" + server.port(), null), NamespaceMode.USER).block(WAIT);
        byName.ping().block(WAIT);
    }

    @Test
    void connectorCloseClosesEveryNamespace() {
        start(ZdbServerOptions.builder().build());
        LettuceZdbConnector c = connector(LettuceZdbOptions.builder());
        ZdbNamespace a = c.open(spec(null, null), NamespaceMode.USER).block(WAIT);
        c.close().block(WAIT);
        connector = null;
        assertThat(kindOf(a.ping())).isEqualTo(ZdbErrorKind.UNREACHABLE);
        assertThat(kindOf(c.open(spec(null, null), NamespaceMode.USER))).isEqualTo(ZdbErrorKind.UNREACHABLE);
    }
}
