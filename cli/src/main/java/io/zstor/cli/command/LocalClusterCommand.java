package io.zstor.cli.command;

import io.zstor.cli.ExitCode;
import io.zstor.cli.UserError;
import io.zstor.cli.cluster.ClusterLayout;
import io.zstor.cli.cluster.LocalCluster;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zstor local-cluster --dir DIR}: starts 4 metadata and N data embedded 0-db servers on loopback,
 * persistent under DIR, writes {@code DIR/zstor.toml} (fresh random keys, mode 0600), prints how to use it and
 * runs until interrupted. Run again on the same DIR to get the same cluster back with its data.
 */
@Command(name = "local-cluster", description = "run embedded 0-db servers on loopback and write a config for them")
public final class LocalClusterCommand extends StandardCommand {

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "where servers keep their data and the config goes")
    Path dir;

    @Option(names = "--data-backends", paramLabel = "N", defaultValue = "6", description = "data backends (default: ${DEFAULT-VALUE})")
    int dataBackends;

    @Option(names = "--groups", paramLabel = "G", defaultValue = "2", description = "failure domains (default: ${DEFAULT-VALUE})")
    int groups;

    @Option(names = "--minimal-shards", paramLabel = "K", defaultValue = "0",
            description = "data shards per block (default: N - max(1, N/3))")
    int minimalShards;

    @Override
    public Integer call() throws InterruptedException {
        ClusterLayout layout;
        try {
            layout = ClusterLayout.of(dataBackends, groups, minimalShards);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, e.getMessage());
        }
        LocalCluster cluster = LocalCluster.start(dir, layout);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            stopped.countDown();
        }, "local-cluster-stop"));
        out().println("local cluster running: 4 metadata + " + cluster.dataServers() + " data 0-db servers under " + dir);
        out().println("config: " + cluster.config());
        out().println("try:   zstor -c " + cluster.config() + " store -f FILE");
        out().println("       zstor -c " + cluster.config() + " retrieve -f FILE -o COPY");
        out().println("       zstor -c " + cluster.config() + " status");
        out().println("stop with Ctrl-C; run again with the same --dir to get the data back");
        out().flush();
        stopped.await();
        return ExitCode.OK;
    }
}
