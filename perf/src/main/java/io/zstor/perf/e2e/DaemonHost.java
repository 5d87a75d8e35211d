package io.zstor.perf.e2e;

import io.zstor.engine.Zstor;
import io.zstor.engine.config.ConfigLoader;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.transport.daemon.DaemonServer;
import io.zstor.transport.daemon.DaemonServerOptions;
import io.zstor.transport.daemon.EngineDaemonHandler;
import io.zstor.transport.zdb.client.LettuceZdbConnector;
import io.zstor.transport.zdb.client.LettuceZdbOptions;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the zstor daemon (engine + {@link DaemonServer} over a unix socket) as its own process for the
 * small-object benchmark, while the CLI's {@code monitor} is not wired to it yet.
 *
 * <p>Usage: {@code DaemonHost CONFIG SOCKET MAX_CONCURRENT_COMMANDS}. Prints {@code daemon listening on SOCKET}
 * once serving; stops on SIGTERM.
 */
public final class DaemonHost {

    /** The line printed once the socket is served. */
    static final String LISTENING = "daemon listening on ";

    private DaemonHost() {
    }

    /** Entry point. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: DaemonHost CONFIG SOCKET MAX_CONCURRENT_COMMANDS");
            System.exit(2);
        }
        ZstorConfig config = ConfigLoader.load(Path.of(args[0]));
        Zstor zstor = Zstor.create(config, LettuceZdbConnector.create(LettuceZdbOptions.builder()
                .connectTimeout(config.tuning().zdbConnectTimeout())
                .commandTimeout(config.tuning().zdbTimeout())
                .maxInFlight(config.tuning().zdbMaxInFlight())
                .build()));
        DaemonServer server = DaemonServer.start(DaemonServerOptions.defaults(Path.of(args[1]))
                .withMaxConcurrentCommands(Integer.parseInt(args[2])), new EngineDaemonHandler(zstor));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop().block(java.time.Duration.ofMinutes(1));
            zstor.close();
            stopped.countDown();
        }, "daemon-shutdown"));
        System.out.println(LISTENING + args[1]);
        System.out.flush();
        stopped.await();
    }
}
