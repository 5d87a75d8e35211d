package io.zstor.engine.health;

import io.zstor.engine.periodic.Periodic;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.zstor.engine.BackendStatus;
import io.zstor.engine.NamespacePool;
import io.zstor.engine.Zstor;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceInfo;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbNamespace;
import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.meta.MetaStore;
import io.zstor.engine.placement.BackendHealth;
import io.zstor.engine.placement.BackendState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Watches every data and metadata backend with a periodic NSINFO round and classifies each one:
 * {@link BackendState#HEALTHY}; {@link BackendState#FULL} when its real free space is below
 * {@code low_space_threshold_mib}; {@link BackendState#UNKNOWN} while failing for less than
 * {@code unreachable_grace_secs}; {@link BackendState#UNREACHABLE} after that, until it answers again.
 *
 * <p>The monitor is itself the {@link BackendHealth} view placement and repair read. Unlike the original,
 * fullness uses the real free space (not the namespace limit), a full backend becomes healthy again once
 * space is freed, and checks never overlap: the next round is scheduled {@code health_check_interval_secs}
 * after the previous one ended. Metadata is made read-only (through {@link MetaStore#readOnlyWhen}) as soon
 * as one of the four metadata backends fails its check, and writable again when all answer.
 *
 * <p>Checks go through the engine's {@link NamespacePool}; a failing backend's namespace is invalidated so
 * the next check (and the next operation) reconnects. Nothing blocks: checks run on the pool's event loops
 * and the schedule on Reactor's parallel scheduler.
 */
public final class BackendMonitor implements BackendHealth, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackendMonitor.class);

    private record Slot(BackendSpec spec, BackendStatus.Role role) {
    }

    private final NamespacePool pool;
    private final Clock clock;
    private final AtomicReference<ZstorConfig> config;
    private final ConcurrentMap<Slot, BackendReport> reports = new ConcurrentHashMap<>();
    private final Periodic loop = Periodic.roundThenWait("backend check round",
            this::checkInterval, this::checkNow);
    private final ConcurrentMap<Slot, List<Gauge>> gauges = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;
    private volatile Gauge metadataGauge;
    private final List<Consumer<List<BackendReport>>> roundListeners = new CopyOnWriteArrayList<>();

    /**
     * @param pool the engine's namespace pool
     * @param config the config whose backends are watched (replace with {@link #reconfigure})
     * @param clock time source (a fixed or offset clock in tests)
     */
    public BackendMonitor(NamespacePool pool, ZstorConfig config, Clock clock) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.config = new AtomicReference<>(Objects.requireNonNull(config, "config"));
        this.clock = Objects.requireNonNull(clock, "clock");
        slots(config).forEach(this::track);
    }

    /**
     * A monitor over the engine's backends, installed into it: placement and repair read its view and
     * metadata becomes read-only while a metadata backend is down. Call {@link #start()} to run it.
     */
    public static BackendMonitor attach(Zstor engine) {
        BackendMonitor monitor = new BackendMonitor(engine.namespaces(), engine.config(), Clock.systemUTC());
        engine.useHealth(() -> monitor);
        engine.metadataReadOnlyWhen(monitor::metadataReadOnlyReason);
        return monitor;
    }

    /** Starts the periodic checks (first round at once); idempotent. */
    public BackendMonitor start() {
        loop.start();
        return this;
    }

    /** Stops the periodic checks; the last known states stay readable. */
    public void stop() {
        loop.stop();
    }

    @Override
    public void close() {
        stop();
        MeterRegistry r = registry;
        if (r != null) {
            gauges.values().forEach(list -> list.forEach(r::remove));
            gauges.clear();
            Gauge g = metadataGauge;
            if (g != null) {
                r.remove(g);
            }
        }
    }

    /**
     * Watches the backends of {@code next} from now on: new backends start {@link BackendState#UNKNOWN},
     * removed ones are forgotten (and their gauges removed), kept ones keep their state.
     */
    public void reconfigure(ZstorConfig next) {
        config.set(Objects.requireNonNull(next, "next"));
        List<Slot> wanted = slots(next);
        for (Slot s : List.copyOf(reports.keySet())) {
            if (!wanted.contains(s)) {
                reports.remove(s);
                removeGauges(s);
            }
        }
        wanted.forEach(this::track);
    }

    /**
     * One check round over every watched backend, in parallel; completes when all have answered or failed,
     * after the {@linkplain #onRound round listeners} have seen the new reports.
     */
    public Mono<Void> checkNow() {
        ZstorConfig current = config.get();
        Duration timeout = current.tuning().zdbTimeout();
        return Flux.fromIterable(slots(current))
                .flatMap(s -> check(s, current, timeout))
                .then(Mono.fromRunnable(this::roundDone));
    }

    /**
     * Calls {@code listener} with {@link #reports()} after every check round (on the thread that finished the
     * round: it must be quick and non-blocking). This is how other views of backend health, such as the
     * Prometheus per-backend series, follow the monitor without probing the backends themselves.
     */
    public BackendMonitor onRound(Consumer<List<BackendReport>> listener) {
        roundListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    private void roundDone() {
        if (roundListeners.isEmpty()) {
            return;
        }
        List<BackendReport> now = reports();
        for (Consumer<List<BackendReport>> l : roundListeners) {
            try {
                l.accept(now);
            } catch (RuntimeException e) {
                LOG.warn("backend round listener failed: {}", e.toString());
            }
        }
    }

    private Mono<Void> check(Slot slot, ZstorConfig current, Duration timeout) {
        NamespaceMode mode = mode(slot);
        return pool.open(slot.spec(), mode)
                .flatMap(ZdbNamespace::info)
                .timeout(timeout)
                .doOnNext(info -> succeeded(slot, info, current.tuning().lowSpaceThresholdBytes()))
                .onErrorResume(e -> {
                    pool.invalidate(slot.spec(), mode);
                    failed(slot, e, current.tuning().unreachableGrace());
                    return Mono.empty();
                })
                .then();
    }

    private void succeeded(Slot slot, NamespaceInfo info, long threshold) {
        long free = info.freeSpaceBytes();
        BackendState state = free < threshold ? BackendState.FULL : BackendState.HEALTHY;
        BackendReport before = reports.get(slot);
        BackendReport after = new BackendReport(slot.spec(), slot.role(), state, free, Optional.of(clock.instant()),
                Optional.empty(), Optional.empty(), Optional.of(info));
        if (reports.replace(slot, after) != null && before != null && before.state() != state) {
            LOG.info("{} backend {} is now {} ({} bytes free)", role(slot), slot.spec(), state, free);
        }
    }

    private void failed(Slot slot, Throwable e, Duration grace) {
        Instant now = clock.instant();
        BackendReport before = reports.get(slot);
        if (before == null) {
            return;
        }
        Instant since = before.failingSince().orElse(now);
        BackendState state = before.state() == BackendState.UNREACHABLE || !now.isBefore(since.plus(grace))
                ? BackendState.UNREACHABLE
                : BackendState.UNKNOWN;
        String message = Objects.toString(e.getMessage(), e.getClass().getSimpleName());
        reports.replace(slot, new BackendReport(slot.spec(), slot.role(), state, before.freeBytes(), before.lastSuccess(),
                Optional.of(since), Optional.of(message), before.info()));
        if (before.state() != state || before.failingSince().isEmpty()) {
            LOG.warn("{} backend {} failed its check ({}): now {}", role(slot), slot.spec(), message, state);
        }
    }

    // ------------------------------------------------------------------ views

    @Override
    public BackendState state(BackendSpec backend) {
        BackendState worst = null;
        for (BackendStatus.Role role : BackendStatus.Role.values()) {
            BackendReport r = reports.get(new Slot(backend, role));
            if (r != null && (worst == null || r.state().ordinal() > worst.ordinal())) {
                worst = r.state();
            }
        }
        return worst == null ? BackendState.UNKNOWN : worst;
    }

    @Override
    public long freeBytes(BackendSpec backend) {
        BackendReport r = reports.get(new Slot(backend, BackendStatus.Role.DATA));
        return r == null ? Long.MAX_VALUE : r.freeBytes();
    }

    /** Every watched backend's report, metadata backends first, in config order. */
    public List<BackendReport> reports() {
        List<BackendReport> out = new ArrayList<>();
        for (Slot s : slots(config.get())) {
            BackendReport r = reports.get(s);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** Metadata backends whose last check succeeded (before the first check none are counted as down). */
    public int reachableMetadataBackends() {
        List<BackendSpec> meta = config.get().meta().backends();
        return (int) meta.stream().filter(s -> !isDown(new Slot(s, BackendStatus.Role.METADATA))).count();
    }

    /**
     * Why metadata is read-only now: present while fewer than {@value MetaStore#BACKENDS} metadata backends
     * answer their checks, naming the ones that do not.
     */
    public Optional<String> metadataReadOnlyReason() {
        List<String> down = new ArrayList<>();
        for (BackendSpec s : config.get().meta().backends()) {
            if (isDown(new Slot(s, BackendStatus.Role.METADATA))) {
                down.add(s.displayName());
            }
        }
        if (down.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((MetaStore.BACKENDS - down.size()) + " of " + MetaStore.BACKENDS
                + " metadata backends reachable (down: " + String.join(", ", down) + ")");
    }

    private boolean isDown(Slot s) {
        BackendReport r = reports.get(s);
        return r != null && r.failingSince().isPresent();
    }

    // ------------------------------------------------------------------ metrics

    /**
     * Registers per-backend gauges: {@code zstor.backend.state} (0 unknown, 1 healthy, 2 full,
     * 3 unreachable) and {@code zstor.backend.free.bytes}, tagged {@code backend} ({@code address - namespace},
     * no password) and {@code role}; plus {@code zstor.metadata.reachable.backends}. Gauges of removed
     * backends are removed on {@link #reconfigure}.
     */
    public BackendMonitor bindTo(MeterRegistry meters) {
        this.registry = Objects.requireNonNull(meters, "meters");
        this.metadataGauge = Gauge.builder("zstor.metadata.reachable.backends", this,
                        BackendMonitor::reachableMetadataBackends)
                .description("metadata backends answering their health check").register(meters);
        reports.keySet().forEach(this::registerGauges);
        return this;
    }

    private void registerGauges(Slot s) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        gauges.computeIfAbsent(s, k -> {
            Tags tags = Tags.of("backend", k.spec().displayName(), "role", role(k));
            return List.of(
                    Gauge.builder("zstor.backend.state", this, m -> {
                        BackendReport rep = m.reports.get(k);
                        return rep == null ? 0 : rep.state().ordinal();
                    }).tags(tags).description("0 unknown, 1 healthy, 2 full, 3 unreachable").register(r),
                    Gauge.builder("zstor.backend.free.bytes", this, m -> {
                        BackendReport rep = m.reports.get(k);
                        return rep == null || rep.freeBytes() == Long.MAX_VALUE ? Double.NaN : rep.freeBytes();
                    }).tags(tags).baseUnit("bytes").description("free space at the last check").register(r));
        });
    }

    private void removeGauges(Slot s) {
        MeterRegistry r = registry;
        List<Gauge> list = gauges.remove(s);
        if (r != null && list != null) {
            list.forEach(r::remove);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void track(Slot s) {
        reports.putIfAbsent(s, new BackendReport(s.spec(), s.role(), BackendState.UNKNOWN, Long.MAX_VALUE,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        registerGauges(s);
    }

    private static List<Slot> slots(ZstorConfig c) {
        Map<Slot, Boolean> out = new LinkedHashMap<>();
        c.meta().backends().forEach(s -> out.put(new Slot(s, BackendStatus.Role.METADATA), true));
        c.groups().stream().map(GroupConfig::backends).flatMap(List::stream)
                .forEach(s -> out.put(new Slot(s, BackendStatus.Role.DATA), true));
        return List.copyOf(out.keySet());
    }

    private static NamespaceMode mode(Slot s) {
        return s.role() == BackendStatus.Role.METADATA ? NamespaceMode.USER : NamespaceMode.SEQUENTIAL;
    }

    private static String role(Slot s) {
        return s.role() == BackendStatus.Role.METADATA ? "meta" : "data";
    }

    @Override
    public String toString() {
        return "BackendMonitor" + reports();
    }

    /** The interval between check rounds (read each time: a reload applies). */
    private java.time.Duration checkInterval() {
        return config.get().tuning().healthCheckInterval();
    }
}
