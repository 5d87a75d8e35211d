package io.zstor.engine.reload;

import io.zstor.engine.Zstor;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.config.ConfigException;
import io.zstor.engine.config.ConfigLoader;
import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.health.BackendMonitor;
import io.zstor.engine.meta.MetaStore;
import io.zstor.engine.repair.MetadataMigration;
import io.zstor.engine.repair.RepairService;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Installs a new configuration into a running engine. The new config must keep what existing data depends
 * on — the data key, the metadata key, the metadata prefix and the root — and its redundancy policy must be
 * placeable on its backends; otherwise the reload is rejected with one clear line and nothing changes (the
 * original swallowed parse errors and never validated).
 *
 * <p>On success: when the metadata backends changed, every metadata record is re-encoded onto the new set
 * first (metadata is read-only meanwhile; the new set must be fully reachable); then the config and metadata
 * store are swapped atomically, so operations started afterwards use the new backends; the backend monitor
 * watches the new set; and when data backends were removed a repair sweep is started in the background to
 * move their pieces. Keys read only at start-up ({@code socket}, {@code pid_file}, {@code prometheus_port},
 * {@code zdbfs_mountpoint}) are reported as not applied. One reload runs at a time.
 */
public final class ConfigReloader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    private final Zstor engine;
    private final Optional<BackendMonitor> monitor;
    private final Optional<RepairService> repair;
    private final AtomicBoolean busy = new AtomicBoolean();

    /**
     * @param engine the running engine
     * @param monitor the backend monitor to re-point, if one runs
     * @param repair the repair service that moves pieces off removed backends, if one runs
     */
    public ConfigReloader(Zstor engine, Optional<BackendMonitor> monitor, Optional<RepairService> repair) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.repair = Objects.requireNonNull(repair, "repair");
    }

    /**
     * Parses {@code file} (off the reactor threads) and reloads it. Parse and validation problems are joined
     * into the one-line message of a {@link ReloadRejectedException}.
     */
    public Mono<ReloadReport> reload(Path file) {
        return Mono.fromCallable(() -> ConfigLoader.load(file))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(ConfigException.class, e -> new ReloadRejectedException(
                        "config reload rejected, keeping the running config: " + String.join("; ", e.problems()), e))
                .flatMap(this::reload);
    }

    /** Validates and installs {@code next}; errors with {@link ReloadRejectedException} leave everything as is. */
    public Mono<ReloadReport> reload(ZstorConfig next) {
        return Mono.defer(() -> {
            if (!busy.compareAndSet(false, true)) {
                return Mono.<ReloadReport>error(new ReloadRejectedException(
                        "config reload rejected: another reload is running"));
            }
            return attempt(Objects.requireNonNull(next, "next")).doFinally(s -> busy.set(false));
        }).doOnError(e -> LOG.warn("{}", e.getMessage()));
    }

    private Mono<ReloadReport> attempt(ZstorConfig next) {
        return Mono.defer(() -> {
            ZstorConfig current = engine.config();
            Optional<String> problem = ReloadValidation.problem(current, next, engine);
            if (problem.isPresent()) {
                return Mono.error(new ReloadRejectedException(
                        "config reload rejected, keeping the running config: " + problem.get()));
            }
            boolean metaChanged = !current.meta().backends().equals(next.meta().backends());
            Mono<Moved> meta = metaChanged ? moveMetadata(next) : Mono.just(new Moved(engine.metadata(), 0));
            return meta.map(moved -> install(current, next, moved, metaChanged));
        });
    }

    private record Moved(MetaStore store, long records) {
    }

    private Mono<Moved> moveMetadata(ZstorConfig next) {
        MetaStore old = engine.metadata();
        MetaStore fresh = engine.openMetaStore(next.meta().backends());
        return fresh.checkWritable()
                .onErrorMap(e -> new ReloadRejectedException(
                        "config reload rejected, keeping the running config: new metadata backends not usable: "
                                + e.getMessage(), e))
                .then(Mono.fromRunnable(() -> old.readOnlyWhen(
                        () -> Optional.of("metadata is moving to new backends after a config reload"))))
                .then(MetadataMigration.copy(old, fresh))
                .map(result -> {
                    if (result.unreadable() > 0) {
                        LOG.warn("{} unreadable metadata records were not moved to the new metadata backends",
                                result.unreadable());
                    }
                    return new Moved(fresh, result.copied());
                })
                .onErrorMap(e -> !(e instanceof ReloadRejectedException), e -> new ReloadRejectedException(
                        "config reload rejected, keeping the running config: moving metadata failed: "
                                + e.getMessage(), e))
                .doOnError(e -> old.readOnlyWhen(engine.metadataGate()));
    }

    private ReloadReport install(ZstorConfig current, ZstorConfig next, Moved moved, boolean metaChanged) {
        engine.swap(next, moved.store());
        monitor.ifPresent(m -> m.reconfigure(next));
        Set<BackendSpec> before = dataBackends(current);
        Set<BackendSpec> after = dataBackends(next);
        List<String> added = after.stream().filter(b -> !before.contains(b)).map(BackendSpec::displayName).toList();
        List<String> removed = before.stream().filter(b -> !after.contains(b)).map(BackendSpec::displayName).toList();
        ReloadReport report = new ReloadReport(added, removed, metaChanged, moved.records(),
                ReloadValidation.restartOnly(current, next));
        LOG.info("config reloaded: {} data backends added, {} removed{}{}", added.size(), removed.size(),
                metaChanged ? ", metadata moved (" + moved.records() + " records)" : "",
                report.notApplied().isEmpty() ? "" : "; needs a restart to apply: " + report.notApplied());
        if (!removed.isEmpty()) {
            repair.ifPresent(r -> r.repairNow().subscribe(
                    rep -> LOG.info("repair after reload: {} objects repaired, {} failed", rep.repaired(), rep.failed()),
                    e -> LOG.warn("repair after reload failed: {}", e.getMessage())));
        }
        return report;
    }

    private static Set<BackendSpec> dataBackends(ZstorConfig c) {
        Set<BackendSpec> out = new LinkedHashSet<>();
        c.groups().stream().map(GroupConfig::backends).forEach(out::addAll);
        return out;
    }
}
