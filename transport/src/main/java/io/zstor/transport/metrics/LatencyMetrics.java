package io.zstor.transport.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.latency.BackendLatencyListener;
import io.zstor.engine.latency.Outcome;
import io.zstor.engine.latency.Stage;
import io.zstor.engine.latency.StageListener;
import io.zstor.engine.latency.ZdbOp;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The engine's latency listeners backed by micrometer timers with Prometheus histograms (buckets from
 * {@value #MIN_MICROS} µs to {@value #MAX_SECONDS} s):
 *
 * <ul>
 *   <li>{@code zstor_backend_request_seconds{backend, role, op, outcome}}: every 0-db command per backend;
 *       {@code backend} is {@code address - namespace} and {@code role} {@code meta} or {@code data}, the
 *       same labels as {@code zstor_backend_state}; never a password;</li>
 *   <li>{@code zstor_stage_seconds{stage, outcome}}: each stage of the data path per block or metadata
 *       record.</li>
 * </ul>
 * Timers are created on first use and then cached per backend, role, command and outcome, so recording is a
 * map lookup, an array read and a histogram update: no allocation, no registry lookup.
 */
public final class LatencyMetrics implements BackendLatencyListener, StageListener {

    static final long MIN_MICROS = 100;
    static final long MAX_SECONDS = 30;
    private static final int OUTCOMES = Outcome.values().length;

    private final MeterRegistry registry;
    private final Map<NamespaceMode, ConcurrentMap<BackendSpec, AtomicReferenceArray<Timer>>> backends =
            new EnumMap<>(NamespaceMode.class);
    private final AtomicReferenceArray<Timer> stages = new AtomicReferenceArray<>(Stage.values().length * OUTCOMES);

    /** Records into {@code registry}. */
    public LatencyMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        for (NamespaceMode mode : NamespaceMode.values()) {
            backends.put(mode, new ConcurrentHashMap<>());
        }
    }

    @Override
    public void record(BackendSpec backend, NamespaceMode mode, ZdbOp op, Outcome outcome, long nanos) {
        AtomicReferenceArray<Timer> timers = backends.get(mode)
                .computeIfAbsent(backend, b -> new AtomicReferenceArray<>(ZdbOp.values().length * OUTCOMES));
        int i = op.ordinal() * OUTCOMES + outcome.ordinal();
        Timer t = timers.get(i);
        if (t == null) {
            t = histogram(Timer.builder("zstor.backend.request")
                    .description("0-db commands sent by the engine, per backend and command")
                    .tags("backend", backend.displayName(), "role", role(mode), "op", op.label(),
                            "outcome", outcome.label()));
            timers.set(i, t);
        }
        t.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void record(Stage stage, Outcome outcome, long nanos) {
        int i = stage.ordinal() * OUTCOMES + outcome.ordinal();
        Timer t = stages.get(i);
        if (t == null) {
            t = histogram(Timer.builder("zstor.stage")
                    .description("data path stages, per block or metadata record")
                    .tags("stage", stage.label(), "outcome", outcome.label()));
            stages.set(i, t);
        }
        t.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The role label of a namespace mode: metadata namespaces are user-key, data namespaces sequential. */
    static String role(NamespaceMode mode) {
        return mode == NamespaceMode.USER ? "meta" : "data";
    }

    /** Bucket bounds of every latency histogram: 100 us to 30 s, roughly x2.5 apart. */
    static final Duration[] BUCKETS = {
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
        Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private Timer histogram(Timer.Builder builder) {
        // registering twice yields the same meter, so a race between two first uses is harmless
        // explicit buckets: micrometer's percentile histogram over 100 us..30 s has 84 buckets per series, about
        // 7,500 lines per scrape for a 16-backend cluster; these 17 keep the scrape small and cover the range
        return builder.serviceLevelObjectives(BUCKETS)
                .minimumExpectedValue(Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(MIN_MICROS)))
                .maximumExpectedValue(Duration.ofSeconds(MAX_SECONDS))
                .register(registry);
    }
}
