package io.zstor.cli.command;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zstor.cli.ExitCode;
import io.zstor.cli.UserError;
import io.zstor.engine.Zstor;
import io.zstor.engine.background.BackgroundServices;
import io.zstor.engine.config.ConfigLoader;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.transport.daemon.DaemonServer;
import io.zstor.transport.daemon.DaemonServerOptions;
import io.zstor.transport.daemon.EngineDaemonHandler;
import io.zstor.transport.metrics.BackendMetricsFeed;
import io.zstor.transport.metrics.LatencyMetrics;
import io.zstor.transport.metrics.MetricsServer;
import io.zstor.transport.metrics.ZstorMetrics;
import io.zstor.transport.zdb.client.LettuceZdbConnector;
import io.zstor.transport.zdb.client.LettuceZdbOptions;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code zstor monitor}: the daemon. Serves CLI commands on the config's unix socket, watches every backend,
 * repairs objects, evicts the local 0-db cache, exposes {@code /metrics} on {@code prometheus_port}, reloads
 * the config on SIGUSR1 (keeping the running one when the new one is invalid) and stops cleanly on
 * SIGINT/SIGTERM.
 */
@Command(name = "monitor", description = "run the daemon: serve commands on the config's socket, monitor and repair")
public final class MonitorCommand extends StandardCommand {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorCommand.class);


    @Override
    public Integer call() {
        Path configFile = global().config();
        ZstorConfig config = ConfigLoader.load(configFile);
        Path socket = config.socket().orElseThrow(() ->
                new UserError(ExitCode.USAGE, configFile + ": missing \"socket\": the daemon needs a socket to serve"));
        config.zdbfsMountpoint().ifPresent(m -> err().println(
                "zstor: zdbfs_mountpoint " + m + " is ignored: 0-db-fs statistics are not supported by this version"));
        LettuceZdbOptions options = LettuceZdbOptions.builder()
                .connectTimeout(config.tuning().zdbConnectTimeout())
                .commandTimeout(config.tuning().zdbTimeout())
                .maxInFlight(config.tuning().zdbMaxInFlight())
                .build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ZstorMetrics metrics = new ZstorMetrics(registry);
        LatencyMetrics latency = new LatencyMetrics(registry);
        Zstor engine = Zstor.builder(config, LettuceZdbConnector.create(options))
                .backendLatency(latency)
                .stageLatency(latency)
                .build();
        DaemonServer server;
        try {
            server = DaemonServer.start(DaemonServerOptions.defaults(socket)
                            .withPidFile(Optional.of(config.pidFile().orElse(Path.of("/var/run/zstor.pid"))))
                            .withMaxConcurrentCommands(config.tuning().maxParallelUploads()),
                    new EngineDaemonHandler(engine, metrics)).bindMetrics(registry);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        BackgroundServices background = BackgroundServices.start(engine, registry);
        BackendMetricsFeed.attach(background.monitor(), metrics);
        MetricsServer http = config.prometheusPort().isPresent()
                ? MetricsServer.start("::", config.prometheusPort().getAsInt(), registry, metrics) : null;
        installReload(background, configFile);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "zstor-monitor-stop"));
        LOG.info("zstor daemon serving {}", socket);
        out().println("zstor daemon serving " + socket
                + (http != null ? ", metrics on port " + http.port() : ""));
        out().flush();
        server.onStop().block();
        background.close();
        if (http != null) {
            http.close();
        }
        engine.close();
        return ExitCode.OK;
    }

    /** SIGUSR1: parse and validate the config file again; keep the running config when it is invalid. */
    private static void installReload(BackgroundServices background, Path configFile) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("USR1"), signal -> background.reload(configFile).subscribe(
                    report -> LOG.info("config reloaded from {}: {}", configFile, report),
                    error -> LOG.error("config reload from {} rejected, keeping the running config: {}", configFile,
                            io.zstor.cli.Failures.oneLine(error))));
        } catch (IllegalArgumentException unsupported) {
            LOG.warn("SIGUSR1 is not available on this platform: no hot reload");
        }
    }
}
