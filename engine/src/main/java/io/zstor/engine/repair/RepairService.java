package io.zstor.engine.repair;

import io.zstor.engine.periodic.Periodic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Meter;
import io.zstor.engine.RebuildResult;
import io.zstor.engine.Zstor;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.meta.ObjectMeta;
import io.zstor.engine.placement.BackendHealth;
import io.zstor.engine.placement.BackendState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Keeps every object at full redundancy. A sweep walks all metadata (every SCAN page, streamed) and queues
 * each object that has a piece on an unreachable backend (per the {@link BackendHealth} view) or on a
 * backend no longer in the config; a scrub sweep additionally reads every piece and queues objects with
 * missing or corrupt pieces. The queue is then drained least redundant first, {@code repair_concurrency}
 * objects at a time, each through {@link Zstor#repair}: only the lost pieces are rewritten, the object
 * keeps its k and m (redundancy never drops), and an object replaced meanwhile is left alone.
 *
 * <p>Sweeps run every {@code repair_interval_secs} (first one after one interval); a sweep is a scrub when
 * the last scrub is older than {@code scrub_interval_secs}. {@link #repairNow()} runs one at once. Sweeps
 * never overlap: a request during a sweep gets that sweep's report. Unlike the original, a failing object
 * or an unreadable record never aborts a sweep.
 *
 * <p>Metrics (micrometer names; Prometheus adds {@code _total} to counters):
 * {@code zstor.repair.objects.checked}, {@code zstor.repair.objects.repaired},
 * {@code zstor.repair.objects.failed}, {@code zstor.repair.pieces.rewritten},
 * {@code zstor.repair.pieces.corrupt}, {@code zstor.repair.sweeps} (tag {@code kind} = repair|scrub),
 * gauge {@code zstor.repair.queue.length}.
 */
public final class RepairService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RepairService.class);

    private final Zstor engine;
    private final Clock clock;
    private final PieceInspector inspector;
    private final PriorityQueue<RepairCandidate> queue = new PriorityQueue<>(RepairCandidate.URGENCY);
    private final AtomicReference<Mono<RepairReport>> inFlight = new AtomicReference<>();
    private final Periodic loop = Periodic.waitThenRound("repair sweep",
            this::sweepInterval, () -> sweep(scrubDue()));
    private final MeterRegistry meters;
    private final List<Meter> registered = new ArrayList<>();
    private final Counter checked;
    private final Counter repaired;
    private final Counter failed;
    private final Counter piecesRewritten;
    private final Counter piecesCorrupt;
    private final Counter repairSweeps;
    private final Counter scrubSweeps;
    private final Sinks.One<Boolean> closed = Sinks.one();
    private volatile Instant lastScrub;

    /**
     * @param engine the engine whose objects are kept repaired
     * @param meters where the repair metrics are registered (removed again on {@link #close()})
     * @param clock time source for the scrub schedule
     */
    public RepairService(Zstor engine, MeterRegistry meters, Clock clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.inspector = new PieceInspector(engine.namespaces());
        this.lastScrub = clock.instant();
        this.checked = counter("zstor.repair.objects.checked", "objects examined by repair sweeps");
        this.repaired = counter("zstor.repair.objects.repaired", "objects restored to full redundancy");
        this.failed = counter("zstor.repair.objects.failed", "object repairs that failed");
        this.piecesRewritten = counter("zstor.repair.pieces.rewritten", "pieces rewritten by repairs");
        this.piecesCorrupt = counter("zstor.repair.pieces.corrupt", "corrupt pieces found by scrubs");
        this.repairSweeps = register(Counter.builder("zstor.repair.sweeps").tag("kind", "repair")
                .description("repair sweeps run").register(meters));
        this.scrubSweeps = register(Counter.builder("zstor.repair.sweeps").tag("kind", "scrub")
                .description("repair sweeps run").register(meters));
        register(Gauge.builder("zstor.repair.queue.length", this, RepairService::queueLength)
                .description("objects waiting for repair").register(meters));
    }

    /** A service with the system clock. */
    public RepairService(Zstor engine, MeterRegistry meters) {
        this(engine, meters, Clock.systemUTC());
    }

    /** Starts the periodic sweeps; idempotent. */
    public RepairService start() {
        loop.start();
        return this;
    }

    /** Stops the periodic sweeps; a sweep already running finishes (see {@link #close()}). */
    public void stop() {
        loop.stop();
    }

    /**
     * Stops the periodic sweeps, cancels a running sweep (its callers, and later ones, get an empty result)
     * and removes the metrics.
     */
    @Override
    public void close() {
        stop();
        closed.tryEmitValue(true);
        synchronized (registered) {
            registered.forEach(meters::remove);
            registered.clear();
        }
    }

    /** Runs a repair sweep now (or joins the running sweep). */
    public Mono<RepairReport> repairNow() {
        return sweep(false);
    }

    /** Runs a scrub sweep now, reading and verifying every piece (or joins the running sweep). */
    public Mono<RepairReport> scrubNow() {
        return sweep(true);
    }

    /** Objects currently waiting for repair. */
    public int queueLength() {
        synchronized (queue) {
            return queue.size();
        }
    }

    private boolean scrubDue() {
        return !clock.instant().isBefore(lastScrub.plus(engine.config().tuning().scrubInterval()));
    }

    private Mono<RepairReport> sweep(boolean scrub) {
        return Mono.defer(() -> {
            Mono<RepairReport> current = inFlight.get();
            if (current != null) {
                return current;
            }
            // cleared before the result reaches any caller, so a request right after it starts a new sweep
            Mono<RepairReport> fresh = run(scrub).takeUntilOther(closed.asMono())
                    .doOnTerminate(() -> inFlight.set(null))
                    .doOnCancel(() -> inFlight.set(null))
                    .cache();
            if (!inFlight.compareAndSet(null, fresh)) {
                return Objects.requireNonNull(inFlight.get(), "sweep");
            }
            return fresh;
        });
    }

    private Mono<RepairReport> run(boolean scrub) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            if (scrub) {
                lastScrub = clock.instant();
            }
            ZstorConfig config = engine.config();
            BackendHealth health = engine.health();
            Set<BackendSpec> configured = new HashSet<>(config.groups().stream().map(GroupConfig::backends)
                    .flatMap(List::stream).toList());
            Predicate<BackendSpec> usable = b -> configured.contains(b) && health.state(b) != BackendState.UNREACHABLE;
            int concurrency = Math.max(1, config.tuning().repairConcurrency());
            Tally tally = new Tally();
            return engine.metadata().list()
                    .flatMap(meta -> assess(meta, scrub, usable, tally), concurrency)
                    .doOnNext(c -> {
                        tally.queued.incrementAndGet();
                        synchronized (queue) {
                            queue.add(c);
                        }
                    })
                    .thenMany(Flux.defer(() -> drain(concurrency, tally)))
                    .then(Mono.fromSupplier(() -> {
                        RepairReport report = new RepairReport(scrub, tally.checked.get(), tally.queued.get(),
                                tally.repaired.get(), tally.failed.get(), tally.pieces.get(), tally.keys(),
                                Duration.ofNanos(System.nanoTime() - start));
                        (scrub ? scrubSweeps : repairSweeps).increment();
                        if (report.needingRepair() > 0) {
                            LOG.info("{} sweep: {} objects checked, {} needed repair, {} repaired, {} failed",
                                    scrub ? "scrub" : "repair", report.checked(), report.needingRepair(),
                                    report.repaired(), report.failed());
                        }
                        return report;
                    }))
                    .doOnCancel(this::clearQueue)
                    .doOnError(e -> clearQueue());
        });
    }

    private Mono<RepairCandidate> assess(ObjectMeta meta, boolean scrub, Predicate<BackendSpec> usable, Tally tally) {
        Mono<PieceInspector.Finding> finding = scrub
                ? inspector.scrub(meta, usable)
                : Mono.just(PieceInspector.byPlacement(meta, usable));
        return finding
                .doOnNext(f -> {
                    checked.increment();
                    tally.checked.incrementAndGet();
                    piecesCorrupt.increment(f.corruptPieces());
                })
                .filter(PieceInspector.Finding::damaged)
                .map(f -> new RepairCandidate(meta.key(), f.margin()))
                .onErrorResume(e -> {
                    LOG.warn("could not inspect {}: {}", meta.key(), e.getMessage());
                    return Mono.empty();
                });
    }

    private Flux<RebuildResult> drain(int concurrency, Tally tally) {
        return Flux.<RepairCandidate>generate(sink -> {
            RepairCandidate next;
            synchronized (queue) {
                next = queue.poll();
            }
            if (next == null) {
                sink.complete();
            } else {
                sink.next(next);
            }
        }).flatMap(c -> repairOne(c, tally), concurrency, 1);
    }

    private Mono<RebuildResult> repairOne(RepairCandidate c, Tally tally) {
        tally.started(c.key());
        return engine.metadata().load(c.key())
                .flatMap(found -> found.map(engine::repair).orElseGet(Mono::empty))
                .filter(r -> r.piecesRewritten() > 0)
                .doOnNext(r -> {
                    repaired.increment();
                    piecesRewritten.increment(r.piecesRewritten());
                    tally.repaired.incrementAndGet();
                    tally.pieces.addAndGet(r.piecesRewritten());
                })
                .onErrorResume(e -> {
                    failed.increment();
                    tally.failed.incrementAndGet();
                    LOG.warn("repair of {} failed: {}", c.key(), e.getMessage());
                    return Mono.empty();
                });
    }

    private void clearQueue() {
        synchronized (queue) {
            queue.clear();
        }
    }

    /** Per-sweep counts. */
    private static final class Tally {
        final AtomicLong checked = new AtomicLong();
        final AtomicLong queued = new AtomicLong();
        final AtomicLong repaired = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong pieces = new AtomicLong();
        private final List<String> keys = new ArrayList<>();

        void started(String key) {
            synchronized (keys) {
                if (keys.size() < RepairReport.MAX_KEYS) {
                    keys.add(key);
                }
            }
        }

        List<String> keys() {
            synchronized (keys) {
                return List.copyOf(keys);
            }
        }
    }

    private Counter counter(String name, String description) {
        return register(Counter.builder(name).description(description).register(meters));
    }

    private <M extends Meter> M register(M meter) {
        synchronized (registered) {
            registered.add(meter);
        }
        return meter;
    }

    /** The interval between repair sweeps (read each time: a reload applies). */
    private java.time.Duration sweepInterval() {
        return engine.config().tuning().repairInterval();
    }
}
