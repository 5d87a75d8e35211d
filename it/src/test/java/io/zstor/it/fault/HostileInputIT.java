package io.zstor.it.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.backend.ZdbNamespace;
import io.zstor.engine.config.ConfigException;
import io.zstor.engine.config.ConfigLoader;
import io.zstor.transport.zdb.client.LettuceZdbConnector;
import io.zstor.transport.zdb.client.LettuceZdbOptions;
import io.zstor.transport.zdb.server.ZdbMode;
import io.zstor.transport.zdb.server.ZdbServer;
import io.zstor.transport.zdb.server.ZdbServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bounded, deterministic (fixed seeds) fuzzing of every parser that reads untrusted bytes: the config loader
 * (only {@link ConfigException}, never another exception or a hang), the zdb client's reply parsing (a typed
 * {@link ZdbException} or success within the command timeout, bounded memory) and the embedded server's
 * request parser (survives and still answers a well-behaved client). The daemon socket protocol is not on
 * main yet and is not fuzzed here.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class HostileInputIT {

    static final String VALID_CONFIG = """
            minimal_shards = 4
            expected_shards = 6
            redundant_groups = 0
            redundant_nodes = 0
            root = "/virtual"
            zdb_timeout_secs = 30
            block_size = 1048576

            [encryption]
            algorithm = "AES"
            key = "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef"

            [compression]
            algorithm = "snappy"

            [meta]
            type = "zdb"

            [meta.config]
            prefix = "someprefix"

            [meta.config.encryption]
            algorithm = "AES"
            key = "0101010101010101010101010101010101010101010101010101010101010101"

            [[meta.config.backends]]
            address = "[2a02:1802:5e::dead:beef]:9900"
            namespace = "meta"
            password = "supersecretpass"

            [[meta.config.backends]]
            address = "127.0.0.1:9901"

            [[meta.config.backends]]
            address = "127.0.0.1:9902"

            [[meta.config.backends]]
            address = "127.0.0.1:9903"

            [[groups]]
            [[groups.backends]]
            address = "127.0.0.1:9904"
            namespace = "data"
            [[groups.backends]]
            address = "127.0.0.1:9905"
            [[groups.backends]]
            address = "127.0.0.1:9906"
            [[groups.backends]]
            address = "127.0.0.1:9907"
            [[groups.backends]]
            address = "127.0.0.1:9908"
            [[groups.backends]]
            address = "127.0.0.1:9909"
            """;

    static final String[] TOKENS = {"=", "[", "]", "[[", "]]", "\"", "'''", "\"\"\"", "\n", "#", "-1", "0",
        "99999999999999999999", "1e400", "nan", "inf", "true", "{", "}", ",", ".", "\\u0000", "\\", "\u0000",
        "groups", "backends", "address", "minimal_shards", "expected_shards", "key", "1979-05-27T07:32:00Z",
        "[[groups]]\n", "[meta]\n", "a.b.c.d.e.f.g.h.i.j.k = 1", "x = [[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]"};

    @Test
    void configLoaderOnlyEverThrowsConfigException() throws Exception {
        ConfigLoader.parse(VALID_CONFIG, "base");
        Random random = new Random(0x5EED_C0F1L);
        Map<String, Integer> outcomes = new TreeMap<>();
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 4000; i++) {
                String text = mutateText(random, VALID_CONFIG);
                Future<String> parsed = worker.submit(() -> {
                    try {
                        ConfigLoader.parse(text, "fuzz-" + 0);
                        return "ok";
                    } catch (ConfigException e) {
                        assertThat(e.getMessage()).isNotBlank().doesNotContain("supersecretpass")
                                .doesNotContain("0123456789abcdef0123456789ABCDEF");
                        return "ConfigException";
                    }
                });
                try {
                    outcomes.merge(parsed.get(5, TimeUnit.SECONDS), 1, Integer::sum);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new AssertionError("iteration " + i + ": " + e.getCause() + " for input:\n" + text, e.getCause());
                }
            }
        } finally {
            worker.shutdownNow();
        }
        System.out.println("config fuzz outcomes: " + outcomes);
        assertThat(outcomes).containsKey("ConfigException");
    }

    static String mutateText(Random random, String base) {
        StringBuilder b = new StringBuilder(base);
        for (int m = 0, n = 1 + random.nextInt(4); m < n; m++) {
            int at = random.nextInt(b.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> b.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 1 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(40)));
                case 2 -> {
                    if (at < b.length()) {
                        b.setCharAt(at, (char) random.nextInt(0x3000));
                    }
                }
                case 3 -> b.setLength(at);
                case 4 -> {
                    int end = Math.min(b.length(), at + random.nextInt(200));
                    b.insert(at, b.substring(at, end));
                }
                default -> b.insert(at, String.valueOf(random.nextLong()));
            }
        }
        return b.toString();
    }

    @Test
    void zdbClientSurvivesMutatedReplies() throws Exception {
        try (ZdbServer server = ZdbServer.start(ZdbServerOptions.builder().mode(ZdbMode.SEQ).build());
                MaliciousZdb liar = MaliciousZdb.start(server.address(), 0xBADL)) {
            LettuceZdbConnector connector = LettuceZdbConnector.create(LettuceZdbOptions.builder()
                    .connectTimeout(Duration.ofMillis(500)).commandTimeout(Duration.ofMillis(400))
                    .reconnectAttempts(1).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build());
            BackendSpec spec = new BackendSpec("127.0.0.1:" + liar.address().getPort(), Optional.empty(), Optional.empty());
            Random random = new Random(0xF022L);
            Map<String, Integer> outcomes = new TreeMap<>();
            ZdbNamespace ns = null;
            byte[] lastKey = new byte[] {0, 0, 0, 0};
            Runtime rt = Runtime.getRuntime();
            long maxUsed = 0;
            try {
                liar.targets("SET", "GET", "EXISTS", "DEL", "NSINFO", "PING", "SELECT", "DBSIZE")
                        .mode(MaliciousZdb.Mode.MUTATE);
                for (int i = 0; i < 150; i++) {
                    String outcome;
                    try {
                        if (ns == null) {
                            ns = connector.open(spec, NamespaceMode.SEQUENTIAL).block(Duration.ofSeconds(5));
                        }
                        ZdbNamespace n = ns;
                        byte[] value = new byte[random.nextInt(2000)];
                        random.nextBytes(value);
                        byte[] key = lastKey;
                        switch (random.nextInt(5)) {
                            case 0 -> lastKey = Optional.ofNullable(n.set(new byte[0], ByteBuffer.wrap(value))
                                    .block(Duration.ofSeconds(5))).orElse(lastKey);
                            case 1 -> n.get(key).block(Duration.ofSeconds(5));
                            case 2 -> n.exists(key).block(Duration.ofSeconds(5));
                            case 3 -> n.info().block(Duration.ofSeconds(5));
                            default -> n.ping().block(Duration.ofSeconds(5));
                        }
                        outcome = "ok";
                    } catch (ZdbException e) {
                        assertThat(e.getMessage()).isNotBlank();
                        outcome = "ZdbException." + e.kind();
                        if (ns != null) {
                            ns.close().onErrorResume(x -> reactor.core.publisher.Mono.empty()).block(Duration.ofSeconds(5));
                            ns = null;
                        }
                    } catch (RuntimeException e) {
                        throw new AssertionError("iteration " + i + ": untyped " + e, e);
                    }
                    outcomes.merge(outcome, 1, Integer::sum);
                    maxUsed = Math.max(maxUsed, rt.totalMemory() - rt.freeMemory());
                }
            } finally {
                connector.close().block(Duration.ofSeconds(10));
            }
            System.out.println("zdb reply fuzz outcomes: " + outcomes + ", tampered replies: " + liar.tampered());
            assertThat(liar.tampered()).isPositive();
            assertThat(outcomes.keySet()).anyMatch(k -> k.startsWith("ZdbException"));
            assertThat(maxUsed).as("bounded memory").isLessThan(1L << 30);
        }
    }

    static final String[][] GOOD = {{"PING"}, {"SET", "k", "value"}, {"GET", "k"}, {"DEL", "k"}, {"EXISTS", "k"},
        {"NSNEW", "ns1"}, {"SELECT", "ns1"}, {"NSINFO", "default"}, {"SCAN"}, {"DBSIZE"}, {"INFO"}, {"NSLIST"},
        {"AUTH", "secret"}, {"NSSET", "ns1", "maxsize", "100"}, {"HISTORY", "k"}, {"KEYCUR", "k"}};

    @Test
    void embeddedServerSurvivesMutatedRequests() throws Exception {
        try (ZdbServer server = ZdbServer.start(ZdbServerOptions.builder().mode(ZdbMode.USER).build())) {
            Random random = new Random(0x5E4BE4L);
            for (int i = 0; i < 400; i++) {
                ByteArrayOutputStream frame = new ByteArrayOutputStream();
                for (int c = 0, n = 1 + random.nextInt(3); c < n; c++) {
                    frame.writeBytes(mutateFrame(random, RawResp.encode(GOOD[random.nextInt(GOOD.length)])));
                }
                try (Socket s = new Socket()) {
                    s.connect(server.address(), 2000);
                    s.setSoTimeout(30);
                    try {
                        s.getOutputStream().write(frame.toByteArray());
                        drain(s.getInputStream());
                    } catch (IOException e) {
                        // the server may close on a protocol error: that is allowed
                    }
                }
                if (i % 50 == 49) {
                    assertGoodClientServed(server, i);
                }
            }
            assertGoodClientServed(server, -1);
        }
    }

    static byte[] mutateFrame(Random random, byte[] frame) {
        switch (random.nextInt(8)) {
            case 0 -> {
                byte[] b = frame.clone();
                b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                return b;
            }
            case 1 -> {
                return java.util.Arrays.copyOf(frame, random.nextInt(frame.length + 1));
            }
            case 2 -> {
                byte[] b = new byte[random.nextInt(300)];
                random.nextBytes(b);
                return b;
            }
            case 3 -> {
                return new String[] {"*1\r\n$2147483647\r\nab", "*2147483647\r\n", "*-3\r\n", "*1\r\n$-7\r\n",
                    "*1\r\n$99999999999999999999\r\n", "*0\r\n", "*1\r\n*1\r\n$1\r\na\r\n", "PING\r\n",
                    "*1\r\n$4\r\nPINGXX", "*3\r\n$3\r\nSET\r\n$300\r\n" + "k".repeat(300) + "\r\n$1\r\nv\r\n",
                    "\r\n\r\n\r\n", "*1\r\n:5\r\n"}[random.nextInt(12)].getBytes(StandardCharsets.ISO_8859_1);
            }
            case 4 -> {
                String s = new String(frame, StandardCharsets.ISO_8859_1);
                return s.replaceFirst("\\$\\d+", "\\$" + (random.nextInt(20) - 5)).getBytes(StandardCharsets.ISO_8859_1);
            }
            default -> {
                return frame;
            }
        }
    }

    static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        try {
            for (int total = 0; total < (1 << 20); ) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                total += n;
            }
        } catch (SocketTimeoutException e) {
            // nothing more for now
        }
    }

    static void assertGoodClientServed(ZdbServer server, int iteration) {
        assertThat(RawResp.command(server.address(), "PING")).as("after iteration " + iteration).isEqualTo("+PONG");
        assertThat(RawResp.command(server.address(), "SET", "good", "v" + iteration)).as("SET").startsWith("$");
    }
}
