package io.zstor.transport.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zstor.engine.backend.NamespaceInfo;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.transport.daemon.DaemonServer;
import io.zstor.transport.daemon.DaemonServerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsServerTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ZstorMetrics metrics = new ZstorMetrics(registry);
    private final MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry, metrics);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private PrometheusText scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains(MetricsServer.CONTENT_TYPE);
        return PrometheusText.parse(r.body());
    }

    private static NamespaceInfo info(long entries, long used, long limit, long diskFree, long dataFaults) {
        return new NamespaceInfo("ns1", entries, used, limit, 4096, NamespaceMode.SEQUENTIAL, false, true, false, false,
                OptionalLong.empty(), diskFree, diskFree / 2, 1, dataFaults, 3, 4, Map.of());
    }

    @Test
    void originalCommandCountersExistFromTheFirstScrapeWithoutTotalSuffix() throws Exception {
        PrometheusText t = scrape();
        for (String c : new String[] {"store", "retrieve", "rebuild", "check"}) {
            assertThat(t.types).containsEntry("zstore_" + c + "_commands_finished", "counter");
            assertThat(t.get("zstore_" + c + "_commands_finished{success=true}")).isZero();
            assertThat(t.get("zstore_" + c + "_commands_finished{success=false}")).isZero();
        }
        metrics.commandFinished(ZstorCommand.STORE, true, Duration.ofMillis(30));
        metrics.commandFinished(ZstorCommand.STORE, true, Duration.ofMillis(40));
        metrics.commandFinished(ZstorCommand.REBUILD, false, Duration.ofMillis(5));
        metrics.commandFinished(ZstorCommand.RETRIEVE, true, Duration.ofMillis(5));
        metrics.stored(1000);
        metrics.stored(24);
        t = scrape();
        assertThat(t.get("zstore_store_commands_finished{success=true}")).isEqualTo(2.0);
        // the original subtracted the retrieve successes from this series; here it is exact
        assertThat(t.get("zstore_rebuild_commands_finished{success=true}")).isZero();
        assertThat(t.get("zstore_rebuild_commands_finished{success=false}")).isEqualTo(1.0);
        assertThat(t.get("zstor_commands_finished_total{command=store,success=true}")).isEqualTo(2.0);
        assertThat(t.get("zstor_stored_bytes_total")).isEqualTo(1024.0);
        assertThat(t.get("zstor_stored_objects_total")).isEqualTo(2.0);
        assertThat(t.get("zstor_command_duration_seconds_count{command=store,success=true}")).isEqualTo(2.0);
        assertThat(t.samples.keySet()).anyMatch(k -> k.startsWith("zstor_command_duration_seconds_bucket{command=store"));
    }

    @Test
    void backendSeriesFollowTheBackendState() throws Exception {
        BackendKey data = new BackendKey("10.0.0.1:9900", "ns1", BackendType.DATA);
        BackendKey meta = new BackendKey("[2a02::1]:9900", "", BackendType.META);
        metrics.backendUnreachable(data); // never seen healthy: no series
        assertThat(scrape().samples.keySet()).noneMatch(k -> k.startsWith("connection_status"));

        metrics.backendHealthy(data, info(12, 5000, 0, 1 << 30, 9));
        metrics.backendHealthy(meta, info(3, 100, 1 << 20, 1 << 30, 0));
        PrometheusText t = scrape();
        String a = "{address=10.0.0.1:9900,backend_type=data,namespace=ns1}";
        assertThat(t.get("connection_status" + a)).isEqualTo(1.0);
        assertThat(t.get("entries" + a)).isEqualTo(12.0);
        assertThat(t.get("data_size_bytes" + a)).isEqualTo(5000.0);
        assertThat(t.get("data_limit_bytes" + a)).isEqualTo((double) (1 << 30)); // unlimited: disk free
        assertThat(t.get("data_limit_bytes{address=[2a02::1]:9900,backend_type=meta,namespace=}")).isEqualTo((double) (1 << 20));
        assertThat(t.get("data_faults" + a)).isEqualTo(9.0); // the original mirrored data_io_errors here
        assertThat(t.get("data_io_errors" + a)).isEqualTo(1.0);
        assertThat(t.types).containsEntry("data_faults", "counter").containsEntry("entries", "gauge");

        metrics.backendUnreachable(data);
        t = scrape();
        assertThat(t.get("connection_status" + a)).isZero();
        assertThat(t.get("entries" + a)).isNull();
        assertThat(t.get("data_faults" + a)).isNull();
        assertThat(t.get("entries{address=[2a02::1]:9900,backend_type=meta,namespace=}")).isEqualTo(3.0);

        metrics.backendRemoved(data);
        assertThat(scrape().get("connection_status" + a)).isNull();
    }

    @Test
    void daemonMetersAreExported() throws Exception {
        DaemonServer daemon = DaemonServer.start(DaemonServerOptions.defaults(dir.resolve("d.sock")), new NoopHandler())
                .bindMetrics(registry);
        try {
            PrometheusText t = scrape();
            assertThat(t.get("zstor_daemon_commands_running")).isZero();
            assertThat(t.get("zstor_daemon_commands_queued")).isZero();
            assertThat(t.get("zstor_daemon_background_pending")).isZero();
            assertThat(t.get("zstor_daemon_background_failed_total")).isZero();
        } finally {
            daemon.close();
        }
    }

    @Test
    void otherPathsAre404AndOtherMethods405() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/x").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }
}
