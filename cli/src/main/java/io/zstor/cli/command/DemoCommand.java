package io.zstor.cli.command;

import io.zstor.cli.ExitCode;
import io.zstor.cli.cluster.ClusterLayout;
import io.zstor.cli.cluster.LocalCluster;
import io.zstor.cli.output.ProgressBar;
import io.zstor.cli.output.Sizes;
import io.zstor.cli.session.Sessions;
import io.zstor.cli.session.ZstorSession;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zstor demo}: the newcomer path in one command. Starts a throwaway local cluster, stores a file, stops
 * a data backend, retrieves the file from the remaining pieces, compares checksums and bytes, and prints what
 * happened at each step.
 */
@Command(name = "demo", description = "store and retrieve a file on a throwaway local cluster, with a backend down")
public final class DemoCommand extends StandardCommand {

    @Option(names = "--size-mib", paramLabel = "MIB", defaultValue = "64", description = "size of the demo file (default: ${DEFAULT-VALUE} MiB)")
    int sizeMib;

    @Option(names = "--keep", description = "keep the cluster directory instead of deleting it")
    boolean keep;

    @Override
    public Integer call() throws IOException {
        Path dir = Files.createTempDirectory("zstor-demo-");
        try (LocalCluster cluster = LocalCluster.start(dir, ClusterLayout.of(6, 2, 0))) {
            say("started a local cluster: 4 metadata + %d data 0-db servers in 2 groups under %s",
                    cluster.dataServers(), dir);
            say("config written to %s (4 of 6 shards needed per block)", cluster.config());
            Path file = dir.resolve("demo-input.bin");
            writeDemoFile(file, (long) sizeMib << 20);
            say("created %s (%s: half random bytes, half text)", file, Sizes.human(Files.size(file)));
            try (ZstorSession session = Sessions.open(cluster.config())) {
                long t0 = System.nanoTime();
                ZstorSession.Stored stored = session.store(file, Optional.empty(), true, ProgressBar.forTerminal("store"));
                say("stored it in %s: checksum %s", seconds(t0), stored.checksum());
                cluster.stopData(0);
                say("stopped data backend 0: its pieces are gone");
                Path copy = dir.resolve("demo-output.bin");
                long t1 = System.nanoTime();
                ZstorSession.Retrieved got = session.retrieve(file, copy, ProgressBar.forTerminal("retrieve"));
                say("retrieved it from the remaining backends in %s: checksum %s", seconds(t1), got.checksum());
                boolean same = Files.mismatch(file, copy) == -1 && got.checksum().equals(stored.checksum());
                say(same ? "OK: checksums and bytes match" : "FAILED: the retrieved file differs");
                return same ? ExitCode.OK : ExitCode.FAILED;
            }
        } finally {
            if (keep) {
                say("kept %s", dir);
            } else {
                deleteTree(dir);
            }
        }
    }

    private void say(String format, Object... args) {
        out().println("demo: " + String.format(Locale.ROOT, format, args));
        out().flush();
    }

    private static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private static void writeDemoFile(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[] text = "zstor stores files on 0-db servers, compressed, encrypted and erasure coded.\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += chunk.length) {
                if (written < size / 2) {
                    random.nextBytes(chunk);
                } else {
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = text[i % text.length];
                    }
                }
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temp directory left behind is harmless
        }
    }
}
