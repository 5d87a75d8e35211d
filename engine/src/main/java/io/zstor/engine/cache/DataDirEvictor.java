package io.zstor.engine.cache;

import io.zstor.engine.periodic.Periodic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zstor.engine.Zstor;
import io.zstor.engine.codec.Blake2b128;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.meta.ObjectMeta;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps the local 0-db data directory under {@code max_zdb_data_dir_size} MiB. Each round (every
 * {@code dir_monitor_interval_secs}, settings read from the engine's current config so a reload applies)
 * sums the regular files directly in {@code zdb_data_dir_path}; above the limit it walks them least
 * recently accessed first and deletes a file only when its stored object exists with the same size and the
 * same BLAKE2b-128 checksum as the local content, and the file did not change while being verified (the
 * original deleted any file that merely had metadata). It stops as soon as the directory is within the limit.
 * A file that cannot be verified is kept and the round continues. All file I/O runs on
 * {@code boundedElastic}.
 *
 * <p>Metrics: counters {@code zstor.cache.evicted.files} and {@code zstor.cache.evicted.bytes}, gauge
 * {@code zstor.cache.dir.bytes} (size at the end of the last round).
 */
public final class DataDirEvictor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirEvictor.class);
    private static final int CHUNK = 1 << 20;

    private final Zstor engine;
    private final Periodic loop = Periodic.waitThenRound("data dir eviction round",
            this::roundInterval, this::evictNow);
    private final MeterRegistry meters;
    private final Counter evictedFiles;
    private final Counter evictedBytes;
    private final Gauge dirBytes;
    private final AtomicLong lastSize = new AtomicLong();

    /**
     * @param engine the engine whose metadata proves a file is stored
     * @param meters where the eviction metrics are registered (removed again on {@link #close()})
     */
    public DataDirEvictor(Zstor engine, MeterRegistry meters) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.evictedFiles = Counter.builder("zstor.cache.evicted.files")
                .description("verified files deleted from the local 0-db data dir").register(meters);
        this.evictedBytes = Counter.builder("zstor.cache.evicted.bytes").baseUnit("bytes")
                .description("bytes deleted from the local 0-db data dir").register(meters);
        this.dirBytes = Gauge.builder("zstor.cache.dir.bytes", lastSize, AtomicLong::get).strongReference(true).baseUnit("bytes")
                .description("size of the local 0-db data dir after the last round").register(meters);
    }

    /** An evictor without exported metrics. */
    public DataDirEvictor(Zstor engine) {
        this(engine, new SimpleMeterRegistry());
    }

    /** Starts the periodic rounds (first one after one interval); idempotent. */
    public DataDirEvictor start() {
        loop.start();
        return this;
    }

    /** Stops the periodic rounds. */
    public void stop() {
        loop.stop();
    }

    /** Stops the rounds and removes the metrics. */
    @Override
    public void close() {
        stop();
        for (Meter m : new Meter[] {evictedFiles, evictedBytes, dirBytes}) {
            meters.remove(m);
        }
    }

    private record Candidate(Path file, long size, FileTime accessed, FileTime modified) {
    }

    /** Runs one round now. */
    public Mono<EvictionReport> evictNow() {
        return Mono.defer(() -> {
            ZstorConfig config = engine.config();
            if (config.zdbDataDirPath().isEmpty() || config.maxZdbDataDirSizeMib().isEmpty()) {
                return Mono.just(EvictionReport.disabled());
            }
            Path dir = config.zdbDataDirPath().get();
            long limit = config.maxZdbDataDirSizeMib().getAsLong() << 20;
            return Mono.fromCallable(() -> list(dir)).subscribeOn(Schedulers.boundedElastic())
                    .flatMap(files -> evict(files, limit));
        });
    }

    private Mono<EvictionReport> evict(List<Candidate> files, long limit) {
        long before = files.stream().mapToLong(Candidate::size).sum();
        if (before <= limit) {
            lastSize.set(before);
            return Mono.just(new EvictionReport(true, before, before, limit, 0, 0));
        }
        AtomicLong total = new AtomicLong(before);
        AtomicInteger deleted = new AtomicInteger();
        AtomicInteger kept = new AtomicInteger();
        List<Candidate> oldestFirst = new ArrayList<>(files);
        oldestFirst.sort(Comparator.comparing(Candidate::accessed).thenComparing(Candidate::file));
        return Flux.fromIterable(oldestFirst)
                .concatMap(c -> total.get() <= limit ? Mono.empty() : verifiedDelete(c)
                        .doOnNext(gone -> {
                            if (gone) {
                                total.addAndGet(-c.size());
                                evictedFiles.increment();
                                evictedBytes.increment(c.size());
                                deleted.incrementAndGet();
                            } else {
                                kept.incrementAndGet();
                            }
                        }))
                .then(Mono.fromSupplier(() -> {
                    EvictionReport r = new EvictionReport(true, before, total.get(), limit, deleted.get(), kept.get());
                    lastSize.set(r.bytesAfter());
                    if (r.withinLimit()) {
                        LOG.info("data dir eviction: deleted {} verified files, {} of {} bytes used", r.deleted(),
                                r.bytesAfter(), limit);
                    } else {
                        LOG.warn("data dir eviction: still {} bytes used, above the limit of {} ({} files not verified"
                                + " as stored were kept)", r.bytesAfter(), limit, r.kept());
                    }
                    return r;
                }));
    }

    /** True when the file was verified against its stored object and deleted. */
    private Mono<Boolean> verifiedDelete(Candidate c) {
        return Mono.fromCallable(() -> engine.keyFor(c.file(), Optional.empty()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(key -> engine.metadata().load(key))
                .flatMap(meta -> {
                    if (meta.isEmpty()) {
                        LOG.debug("keeping {}: not stored", c.file());
                        return Mono.just(false);
                    }
                    return Mono.fromCallable(() -> deleteIfSame(c, meta.get()))
                            .subscribeOn(Schedulers.boundedElastic());
                })
                .onErrorResume(e -> {
                    LOG.warn("keeping {}: cannot verify it ({})", c.file(), e.getMessage());
                    return Mono.just(false);
                });
    }

    private static boolean deleteIfSame(Candidate c, ObjectMeta meta) throws IOException {
        if (meta.size() != c.size()) {
            LOG.debug("keeping {}: stored size {} differs from {}", c.file(), meta.size(), c.size());
            return false;
        }
        if (!MessageDigest.isEqual(hash(c.file()), meta.checksum())) {
            LOG.info("keeping {}: its content differs from the stored object", c.file());
            return false;
        }
        BasicFileAttributes now = Files.readAttributes(c.file(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (now.size() != c.size() || !now.lastModifiedTime().equals(c.modified())) {
            LOG.info("keeping {}: it changed while being verified", c.file());
            return false;
        }
        return Files.deleteIfExists(c.file());
    }

    private static byte[] hash(Path file) throws IOException {
        Blake2b128 h = new Blake2b128();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            while (ch.read(buf) >= 0) {
                buf.flip();
                h.update(buf);
                buf.clear();
            }
        }
        return h.finish();
    }

    private static List<Candidate> list(Path dir) throws IOException {
        List<Candidate> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile()) {
                    out.add(new Candidate(p, a.size(), a.lastAccessTime(), a.lastModifiedTime()));
                }
            }
        }
        return out;
    }

    /** The interval between eviction rounds (read each time: a reload applies). */
    private java.time.Duration roundInterval() {
        return engine.config().tuning().dirMonitorInterval();
    }
}
