package io.zstor.transport.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zstor.engine.ProgressListener;
import io.zstor.engine.Zstor;
import io.zstor.engine.config.ConfigLoader;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.health.BackendMonitor;
import io.zstor.transport.zdb.client.LettuceZdbConnector;
import io.zstor.transport.zdb.client.LettuceZdbOptions;
import io.zstor.transport.zdb.server.ZdbMode;
import io.zstor.transport.zdb.server.ZdbServer;
import io.zstor.transport.zdb.server.ZdbServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * The daemon's metrics wiring over real TCP (embedded 0-db servers, the lettuce client): after a store, a
 * retrieve and monitor rounds, {@code /metrics} carries per-backend command histograms and per-stage
 * histograms with non-zero buckets, and the original per-backend series fed from the monitor alone.
 */
class LatencyMetricsTcpTest {

    private static final Duration T = Duration.ofSeconds(60);
    private static final int BLOCK = 32 << 10;

    @TempDir
    Path dir;

    private final List<ZdbServer> servers = new ArrayList<>();
    private final List<String> metaAddresses = new ArrayList<>();
    private final List<String> dataAddresses = new ArrayList<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ZstorMetrics metrics = new ZstorMetrics(registry);
    private final LatencyMetrics latency = new LatencyMetrics(registry);
    private Zstor engine;
    private BackendMonitor monitor;
    private MetricsServer http;

    @BeforeEach
    void start() throws IOException {
        for (int i = 0; i < 4; i++) {
            metaAddresses.add(server("meta" + i, ZdbMode.USER));
        }
        for (int i = 0; i < 3; i++) {
            dataAddresses.add(server("data" + i, ZdbMode.SEQ));
        }
        StringBuilder t = new StringBuilder("minimal_shards = 2\nexpected_shards = 3\nredundant_groups = 0\n"
                + "redundant_nodes = 0\nblock_size = " + BLOCK + "\nzdb_timeout_secs = 5\n"
                + "\n[encryption]\nalgorithm = \"AES\"\nkey = \"" + "11".repeat(32) + "\"\n"
                + "\n[compression]\nalgorithm = \"snappy\"\n"
                + "\n[meta]\ntype = \"zdb\"\n\n[meta.config]\nprefix = \"latency\"\n"
                + "\n[meta.config.encryption]\nalgorithm = \"AES\"\nkey = \"" + "22".repeat(32) + "\"\n");
        metaAddresses.forEach(a -> t.append("\n[[meta.config.backends]]\naddress = \"").append(a).append("\"\n"));
        t.append("\n[[groups]]\n");
        dataAddresses.forEach(a -> t.append("\n[[groups.backends]]\naddress = \"").append(a).append("\"\n"));
        ZstorConfig config = ConfigLoader.parse(t.toString(), "LatencyMetricsTcpTest.toml");
        engine = Zstor.builder(config, LettuceZdbConnector.create(LettuceZdbOptions.builder().ioThreads(2).build()))
                .backendLatency(latency)
                .stageLatency(latency)
                .build();
        monitor = BackendMonitor.attach(engine);
        http = MetricsServer.start("127.0.0.1", 0, registry, metrics);
    }

    private String server(String name, ZdbMode mode) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        ZdbServer s = ZdbServer.start(ZdbServerOptions.builder().host("127.0.0.1").port(0)
                .dataDir(home.resolve("data")).indexDir(home.resolve("index")).mode(mode).build());
        servers.add(s);
        return "127.0.0.1:" + s.port();
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        if (monitor != null) {
            monitor.close();
        }
        if (engine != null) {
            engine.close();
        }
        servers.forEach(ZdbServer::close);
    }

    @Test
    void commandAndStageHistogramsHaveNonZeroBucketsAfterRealOperations() throws Exception {
        int blocks = 4;
        byte[] data = new byte[blocks * BLOCK];
        new Random(3).nextBytes(data);
        engine.store("obj", Flux.just(ByteBuffer.wrap(data)), ProgressListener.NONE).block(T);
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        engine.retrieve("obj", ProgressListener.NONE).doOnNext(b -> {
            byte[] a = new byte[b.remaining()];
            b.get(a);
            back.writeBytes(a);
        }).blockLast(T);
        assertThat(back.toByteArray()).isEqualTo(data);

        List<Sample> scrape = scrape();
        assertThat(typeOf("zstor_backend_request_seconds")).isEqualTo("histogram");
        assertThat(typeOf("zstor_stage_seconds")).isEqualTo("histogram");

        // every data backend got one SET per block and was read back with GETs (k of n pieces per block)
        double gets = 0;
        for (String address : dataAddresses) {
            Map<String, String> set = Map.of("backend", address + " - default", "role", "data", "op", "set", "outcome", "ok");
            assertHistogram(scrape, "zstor_backend_request_seconds", set, blocks);
            double g = count(scrape, "zstor_backend_request_seconds",
                    Map.of("backend", address + " - default", "role", "data", "op", "get", "outcome", "ok"));
            gets += Double.isNaN(g) ? 0 : g; // the parity backend is not read while the data pieces are valid
            assertHistogram(scrape, "zstor_backend_request_seconds",
                    Map.of("backend", address + " - default", "role", "data", "op", "connect", "outcome", "ok"), 1);
        }
        assertThat(gets).isEqualTo(blocks * 2.0);
        for (String address : metaAddresses) {
            assertHistogram(scrape, "zstor_backend_request_seconds",
                    Map.of("backend", address + " - default", "role", "meta", "op", "set", "outcome", "ok"), 1);
        }
        assertHistogram(scrape, "zstor_stage_seconds", Map.of("stage", "encode", "outcome", "ok"), blocks);
        assertHistogram(scrape, "zstor_stage_seconds", Map.of("stage", "write_block", "outcome", "ok"), blocks);
        assertHistogram(scrape, "zstor_stage_seconds", Map.of("stage", "fetch_block", "outcome", "ok"), blocks);
        assertHistogram(scrape, "zstor_stage_seconds", Map.of("stage", "decode", "outcome", "ok"), blocks);
        assertHistogram(scrape, "zstor_stage_seconds", Map.of("stage", "meta_save", "outcome", "ok"), 1);
        // one lookup of a previous version by the store, one load by the retrieve
        assertHistogram(scrape, "zstor_stage_seconds", Map.of("stage", "meta_load", "outcome", "ok"), 2);
    }

    @Test
    void originalBackendSeriesComeFromTheMonitorRoundsWithoutExtraNsinfo() throws Exception {
        BackendMetricsFeed.attach(monitor, metrics);
        monitor.checkNow().block(T);
        monitor.checkNow().block(T);
        List<Sample> scrape = scrape();
        List<Sample> status = scrape.stream().filter(s -> s.name().equals("connection_status")).toList();
        assertThat(status).hasSize(7).allMatch(s -> s.value() == 1.0);
        assertThat(status).allMatch(s -> s.labels().get("namespace").isEmpty(), "default namespace is the empty label");
        assertThat(status).filteredOn(s -> s.labels().get("backend_type").equals("meta")).hasSize(4);
        assertThat(scrape).filteredOn(s -> s.name().equals("entries")).hasSize(7);
        // two rounds, one NSINFO per backend each: nothing else probes the backends
        for (String address : dataAddresses) {
            assertThat(count(scrape, "zstor_backend_request_seconds",
                    Map.of("backend", address + " - default", "role", "data", "op", "nsinfo", "outcome", "ok"))).isEqualTo(2);
        }

        engine.store("counted", Flux.just(ByteBuffer.wrap(new byte[1000])), ProgressListener.NONE).block(T);
        servers.get(4).close(); // data0
        monitor.checkNow().block(T);
        scrape = scrape();
        String data0 = dataAddresses.get(0);
        String data1 = dataAddresses.get(1);
        assertThat(value(scrape, "connection_status", Map.of("address", data0, "namespace", "", "backend_type", "data")))
                .isZero();
        assertThat(value(scrape, "entries", Map.of("address", data0, "namespace", "", "backend_type", "data"))).isNaN();
        assertThat(value(scrape, "entries", Map.of("address", data1, "namespace", "", "backend_type", "data")))
                .isEqualTo(1.0);
        assertThat(count(scrape, "zstor_backend_request_seconds",
                Map.of("backend", data0 + " - default", "role", "data", "op", "nsinfo", "outcome", "ok"))).isEqualTo(2);
    }

    // ------------------------------------------------------------------ scraping

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private String body;

    private List<Sample> scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + http.port() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        body = r.body();
        PrometheusText.parse(body); // strict: no duplicate series or families
        List<Sample> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace < 0 ? line.substring(0, space) : line.substring(0, brace);
            Map<String, String> labels = new TreeMap<>();
            if (brace >= 0) {
                String inner = line.substring(brace + 1, line.lastIndexOf('}'));
                var m = java.util.regex.Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(inner);
                while (m.find()) {
                    labels.put(m.group(1), m.group(2));
                }
            }
            String v = line.substring(space + 1);
            out.add(new Sample(name, labels, v.equals("+Inf") ? Double.POSITIVE_INFINITY
                    : v.equals("NaN") ? Double.NaN : Double.parseDouble(v)));
        }
        return out;
    }

    private String typeOf(String family) {
        for (String line : body.split("\n")) {
            if (line.startsWith("# TYPE " + family + " ")) {
                return line.substring(("# TYPE " + family + " ").length());
            }
        }
        return null;
    }

    private static double value(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .mapToDouble(Sample::value).findFirst().orElse(Double.NaN);
    }

    private static double count(List<Sample> samples, String family, Map<String, String> labels) {
        return value(samples, family + "_count", labels);
    }

    /**
     * The histogram of {@code labels} has {@code expected} observations, cumulative buckets that never
     * decrease, end at {@code +Inf} with the count, span 100 µs .. 30 s and hold an observation below 30 s.
     */
    private static void assertHistogram(List<Sample> samples, String family, Map<String, String> labels, double expected) {
        assertThat(count(samples, family, labels)).as(family + labels).isEqualTo(expected);
        assertThat(value(samples, family + "_sum", labels)).as("sum of " + family + labels).isPositive();
        List<Sample> buckets = samples.stream()
                .filter(s -> s.name().equals(family + "_bucket") && s.labels().entrySet().containsAll(labels.entrySet())
                        && s.labels().size() == labels.size() + 1)
                .toList();
        assertThat(buckets).as("buckets of " + family + labels).hasSizeGreaterThan(10);
        double previous = 0;
        double finiteMax = 0;
        double firstBound = Double.MAX_VALUE;
        for (Sample b : buckets) {
            double le = b.labels().get("le").equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(b.labels().get("le"));
            assertThat(b.value()).as("cumulative").isGreaterThanOrEqualTo(previous);
            previous = b.value();
            firstBound = Math.min(firstBound, le);
            if (Double.isFinite(le)) {
                finiteMax = Math.max(finiteMax, le);
                if (le <= 30) {
                    assertThat(b.value()).isLessThanOrEqualTo(expected);
                }
            }
        }
        assertThat(previous).as("+Inf bucket of " + family + labels).isEqualTo(expected);
        assertThat(firstBound).isLessThanOrEqualTo(0.0002);
        assertThat(finiteMax).isGreaterThanOrEqualTo(30.0);
        double belowMax = buckets.stream().filter(b -> !b.labels().get("le").equals("+Inf")
                && Double.parseDouble(b.labels().get("le")) <= 30).mapToDouble(Sample::value).max().orElse(0);
        assertThat(belowMax).as("observations in finite buckets of " + family + labels).isPositive();
    }
}
