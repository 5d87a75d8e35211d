package io.zstor.cli.command;

import io.zstor.cli.ExitCode;
import io.zstor.cli.UserError;
import io.zstor.transport.zdb.server.ZdbMode;
import io.zstor.transport.zdb.server.ZdbServer;
import io.zstor.transport.zdb.server.ZdbServerOptions;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zstor zdb --listen HOST:PORT --data DIR}: runs one embedded 0-db-compatible server until interrupted. */
@Command(name = "zdb", description = "run an embedded 0-db compatible server")
public final class ZdbCommand extends StandardCommand {

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9900",
            description = "address to listen on (default: ${DEFAULT-VALUE})")
    String listen;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default: in memory)")
    Path data;

    @Option(names = "--index", paramLabel = "DIR", description = "index directory (default: DATA/../index)")
    Path index;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "mixed", description = "mixed, user or seq (default: ${DEFAULT-VALUE})")
    ZdbMode mode;

    @Option(names = "--admin", paramLabel = "PASSWORD", description = "admin password", arity = "1")
    String admin;

    @Option(names = "--protect", description = "require the admin password for the default namespace")
    boolean protect;

    @Override
    public Integer call() throws InterruptedException {
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            throw new UserError(ExitCode.USAGE, "--listen " + listen + ": expected HOST:PORT");
        }
        String host = listen.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UserError(ExitCode.USAGE, "--listen " + listen + ": port is not a number");
        }
        ZdbServerOptions.Builder options = ZdbServerOptions.builder().host(host).port(port).mode(mode).protect(protect);
        if (data != null) {
            options.dataDir(data).indexDir(index != null ? index : data.toAbsolutePath().resolveSibling("index"));
        }
        if (admin != null) {
            options.adminPassword(admin);
        }
        ZdbServer server = ZdbServer.start(options.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "zdb-stop"));
        out().println("zdb listening on " + host + ":" + server.port());
        out().flush();
        stopped.await();
        return ExitCode.OK;
    }
}
