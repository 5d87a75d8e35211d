package io.zstor.transport.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.zstor.engine.backend.NamespaceInfo;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * Records zstor's metrics into a micrometer {@link MeterRegistry}. It keeps the original 0-stor_v2 series
 * (names and labels of its section 7, with correct values) and adds zstor's own:
 *
 * <ul>
 *   <li>per-backend gauges with labels {@code address}, {@code namespace}, {@code backend_type}:
 *       {@code connection_status}, {@code entries}, {@code data_size_bytes}, {@code data_limit_bytes},
 *       {@code index_size_bytes}, {@code index_disk_freespace_bytes}, {@code data_disk_freespace_bytes}
 *       (the real free space is the backend monitor's {@code zstor_backend_free_bytes{backend,role}});</li>
 *   <li>counters rendered by {@link #originalSeries()} exactly as the original named them, without a
 *       {@code _total} suffix so existing dashboards keep working: {@code zstore_<cmd>_commands_finished}
 *       (label {@code success}), {@code index_io_errors}, {@code index_faults}, {@code data_io_errors},
 *       {@code data_faults} (the original computed the last from the wrong field);</li>
 *   <li>zstor's own: {@code zstor_commands_finished_total{command,success}},
 *       {@code zstor_command_duration_seconds} (histogram), {@code zstor_stored_bytes_total},
 *       {@code zstor_stored_objects_total}, {@code zstor_retrieved_bytes_total},
 *       {@code zstor_retrieved_objects_total}.</li>
 * </ul>
 * Labels never carry secrets. Thread-safe.
 */
public final class ZstorMetrics {

    private final MeterRegistry registry;
    private final Map<ZstorCommand, Counter[]> finished = new EnumMap<>(ZstorCommand.class);
    private final Map<BackendKey, BackendSeries> backends = new ConcurrentHashMap<>();
    private final Counter storedBytes;
    private final Counter storedObjects;
    private final Counter retrievedBytes;
    private final Counter retrievedObjects;

    /** Registers the meters that exist from the first scrape (both outcomes of every command, byte counters). */
    public ZstorMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        for (ZstorCommand c : ZstorCommand.values()) {
            finished.put(c, new Counter[] {finishedCounter(c, false), finishedCounter(c, true)});
        }
        storedBytes = Counter.builder("zstor.stored.bytes").baseUnit("bytes").description("plaintext bytes stored").register(registry);
        storedObjects = Counter.builder("zstor.stored.objects").description("objects stored").register(registry);
        retrievedBytes = Counter.builder("zstor.retrieved.bytes").baseUnit("bytes").description("plaintext bytes retrieved")
                .register(registry);
        retrievedObjects = Counter.builder("zstor.retrieved.objects").description("objects retrieved").register(registry);
    }

    /** The registry recorded into. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Counts a finished command and its duration. */
    public void commandFinished(ZstorCommand command, boolean success, Duration took) {
        finished.get(command)[success ? 1 : 0].increment();
        Timer.builder("zstor.command.duration")
                .description("command duration")
                .tags("command", command.label(), "success", Boolean.toString(success))
                .publishPercentileHistogram()
                .register(registry)
                .record(took);
    }

    /** Counts a stored object of {@code bytes} plaintext bytes. */
    public void stored(long bytes) {
        storedObjects.increment();
        storedBytes.increment(bytes);
    }

    /** Counts a retrieved object of {@code bytes} plaintext bytes. */
    public void retrieved(long bytes) {
        retrievedObjects.increment();
        retrievedBytes.increment(bytes);
    }

    /** A successful NSINFO of a backend: {@code connection_status} 1 and fresh NSINFO series. */
    public void backendHealthy(BackendKey key, NamespaceInfo info) {
        backends.computeIfAbsent(key, k -> new BackendSeries(k, registry)).healthy(info);
    }

    /**
     * A failed NSINFO: {@code connection_status} becomes 0 and the NSINFO series disappear. A backend never
     * seen healthy gets no series, as in the original.
     */
    public void backendUnreachable(BackendKey key) {
        BackendSeries s = backends.get(key);
        if (s != null) {
            s.unreachable();
        }
    }

    /** The backend left the configuration: all its series disappear. */
    public void backendRemoved(BackendKey key) {
        BackendSeries s = backends.remove(key);
        if (s != null) {
            s.remove();
        }
    }

    /** Value of the original's {@code zstore_<command>_commands_finished{success}} counter. */
    public long finishedCount(ZstorCommand command, boolean success) {
        return (long) finished.get(command)[success ? 1 : 0].count();
    }

    /**
     * The original's counters in Prometheus text format 0.0.4, under their original names (no
     * {@code _total}); appended to the registry's scrape by {@link MetricsServer}.
     */
    public String originalSeries() {
        StringBuilder sb = new StringBuilder(1024);
        for (ZstorCommand c : ZstorCommand.values()) {
            if (!c.original()) {
                continue;
            }
            String name = "zstore_" + c.label() + "_commands_finished";
            header(sb, name, "finished " + c.label() + " commands");
            sb.append(name).append("{success=\"true\"} ").append(finishedCount(c, true)).append('\n');
            sb.append(name).append("{success=\"false\"} ").append(finishedCount(c, false)).append('\n');
        }
        List<BackendSeries> live = backends.values().stream()
                .filter(s -> s.info() != null)
                .sorted(Comparator.comparing((BackendSeries s) -> s.key().type()).thenComparing(s -> s.key().address())
                        .thenComparing(s -> s.key().namespace()))
                .toList();
        mirror(sb, live, "index_io_errors", "index IO errors reported by the namespace", NamespaceInfo::indexIoErrors);
        mirror(sb, live, "index_faults", "index faults reported by the namespace", NamespaceInfo::indexFaults);
        mirror(sb, live, "data_io_errors", "data IO errors reported by the namespace", NamespaceInfo::dataIoErrors);
        mirror(sb, live, "data_faults", "data faults reported by the namespace", NamespaceInfo::dataFaults);
        return sb.toString();
    }

    private static void mirror(StringBuilder sb, List<BackendSeries> live, String name, String help,
            ToLongFunction<NamespaceInfo> f) {
        if (live.isEmpty()) {
            return;
        }
        header(sb, name, help);
        for (BackendSeries s : live) {
            NamespaceInfo info = s.info();
            if (info == null) {
                continue;
            }
            BackendKey k = s.key();
            sb.append(name).append("{address=\"").append(escape(k.address()))
                    .append("\",backend_type=\"").append(k.type().label())
                    .append("\",namespace=\"").append(escape(k.namespace()))
                    .append("\"} ").append(f.applyAsLong(info)).append('\n');
        }
    }

    private static void header(StringBuilder sb, String name, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" counter\n");
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private Counter finishedCounter(ZstorCommand c, boolean success) {
        return Counter.builder("zstor.commands.finished")
                .description("finished commands")
                .tags("command", c.label(), "success", Boolean.toString(success))
                .register(registry);
    }
}
