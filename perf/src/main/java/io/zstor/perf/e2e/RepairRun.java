package io.zstor.perf.e2e;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zstor.engine.ProgressListener;
import io.zstor.engine.StoreOptions;
import io.zstor.engine.StoreResult;
import io.zstor.engine.Zstor;
import io.zstor.engine.background.BackgroundServices;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.config.ConfigLoader;
import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.meta.ObjectMeta;
import io.zstor.engine.pipeline.StreamCursor;
import io.zstor.engine.placement.BackendState;
import io.zstor.engine.repair.RepairReport;
import io.zstor.transport.zdb.client.LettuceZdbConnector;
import io.zstor.transport.zdb.client.LettuceZdbOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;

/**
 * The engine side of the repair benchmark, run as its own process (so its CPU and memory are its own) in
 * three steps the harness calls in turn around killing a data 0-db:
 *
 * <ul>
 *   <li>{@code store CONFIG DIR}: stores every file of DIR through the {@link Zstor} facade ({@code storeAll})
 *       and prints {@code holder ADDRESS OBJECTS} per data backend: how many objects have a piece there.
 *   <li>{@code repair CONFIG DEAD_ADDRESS}: starts the daemon's {@link BackgroundServices} (backend monitor,
 *       repair service) exactly as {@code zstor monitor} does, waits until the monitor declares the dead
 *       backend unreachable, then runs one repair sweep ({@code RepairService.repairNow()}) and checks that
 *       no object's metadata still names the dead backend. Prints {@code repair objects=.. damaged=..
 *       damagedBytes=.. repaired=.. failed=.. pieces=.. detectNanos=.. nanos=.. cpuNanos=..} (sweep time and
 *       this process's CPU during the sweep); exits 1 when an object is left on the dead backend.
 *   <li>{@code verify CONFIG DIR}: retrieves the object of every file of DIR and compares it byte for byte;
 *       exits 1 on the first difference. The harness runs it with further backends down, so it proves full
 *       redundancy, not just readability.
 * </ul>
 */
public final class RepairRun {

    private static final Duration WAIT = Duration.ofHours(2);
    private static final Duration DETECT_TIMEOUT = Duration.ofMinutes(2);

    private RepairRun() {
    }

    /** Entry point. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3 || !List.of("store", "repair", "verify").contains(args[0])) {
            System.err.println("usage: RepairRun store CONFIG DIR | repair CONFIG DEAD_ADDRESS | verify CONFIG DIR");
            System.exit(2);
        }
        ZstorConfig config = ConfigLoader.load(Path.of(args[1]));
        int status;
        try (Zstor zstor = Zstor.create(config, LettuceZdbConnector.create(LettuceZdbOptions.builder()
                .connectTimeout(config.tuning().zdbConnectTimeout())
                .commandTimeout(config.tuning().zdbTimeout())
                .maxInFlight(config.tuning().zdbMaxInFlight())
                .build()))) {
            status = switch (args[0]) {
                case "store" -> store(zstor, Path.of(args[2]));
                case "repair" -> repair(zstor, args[2]);
                default -> verify(zstor, Path.of(args[2]));
            };
        }
        System.out.flush();
        System.exit(status); // lettuce and reactor threads
    }

    private static int store(Zstor zstor, Path dir) throws IOException {
        List<Path> files = files(dir);
        List<StoreResult> stored = zstor.storeAll(Flux.fromIterable(files), new StoreOptions(Optional.empty(), false))
                .collectList().block(WAIT);
        if (stored == null || stored.size() != files.size()) {
            System.err.println("stored " + (stored == null ? 0 : stored.size()) + " of " + files.size() + " files");
            return 1;
        }
        Map<String, Integer> holders = new TreeMap<>();
        for (GroupConfig g : zstor.config().groups()) {
            g.backends().forEach(b -> holders.put(b.address(), 0));
        }
        for (ObjectMeta meta : objects(zstor)) {
            meta.backends().stream().map(BackendSpec::address).distinct().forEach(a -> holders.merge(a, 1, Integer::sum));
        }
        holders.forEach((address, count) -> System.out.println("holder " + address + " " + count));
        return 0;
    }

    private static int repair(Zstor zstor, String deadAddress) throws InterruptedException {
        BackendSpec dead = zstor.config().groups().stream().flatMap(g -> g.backends().stream())
                .filter(b -> b.address().equals(deadAddress)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no data backend " + deadAddress + " in the config"));
        try (BackgroundServices background = BackgroundServices.start(zstor, new SimpleMeterRegistry())) {
            long t0 = System.nanoTime();
            while (background.monitor().state(dead) != BackendState.UNREACHABLE) {
                if (System.nanoTime() - t0 > DETECT_TIMEOUT.toNanos()) {
                    System.err.println("the monitor did not declare " + deadAddress + " unreachable within "
                            + DETECT_TIMEOUT);
                    return 1;
                }
                Thread.sleep(20);
            }
            long detect = System.nanoTime() - t0;
            List<ObjectMeta> before = objects(zstor);
            List<ObjectMeta> damaged = before.stream().filter(m -> holds(m, deadAddress)).toList();
            long cpu0 = cpuNanos();
            long s0 = System.nanoTime();
            RepairReport report = background.repair().repairNow().block(WAIT);
            long nanos = System.nanoTime() - s0;
            long cpu = cpuNanos() - cpu0;
            if (report == null) {
                System.err.println("the repair sweep was cancelled");
                return 1;
            }
            List<ObjectMeta> after = objects(zstor);
            long left = after.stream().filter(m -> holds(m, deadAddress)).count();
            long incomplete = after.stream().filter(m -> m.backends().stream().distinct().count() != m.totalShards())
                    .count();
            System.out.println("repair objects=" + before.size() + " damaged=" + damaged.size()
                    + " damagedBytes=" + damaged.stream().mapToLong(ObjectMeta::size).sum()
                    + " repaired=" + report.repaired() + " failed=" + report.failed()
                    + " pieces=" + report.piecesRewritten() + " detectNanos=" + detect + " nanos=" + nanos
                    + " cpuNanos=" + cpu);
            if (left > 0 || incomplete > 0 || after.size() != before.size()) {
                System.err.println("after the sweep " + left + " objects still have pieces on " + deadAddress + ", "
                        + incomplete + " have two pieces on one backend, " + after.size() + " of " + before.size()
                        + " objects listed");
                return 1;
            }
            return 0;
        }
    }

    private static int verify(Zstor zstor, Path dir) throws IOException {
        for (Path file : files(dir)) {
            String key = zstor.keyFor(file, Optional.empty());
            long position = 0;
            try (FileChannel original = FileChannel.open(file, StandardOpenOption.READ);
                    StreamCursor<ByteBuffer> chunks = StreamCursor.open(zstor.retrieve(key, ProgressListener.NONE), 4)) {
                while (chunks.hasNext()) {
                    ByteBuffer chunk = chunks.next();
                    ByteBuffer expected = ByteBuffer.allocate(chunk.remaining());
                    while (expected.hasRemaining() && original.read(expected, position + expected.position()) > 0) {
                        // read the same range of the original
                    }
                    expected.flip();
                    long at = expected.mismatch(chunk);
                    if (at >= 0) {
                        System.err.println(file + ": retrieved object differs at byte " + (position + at));
                        return 1;
                    }
                    position += chunk.remaining();
                }
                if (position != original.size()) {
                    System.err.println(file + ": retrieved " + position + " bytes of " + original.size());
                    return 1;
                }
            }
        }
        System.out.println("verified");
        return 0;
    }

    private static boolean holds(ObjectMeta meta, String address) {
        return meta.backends().stream().anyMatch(b -> b.address().equals(address));
    }

    private static List<ObjectMeta> objects(Zstor zstor) {
        List<ObjectMeta> all = zstor.metadata().list().collectList().block(WAIT);
        return all == null ? List.of() : all;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
