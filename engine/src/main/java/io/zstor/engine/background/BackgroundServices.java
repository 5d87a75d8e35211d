package io.zstor.engine.background;

import io.micrometer.core.instrument.MeterRegistry;
import io.zstor.engine.Zstor;
import io.zstor.engine.cache.DataDirEvictor;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.health.BackendMonitor;
import io.zstor.engine.reload.ConfigReloader;
import io.zstor.engine.reload.ReloadReport;
import io.zstor.engine.repair.RepairService;
import java.nio.file.Path;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The daemon's background services over one engine, wired together: the {@link BackendMonitor} feeds
 * placement and the metadata read-only gate, the {@link RepairService} reads the monitor's view, the
 * {@link ConfigReloader} re-points the monitor and hands removed backends to repair, and the
 * {@link DataDirEvictor} keeps the local 0-db data dir bounded. Metrics go to the registry given.
 *
 * <p>Start it after building the engine and {@link #close()} it before closing the engine.
 */
public final class BackgroundServices implements AutoCloseable {

    private final BackendMonitor monitor;
    private final RepairService repair;
    private final DataDirEvictor evictor;
    private final ConfigReloader reloader;

    private BackgroundServices(Zstor engine, MeterRegistry meters) {
        this.monitor = BackendMonitor.attach(engine).bindTo(meters);
        this.repair = new RepairService(engine, meters);
        this.evictor = new DataDirEvictor(engine, meters);
        this.reloader = new ConfigReloader(engine, Optional.of(monitor), Optional.of(repair));
    }

    /** Builds and starts every service (monitor first, so placement sees real states early). */
    public static BackgroundServices start(Zstor engine, MeterRegistry meters) {
        BackgroundServices s = new BackgroundServices(engine, meters);
        s.monitor.start();
        s.repair.start();
        s.evictor.start();
        return s;
    }

    /** The backend monitor. */
    public BackendMonitor monitor() {
        return monitor;
    }

    /** The repair service ({@code repairNow()}, {@code scrubNow()}). */
    public RepairService repair() {
        return repair;
    }

    /** The data dir evictor. */
    public DataDirEvictor evictor() {
        return evictor;
    }

    /** The config reloader. */
    public ConfigReloader reloader() {
        return reloader;
    }

    /** Parses and installs a config file (SIGUSR1); see {@link ConfigReloader#reload(Path)}. */
    public Mono<ReloadReport> reload(Path file) {
        return reloader.reload(file);
    }

    /** Installs an already parsed config; see {@link ConfigReloader#reload(ZstorConfig)}. */
    public Mono<ReloadReport> reload(ZstorConfig config) {
        return reloader.reload(config);
    }

    /** Stops every service and removes their metrics; the engine keeps running. */
    @Override
    public void close() {
        evictor.close();
        repair.close();
        monitor.close();
    }
}
