package io.zstor.perf.e2e;

import io.zstor.engine.ProgressListener;
import io.zstor.engine.StoreOptions;
import io.zstor.engine.StoreResult;
import io.zstor.engine.Zstor;
import io.zstor.engine.config.ConfigLoader;
import io.zstor.engine.config.ZstorConfig;
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
import reactor.core.publisher.Flux;

/**
 * Many small objects (4 KiB each) stored with the engine's bulk store {@link Zstor#storeAll} and retrieved
 * as streams, {@code max_parallel_uploads} objects at once, in this process through the {@link Zstor} facade
 * and the lettuce zdb client (the daemon is not on main yet). Reports objects per second and the CPU time
 * of this process over each phase.
 */
final class SmallObjects {

    /** One run's figures. */
    record Result(int objects, int objectSize, int parallel, double storeSeconds, double storeCpuSeconds,
                  double retrieveSeconds, double retrieveCpuSeconds) {

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
     * Writes {@code count} files of {@code size} random bytes under {@code dir} (once), then stores and
     * retrieves all of them with {@code parallel} objects in flight.
     */
    static Result run(Path config, Path dir, int count, int size, int parallel) throws IOException {
        List<Path> files = files(dir, count, size);
        String toml = Files.readString(config).replaceFirst("\n", "\nmax_parallel_uploads = " + parallel + "\n");
        ZstorConfig cfg = ConfigLoader.parse(toml, config.toString());
        LettuceZdbOptions options = LettuceZdbOptions.builder()
                .connectTimeout(cfg.tuning().zdbConnectTimeout())
                .commandTimeout(cfg.tuning().zdbTimeout())
                .maxInFlight(cfg.tuning().zdbMaxInFlight())
                .build();
        try (Zstor zstor = Zstor.create(cfg, LettuceZdbConnector.create(options))) {
            zstor.test().block(WAIT); // connect every backend before timing
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            List<String> keys = zstor.storeAll(Flux.fromIterable(files), new StoreOptions(Optional.empty(), false))
                    .map(StoreResult::key).collectList().block(WAIT);
            long t1 = System.nanoTime();
            long cpu1 = cpuNanos();
            if (keys == null || keys.size() != count) {
                throw new IllegalStateException("stored " + (keys == null ? 0 : keys.size()) + " of " + count);
            }
            Long bytes = Flux.fromIterable(keys)
                    .flatMap(key -> zstor.retrieve(key, ProgressListener.NONE).map(ByteBuffer::remaining)
                            .reduce(0L, (a, b) -> a + b), parallel)
                    .reduce(0L, Long::sum).block(WAIT);
            long t2 = System.nanoTime();
            long cpu2 = cpuNanos();
            if (bytes == null || bytes != (long) count * size) {
                throw new IllegalStateException("retrieved " + bytes + " bytes, expected " + (long) count * size);
            }
            return new Result(count, size, parallel, (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9, (t2 - t1) / 1e9,
                    (cpu2 - cpu1) / 1e9);
        }
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

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
