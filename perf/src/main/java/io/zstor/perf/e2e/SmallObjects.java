package io.zstor.perf.e2e;

import io.zstor.engine.ProgressListener;
import io.zstor.engine.StoreOptions;
import io.zstor.engine.StoreResult;
import io.zstor.engine.Zstor;
import io.zstor.engine.config.ConfigLoader;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.transport.daemon.DaemonClient;
import io.zstor.transport.daemon.DaemonRequest;
import io.zstor.transport.zdb.client.LettuceZdbConnector;
import io.zstor.transport.zdb.client.LettuceZdbOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;

/**
 * Many small objects (4 KiB each) stored and then retrieved, {@code parallel} objects at once, two ways:
 * through the daemon (a {@link DaemonHost} process serving a unix socket, driven by {@link DaemonClient}: one
 * blocking {@code store} request per file, one {@code retrieve} stream per object), and in this process
 * through the {@link Zstor} facade's bulk store {@link Zstor#storeAll}. Reports objects per second and the
 * CPU time of the process doing the work.
 */
final class SmallObjects {

    /** How objects reach the engine. */
    enum Via {
        DAEMON, FACADE
    }

    /** One run's figures. */
    record Result(String path, int objects, int objectSize, int parallel, double storeSeconds, double storeCpuSeconds,
                  double retrieveSeconds, double retrieveCpuSeconds, long peakRssBytes) {

        double storePerSecond() {
            return objects / storeSeconds;
        }

        double retrievePerSecond() {
            return objects / retrieveSeconds;
        }
    }

    private static final Duration WAIT = Duration.ofHours(1);

    private SmallObjects() {
    }

    /**
     * Writes {@code count} files of {@code size} random bytes under {@code dir} (a directory of its own per run,
     * so every run stores new keys), then stores and retrieves all of them with {@code parallel} objects in
     * flight.
     */
    static Result run(Via via, Path config, Path dir, int count, int size, int parallel, ZstorJvm zstorJvm,
            String classpath)
            throws IOException {
        List<Path> files = files(dir, count, size);
        String toml = Files.readString(config).replaceFirst("\n", "\nmax_parallel_uploads = " + parallel + "\n");
        Path tuned = dir.resolveSibling("small-" + parallel + ".toml");
        Files.writeString(tuned, toml);
        return via == Via.DAEMON ? viaDaemon(tuned, dir, files, size, parallel, zstorJvm, classpath)
                : viaFacade(tuned, files, size, parallel);
    }

    private static Result viaDaemon(Path config, Path dir, List<Path> files, int size, int parallel,
            ZstorJvm zstorJvm, String classpath) throws IOException {
        Path socket = dir.resolveSibling("zstor-" + parallel + ".sock");
        try (DaemonProcess daemon = DaemonProcess.start(config, socket, parallel, dir.resolveSibling("daemon.log"),
                zstorJvm, classpath)) {
            DaemonClient client = daemon.client();
            return measure("daemon (unix socket, own process)", files, size, parallel, daemon::cpuNanos,
                    () -> Flux.fromIterable(files)
                            .flatMap(f -> client.call(DaemonClient.store(f, Optional.empty(), false, false, true)).result(),
                                    parallel)
                            .count().block(WAIT),
                    () -> Flux.fromIterable(files)
                            .flatMap(f -> client.call(new DaemonRequest.RetrieveStream(DaemonClient.file(f))).data()
                                    .map(b -> (long) b.remaining()).reduce(0L, Long::sum), parallel)
                            .reduce(0L, Long::sum).block(WAIT),
                    daemon::peakRssBytes);
        }
    }

    private static Result viaFacade(Path config, List<Path> files, int size, int parallel) {
        ZstorConfig cfg = ConfigLoader.load(config);
        LettuceZdbOptions options = LettuceZdbOptions.builder()
                .connectTimeout(cfg.tuning().zdbConnectTimeout())
                .commandTimeout(cfg.tuning().zdbTimeout())
                .maxInFlight(cfg.tuning().zdbMaxInFlight())
                .build();
        try (Zstor zstor = Zstor.create(cfg, LettuceZdbConnector.create(options))) {
            zstor.test().block(WAIT); // connect every backend before timing
            LongSupplier cpu = () -> ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            List<String> keys = new ArrayList<>();
            return measure("in-process Zstor facade (storeAll)", files, size, parallel, cpu,
                    () -> {
                        keys.addAll(zstor.storeAll(Flux.fromIterable(files), new StoreOptions(Optional.empty(), false))
                                .map(StoreResult::key).collectList().block(WAIT));
                        return (long) keys.size();
                    },
                    () -> Flux.fromIterable(keys)
                            .flatMap(key -> zstor.retrieve(key, ProgressListener.NONE).map(ByteBuffer::remaining)
                                    .reduce(0L, (a, b) -> a + b), parallel)
                            .reduce(0L, Long::sum).block(WAIT),
                    () -> ProcFs.peakRssBytes(ProcessHandle.current().pid()).orElse(0));
        }
    }

    private static Result measure(String label, List<Path> files, int size, int parallel, LongSupplier cpu,
            java.util.function.Supplier<Long> store, java.util.function.Supplier<Long> retrieve, LongSupplier rss) {
        long cpu0 = cpu.getAsLong();
        long t0 = System.nanoTime();
        Long stored = store.get();
        long t1 = System.nanoTime();
        long cpu1 = cpu.getAsLong();
        if (stored == null || stored != files.size()) {
            throw new IllegalStateException("stored " + stored + " of " + files.size());
        }
        Long bytes = retrieve.get();
        long t2 = System.nanoTime();
        long cpu2 = cpu.getAsLong();
        if (bytes == null || bytes != (long) files.size() * size) {
            throw new IllegalStateException("retrieved " + bytes + " bytes, expected " + (long) files.size() * size);
        }
        return new Result(label, files.size(), size, parallel, (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9, (t2 - t1) / 1e9,
                (cpu2 - cpu1) / 1e9, rss.getAsLong());
    }

    private static List<Path> files(Path dir, int count, int size) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom(3);
        List<Path> files = new ArrayList<>(count);
        byte[] data = new byte[size];
        for (int i = 0; i < count; i++) {
            Path f = dir.resolve("obj-" + i);
            if (!Files.exists(f) || Files.size(f) != size) {
                for (int j = 0; j < size; j++) {
                    data[j] = (byte) random.nextInt();
                }
                Files.write(f, data);
            }
            files.add(f);
        }
        return files;
    }
}
