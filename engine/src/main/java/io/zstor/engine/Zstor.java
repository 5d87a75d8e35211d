package io.zstor.engine;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbConnector;
import io.zstor.engine.backend.ZdbNamespace;
import io.zstor.engine.codec.AeadCipher;
import io.zstor.engine.codec.Blake2b128;
import io.zstor.engine.codec.ErasureCoder;
import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.latency.BackendLatencyListener;
import io.zstor.engine.latency.StageListener;
import io.zstor.engine.latency.TimedZdbConnector;
import io.zstor.engine.meta.FailureRecord;
import io.zstor.engine.meta.MetaKeys;
import io.zstor.engine.meta.MetaStore;
import io.zstor.engine.meta.ObjectMeta;
import io.zstor.engine.pipeline.Codecs;
import io.zstor.engine.pipeline.ObjectReader;
import io.zstor.engine.pipeline.ObjectRebuilder;
import io.zstor.engine.pipeline.ObjectWriter;
import io.zstor.engine.pipeline.PipelineSchedulers;
import io.zstor.engine.pipeline.PlainBuffers;
import io.zstor.engine.placement.BackendHealth;
import io.zstor.engine.placement.PlacementStrategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The zstor engine facade: store, retrieve, rebuild, check, delete, list, status and test over a validated
 * config. Every operation returns a lazy {@link Mono} or {@link Flux}, never blocks a reactor thread (file
 * I/O runs on {@code boundedElastic}), and fails with a typed {@link ZstorException} (or a
 * {@link io.zstor.engine.backend.ZdbException} for {@link #test()}) carrying a one-line message.
 *
 * <p>Objects are streamed: memory is bounded by {@code blocks_in_flight} blocks whatever the object size.
 * Metadata is saved only after every piece is stored, so a failed store never leaves a visible object.
 *
 * <p>The engine owns the connector passed to it and closes it in {@link #close()}.
 */
public final class Zstor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Zstor.class);
    private static final int FILE_CHUNK = 1 << 20;
    /**
     * Objects from this size on are retrieved to a file around the page cache where the file system allows
     * (see OutputFile): what that saves grows with the size, while its cost (a file system look-up and a
     * second open) is per file, so a file of a block or two is written through the page cache as before.
     */
    private static final long DIRECT_OUTPUT_MIN_BYTES = 8L << 20;

    private volatile ZstorConfig config;
    private final ZdbConnector connector;
    private final NamespacePool pool;
    private final Codecs codecs;
    private final PlacementStrategy placement;
    private volatile Supplier<BackendHealth> health;
    private final PipelineSchedulers schedulers;
    private volatile MetaStore metaStore;
    private final ObjectWriter writer;
    private final ObjectReader reader;
    private final ObjectRebuilder rebuilder;
    /** Commit steps of stores, deletes, rebuilds and repairs of one key run one at a time. */
    private final KeyLocks locks = new KeyLocks();
    private final KeyResolver keys;
    private final StageListener stages;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private static final java.util.concurrent.atomic.AtomicBoolean CIPHER_WARMING =
            new java.util.concurrent.atomic.AtomicBoolean();
    private final boolean warmUpCipher;
    private final java.util.concurrent.atomic.AtomicBoolean budgetWarned = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * The blocks in flight of one operation: {@code blocks_in_flight}, lowered when that many blocks of this
     * size would not fit the heap share of one of {@code max_parallel_uploads} operations (logged once).
     */
    private int blocksInFlight(long blockBytes, int dataShards, int totalShards) {
        ZstorConfig c = config;
        int configured = c.tuning().blocksInFlight();
        int allowed = io.zstor.engine.pipeline.MemoryBudget.of(Runtime.getRuntime().maxMemory(), c.tuning().maxParallelUploads())
                .blocksInFlight(configured, blockBytes, dataShards, totalShards);
        if (allowed < configured && budgetWarned.compareAndSet(false, true)) {
            LOG.warn("blocks_in_flight = {} with {} KiB blocks does not fit the heap ({} MiB max, {} parallel operations):"
                    + " using {}; raise -Xmx (ZSTOR_JAVA_OPTS) or lower block_size", configured, blockBytes >> 10,
                    Runtime.getRuntime().maxMemory() >> 20, c.tuning().maxParallelUploads(), allowed);
        }
        return allowed;
    }

    /**
     * Longest wait for one piece: the command timeout plus two connection attempts and a margin for queueing
     * behind other commands; a safety net under the client's own timeouts.
     */
    static java.time.Duration pieceDeadline(ZstorConfig c) {
        return c.tuning().zdbTimeout().multipliedBy(2).plus(c.tuning().zdbConnectTimeout().multipliedBy(2)).plusSeconds(1);
    }

    /** The blocks in flight to read {@code meta} (its blocks may be larger than today's {@code block_size}). */
    private int blocksInFlight(ObjectMeta meta) {
        long largest = meta.blocks().isEmpty() ? 1 : meta.blocks().get(0).plainLength();
        return blocksInFlight(largest, meta.dataShards(), meta.totalShards());
    }

    /**
     * On the first data operation, compiles the JDK's AES-GCM fast path in the background (once per JVM):
     * a cold JDK 17 otherwise encrypts 4 MiB blocks at ~50 MB/s for a long time. Commands that move no data
     * (check, list, status) never pay for it.
     */
    private void warmUpCipher() {
        if (warmUpCipher && CIPHER_WARMING.compareAndSet(false, true)) {
            Mono.fromRunnable(io.zstor.engine.codec.AesGcmCipher::warmUp)
                    .subscribeOn(Schedulers.boundedElastic())
                    .subscribe(x -> { }, e -> LOG.debug("AES-GCM warm-up failed: {}", e.toString()));
        }
    }

    private Zstor(Builder b) {
        this.warmUpCipher = b.warmUpCipher;
        this.config = b.config;
        this.connector = b.connector;
        this.codecs = b.codecs.cachingCoders();
        this.placement = b.placement;
        this.health = b.health;
        this.stages = b.stages;
        this.pool = new NamespacePool(TimedZdbConnector.wrap(connector, b.backendLatency));
        io.zstor.engine.pipeline.RandomIds.init();
        this.schedulers = PipelineSchedulers.create();
        AeadCipher dataCipher = codecs.cipher().forKey(config.encryption().key());
        AeadCipher metaCipher = codecs.cipher().forKey(config.meta().encryption().key());
        this.metaStore = new MetaStore(config.meta().backends(), new MetaKeys(config.meta().prefix()), metaCipher,
                codecs.erasure().create(2, 2), pool, stages);
        this.writer = new ObjectWriter(schedulers, codecs.compressor(), dataCipher, stages);
        this.reader = new ObjectReader(schedulers, codecs.compressor(), dataCipher, pool, pieceDeadline(config), stages);
        this.rebuilder = new ObjectRebuilder(schedulers, reader, pool);
        this.keys = new KeyResolver(config.root());
    }

    /**
     * Builds an engine with the standard codecs and placement. Connects lazily, on first use.
     *
     * @param config a validated configuration
     * @param connector opens namespaces; owned (closed) by the engine from now on
     */
    public static Zstor create(ZstorConfig config, ZdbConnector connector) {
        return builder(config, connector).build();
    }

    /**
     * A builder to swap codecs, placement or the health view, or to plug in latency listeners (tests,
     * benchmarks, the daemon).
     */
    public static Builder builder(ZstorConfig config, ZdbConnector connector) {
        return new Builder(config, connector);
    }

    /** Builds a {@link Zstor}. */
    public static final class Builder {
        private boolean warmUpCipher;
        private final ZstorConfig config;
        private final ZdbConnector connector;
        private Codecs codecs;
        private PlacementStrategy placement;
        private Supplier<BackendHealth> health = BackendHealth::allHealthy;
        private BackendLatencyListener backendLatency = BackendLatencyListener.NONE;
        private StageListener stages = StageListener.NONE;

        private Builder(ZstorConfig config, ZdbConnector connector) {
            this.config = Objects.requireNonNull(config, "config");
            this.connector = Objects.requireNonNull(connector, "connector");
        }

        /** The codec implementations (default {@link StandardCodecs#codecs()}). */
        public Builder codecs(Codecs codecs) {
            this.codecs = codecs;
            return this;
        }

        /** The placement strategy (default {@link StandardCodecs#placement()}). */
        public Builder placement(PlacementStrategy placement) {
            this.placement = placement;
            return this;
        }

        /** The live backend health view placement uses (default: all healthy). */
        public Builder health(Supplier<BackendHealth> health) {
            this.health = health;
            return this;
        }

        /**
         * Receives the duration of every 0-db command the engine sends, per backend and command (default:
         * none, and then commands are not timed at all).
         */
        public Builder backendLatency(BackendLatencyListener listener) {
            this.backendLatency = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Receives the duration of each data path stage: block encode, decode, write and fetch, metadata save
         * and load (default: none).
         */
        public Builder stageLatency(StageListener listener) {
            this.stages = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The engine. */
        public Zstor build() {
            if (codecs == null) {
                codecs = StandardCodecs.codecs();
                warmUpCipher = true;
            }
            if (placement == null) {
                placement = StandardCodecs.placement();
            }
            return new Zstor(this);
        }
    }

    /** The configuration this engine runs with. */
    public ZstorConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ keys

    /**
     * The key a file is stored under (original semantics: canonical {@code keyDir/<name>}, root stripped).
     * Touches the file system: call it off reactor threads.
     */
    public String keyFor(Path file, Optional<Path> keyPath) {
        return keys.storeKey(file, keyPath);
    }

    /** The key of a path given to retrieve, check or rebuild (lexical clean, root stripped). */
    public String lookupKey(Path path) {
        return keys.lookupKey(path);
    }

    /** Where {@code retrieve --file} writes an object: {@code root/key}, or the key path. */
    public Path pathFor(String key) {
        return keys.pathFor(key);
    }

    // ------------------------------------------------------------------ store

    /** Stores a local file under its key; skips the upload when the same content is already stored. */
    public Mono<StoreResult> store(Path file, StoreOptions options, ProgressListener progress) {
        warmUpCipher();
        return Mono.fromCallable(() -> keys.storeKey(file, options.keyPath()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(key -> Mono.fromCallable(() -> Files.size(file))
                        .subscribeOn(Schedulers.boundedElastic())
                        .onErrorMap(IOException.class, e -> new StoreFailedException("cannot read " + file + ": " + e.getMessage(), e))
                        .flatMap(size -> metaStore.checkWritable()
                                .then(options.skipUnchanged() ? metaStore.load(key) : Mono.just(Optional.<ObjectMeta>empty()))
                                .flatMap(existing -> {
                                    if (existing.isPresent() && existing.get().size() == size) {
                                        return unchanged(file, existing.get())
                                                .switchIfEmpty(Mono.defer(() -> storeStream(key, readFile(file), size, progress)));
                                    }
                                    return storeStream(key, readFile(file), size, progress);
                                })));
    }

    /** Stores a stream (e.g. stdin) under an explicit key, replacing an existing object. */
    public Mono<StoreResult> store(String key, Flux<ByteBuffer> data, ProgressListener progress) {
        warmUpCipher();
        return metaStore.checkWritable().then(storeStream(key, data, -1, progress));
    }

    /** Stores many files, at most {@code max_parallel_uploads} at once; failures are reported at the end. */
    public Flux<StoreResult> storeAll(Flux<Path> files, StoreOptions options) {
        warmUpCipher();
        return files.flatMapDelayError(f -> store(f, options, ProgressListener.NONE),
                Math.max(1, config.tuning().maxParallelUploads()), 1);
    }

    private Mono<StoreResult> unchanged(Path file, ObjectMeta existing) {
        return Mono.fromCallable(() -> {
            Blake2b128 h = new Blake2b128();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer buf = ByteBuffer.allocateDirect(FILE_CHUNK);
                while (ch.read(buf) >= 0) {
                    buf.flip();
                    h.update(buf);
                    buf.clear();
                }
            }
            return java.security.MessageDigest.isEqual(h.finish(), existing.checksum());
        }).subscribeOn(Schedulers.boundedElastic())
                .filter(Boolean::booleanValue)
                .map(same -> {
                    LOG.debug("{} already stored with the same checksum", existing.key());
                    return new StoreResult(existing.key(), existing.size(), existing.checksumHex(),
                            existing.blocks().size(), true);
                });
    }

    private Mono<StoreResult> storeStream(String key, Flux<ByteBuffer> data, long size, ProgressListener progress) {
        int k = config.minimalShards();
        int m = config.parityShards();
        ErasureCoder coder = codecs.erasure().create(k, m);
        return placeAndOpen(key, Map.of(), new ArrayList<>(), 0)
                .flatMap(placed -> writer.write(key, data, coder, placed.backends(), placed.namespaces(),
                        config.tuning().blockSize(), blocksInFlight(config.tuning().blockSize(), k, k + m), size, progress))
                .flatMap(written -> commit(key, written)
                        .thenReturn(new StoreResult(key, written.meta().size(), written.meta().checksumHex(),
                                written.meta().blocks().size(), false)))
                .doOnError(this::forgetBrokenBackend);
    }

    /**
     * Saves the metadata of written pieces in place of the version stored now, read in the key's turn (so a
     * concurrent store, delete or repair of the key in this engine is either wholly before or wholly after),
     * then deletes the replaced version's pieces, which nothing points at any more.
     */
    private Mono<Void> commit(String key, ObjectWriter.Written written) {
        MetaStore store = metaStore;
        return locks.exclusive(store.keys().objectKey(key), store.load(key)
                        .flatMap(previous -> (previous.isPresent() ? store.save(written.meta()) : store.saveNew(written.meta()))
                                .thenReturn(previous)))
                .onErrorResume(e -> discardUnlessCommitted(key, written, e))
                .flatMap(previous -> previous.map(this::deletePieces).orElse(Mono.empty()));
    }

    /**
     * After a failed commit: when the record reached, or may still reach, enough metadata backends to be
     * readable (a write needs all four, a read two), its pieces are kept, and so are the replaced version's, so
     * no readable metadata ever points at deleted pieces; otherwise they are discarded. Either way the store
     * fails.
     */
    private <T> Mono<T> discardUnlessCommitted(String key, ObjectWriter.Written written, Throwable error) {
        if (error instanceof MetadataUnavailableException m && m.partlyWritten()) {
            return Mono.error(new StoreFailedException("storing " + key + " failed: metadata reached only "
                    + "some metadata backends (" + error.getMessage() + "); the new version may be readable, "
                    + "store it again to restore full metadata redundancy", error));
        }
        return written.discard().then(Mono.error(new StoreFailedException(
                "storing " + key + " failed: metadata not saved: " + error.getMessage(), error)));
    }

    /** Drops the cached connection of a data backend that broke, so the next operation reconnects. */
    private void forgetBrokenBackend(Throwable error) {
        for (io.zstor.engine.backend.ZdbException z : io.zstor.engine.backend.ZdbException.inChain(error)) {
            if (z.kind() == io.zstor.engine.backend.ZdbErrorKind.UNREACHABLE
                    || z.kind() == io.zstor.engine.backend.ZdbErrorKind.TIMEOUT) {
                dataBackends().stream().filter(s -> s.displayName().equals(z.backend()))
                        .forEach(s -> pool.invalidate(s, NamespaceMode.SEQUENTIAL));
            }
        }
    }

    /** Chosen backends with their open namespaces. */
    record Placed(List<BackendSpec> backends, List<ZdbNamespace> namespaces) {
    }

    private Mono<Placed> placeAndOpen(String key, Map<Integer, BackendSpec> fixed, List<BackendSpec> excluded, int attempt) {
        return Mono.defer(() -> {
            List<BackendSpec> chosen;
            try {
                chosen = placement.place(config, excluding(health.get(), excluded), fixed);
            } catch (RuntimeException e) {
                return Mono.error(new StoreFailedException("storing " + key + " failed: " + ErrorText.of(e), e));
            }
            return Flux.fromIterable(chosen)
                    .flatMapSequential(spec -> pool.open(spec, NamespaceMode.SEQUENTIAL)
                            .map(Optional::of)
                            .onErrorResume(e -> {
                                LOG.warn("backend {} unusable for {}: {}", spec, key, e.getMessage());
                                synchronized (excluded) {
                                    excluded.add(spec);
                                }
                                return Mono.just(Optional.empty());
                            }))
                    .collectList()
                    .flatMap(opened -> {
                        if (opened.stream().allMatch(Optional::isPresent)) {
                            return Mono.just(new Placed(chosen, opened.stream().map(Optional::get).toList()));
                        }
                        if (attempt >= 4) {
                            return Mono.error(new StoreFailedException("storing " + key + " failed: backends unavailable: "
                                    + excluded));
                        }
                        return placeAndOpen(key, fixed, excluded, attempt + 1);
                    });
        });
    }

    static BackendHealth excluding(BackendHealth base, List<BackendSpec> excluded) {
        List<BackendSpec> snapshot;
        synchronized (excluded) {
            snapshot = List.copyOf(excluded);
        }
        if (snapshot.isEmpty()) {
            return base;
        }
        return new BackendHealth() {
            @Override
            public io.zstor.engine.placement.BackendState state(BackendSpec backend) {
                return snapshot.contains(backend) ? io.zstor.engine.placement.BackendState.UNREACHABLE : base.state(backend);
            }

            @Override
            public long freeBytes(BackendSpec backend) {
                return base.freeBytes(backend);
            }
        };
    }

    private static Flux<ByteBuffer> readFile(Path file) {
        return Flux.using(() -> FileChannel.open(file, StandardOpenOption.READ),
                ch -> Flux.<ByteBuffer>generate(sink -> {
                    try {
                        // sized by what is left, so a small file costs a small buffer, not a whole chunk
                        long left = ch.size() - ch.position();
                        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(FILE_CHUNK, Math.max(left, 1)));
                        while (buf.hasRemaining()) {
                            if (ch.read(buf) < 0) {
                                break;
                            }
                        }
                        buf.flip();
                        if (buf.hasRemaining()) {
                            sink.next(buf);
                        } else {
                            sink.complete();
                        }
                    } catch (IOException e) {
                        sink.error(new StoreFailedException("cannot read " + file + ": " + e.getMessage(), e));
                    }
                }), ch -> {
                    try {
                        ch.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).subscribeOn(Schedulers.boundedElastic());
    }

    // ------------------------------------------------------------------ retrieve

    /** Retrieves to a file: written to a temporary file beside it, checksum verified, then renamed. */
    public Mono<RetrieveResult> retrieve(String key, Path out, ProgressListener progress) {
        warmUpCipher();
        return load(key).flatMap(meta -> {
            ObjectReader.Stats stats = new ObjectReader.Stats();
            PlainBuffers buffers = PlainBuffers.reused(); // each block's array goes back once written
            Flux<ByteBuffer> data = reader.read(meta, codecs.erasure().create(meta.dataShards(), meta.parityShards()),
                    blocksInFlight(meta), stats, progress, buffers);
            return FileSink.write(data, out, buffers::giveBack, meta.size() >= DIRECT_OUTPUT_MIN_BYTES)
                    .then(Mono.fromSupplier(() -> new RetrieveResult(key, meta.size(), meta.checksumHex(),
                            stats.piecesFromParity())));
        });
    }

    /** Retrieves as a stream; the checksum is verified at the end (error signal if wrong). */
    public Flux<ByteBuffer> retrieve(String key, ProgressListener progress) {
        warmUpCipher();
        return load(key).flatMapMany(meta -> reader.read(meta,
                codecs.erasure().create(meta.dataShards(), meta.parityShards()), blocksInFlight(meta),
                new ObjectReader.Stats(), progress));
    }

    private Mono<ObjectMeta> load(String key) {
        return metaStore.load(key).flatMap(o -> o.map(Mono::just)
                .orElseGet(() -> Mono.error(new ObjectNotFoundException("no metadata found for " + key))));
    }

    // ------------------------------------------------------------------ other operations

    /**
     * Re-encodes an object onto healthy backends of the current config, rewriting only missing or corrupt
     * pieces, or everything when the config's k/m differ from the object's. {@code key} is an object key or
     * a raw metadata key ({@code /<prefix>/meta/<hex>}).
     */
    public Mono<RebuildResult> rebuild(String key) {
        boolean raw = metaStore.keys().isObjectKey(key);
        String storageKey = raw ? key : metaStore.keys().objectKey(key);
        return metaStore.checkWritable()
                .then(metaStore.loadByStorageKey(storageKey))
                .flatMap(o -> o.map(Mono::just)
                        .orElseGet(() -> Mono.error(new ObjectNotFoundException("no metadata found for " + key))))
                .flatMap(meta -> rebuilder.rebuild(meta, config, codecs,
                        (fixed, excluded) -> placeAndOpen(meta.key(), fixed, excluded, 0)
                                .map(p -> new ObjectRebuilder.Target(p.backends(), p.namespaces())),
                        dataBackends())
                        .flatMap(outcome -> outcome.changed()
                                ? commitRebuilt(metaStore, storageKey, meta, outcome, "rebuilding")
                                : Mono.just(outcome.result())))
                .onErrorMap(e -> !(e instanceof ZstorException),
                        e -> new RebuildFailedException("rebuilding " + key + " failed: " + ErrorText.of(e), e));
    }

    /** The stored checksum (BLAKE2b-128, 32 lowercase hex) or empty when the object is absent. */
    public Mono<Optional<String>> check(String key) {
        return metaStore.load(key).map(o -> o.map(ObjectMeta::checksumHex));
    }

    /**
     * Deletes an object: metadata first, in the key's turn (the object disappears at once), then its pieces
     * best-effort.
     */
    public Mono<Boolean> delete(String key) {
        MetaStore store = metaStore;
        return locks.exclusive(store.keys().objectKey(key), store.load(key)
                        .flatMap(o -> o.isEmpty() ? Mono.just(o) : store.delete(key).thenReturn(o)))
                .flatMap(o -> o.map(meta -> deletePieces(meta).thenReturn(true)).orElse(Mono.just(false)));
    }

    private Mono<Void> deletePieces(ObjectMeta meta) {
        return Flux.range(0, meta.totalShards())
                .flatMap(i -> pool.open(meta.backends().get(i), NamespaceMode.SEQUENTIAL)
                        .flatMapMany(ns -> Flux.fromIterable(meta.blocks())
                                .flatMap(b -> ns.delete(b.pieces().get(i).key()), 8))
                        .onErrorResume(e -> {
                            LOG.warn("could not delete pieces of {} on {}: {}", meta.key(), meta.backends().get(i),
                                    e.getMessage());
                            return Mono.empty();
                        }))
                .then();
    }

    /** Every stored object: key, size, stored time, checksum. */
    public Flux<ObjectSummary> list() {
        return metaStore.list().map(m -> new ObjectSummary(m.key(), m.size(), m.storedAt(), m.checksumHex()));
    }

    /** Per backend: reachability, entries, used and free bytes; metadata backends first. */
    public Mono<ClusterStatus> status() {
        return Mono.zip(statuses(config.meta().backends(), BackendStatus.Role.METADATA, NamespaceMode.USER),
                statuses(dataBackends(), BackendStatus.Role.DATA, NamespaceMode.SEQUENTIAL))
                .map(t -> new ClusterStatus(t.getT1(), t.getT2()));
    }

    private Mono<List<BackendStatus>> statuses(List<BackendSpec> specs, BackendStatus.Role role, NamespaceMode mode) {
        return Flux.fromIterable(specs)
                .flatMapSequential(spec -> pool.open(spec, mode)
                        .flatMap(ZdbNamespace::info)
                        .map(info -> new BackendStatus(spec.displayName(), role, true, mode.nsinfoName(), info.entries(),
                                info.dataSizeBytes(), info.freeSpaceBytes(), Optional.empty()))
                        .onErrorResume(e -> {
                            pool.invalidate(spec, mode);
                            return Mono.just(new BackendStatus(spec.displayName(), role, false, mode.nsinfoName(), 0, 0, 0,
                                    Optional.ofNullable(e.getMessage())));
                        }))
                .collectList();
    }

    /**
     * Checks every data and metadata backend (connect, mode, PING) and that the redundancy policy can be
     * met; the error names every failing backend.
     */
    public Mono<Void> test() {
        List<Mono<String>> checks = new ArrayList<>();
        config.meta().backends().forEach(s -> checks.add(ping(s, NamespaceMode.USER)));
        dataBackends().forEach(s -> checks.add(ping(s, NamespaceMode.SEQUENTIAL)));
        return Flux.merge(checks).collectList().flatMap(failures -> {
            if (!failures.isEmpty()) {
                return Mono.error(new BackendUnavailableException("backend check failed: " + String.join("; ", failures)));
            }
            return Mono.fromRunnable(() -> placement.place(config, health.get(), Map.of()))
                    .onErrorMap(e -> new BackendUnavailableException("redundancy policy cannot be met: " + ErrorText.of(e), e))
                    .then();
        });
    }

    private Mono<String> ping(BackendSpec spec, NamespaceMode mode) {
        return pool.open(spec, mode).flatMap(ZdbNamespace::ping)
                .then(Mono.<String>empty())
                .onErrorResume(e -> Mono.just(spec.displayName() + ": " + e.getMessage()));
    }

    /** Records a failed store for later retry ({@code store --save-failure}). */
    public Mono<Void> saveFailure(String key, String reason) {
        return metaStore.saveFailure(new FailureRecord(key, reason, Instant.now()));
    }

    /** Every recorded failure. */
    public Flux<FailureRecord> failures() {
        return metaStore.failures();
    }

    /** Removes a failure record (after a successful retry); true when it existed. */
    public Mono<Boolean> clearFailure(String key) {
        return metaStore.deleteFailure(key);
    }

    private List<BackendSpec> dataBackends() {
        return config.groups().stream().map(GroupConfig::backends).flatMap(List::stream).toList();
    }

    /** Closes every connection and the connector, and stops the engine's threads; idempotent. Blocks: call off reactor threads. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            pool.close().then(connector.close()).block(Duration.ofSeconds(30));
        } finally {
            schedulers.dispose();
        }
    }

    // ------------------------------------------------------------------ background hooks
    // Used by io.zstor.engine.{health,repair,reload,cache}: the backend monitor, repair service, config
    // reloader and data dir evictor. Kept together so the core operations above stay untouched.

    private volatile Supplier<Optional<String>> metadataGate = Optional::empty;

    /** The namespace pool every operation shares (the backend monitor checks through it too). */
    public NamespacePool namespaces() {
        return pool;
    }

    /** The live metadata store (replaced by {@link #swap} when the metadata backends change). */
    public MetaStore metadata() {
        return metaStore;
    }

    /** Replaces the health view placement and repair use (the backend monitor installs itself here). */
    public void useHealth(Supplier<BackendHealth> view) {
        this.health = Objects.requireNonNull(view, "view");
    }

    /** The current health view. */
    public BackendHealth health() {
        return health.get();
    }

    /**
     * Makes metadata read-only while {@code reason} returns a value (installed on the live store and on
     * every store {@link #openMetaStore} builds).
     */
    public void metadataReadOnlyWhen(Supplier<Optional<String>> reason) {
        this.metadataGate = Objects.requireNonNull(reason, "reason");
        metaStore.readOnlyWhen(reason);
    }

    /** The installed metadata read-only check. */
    public Supplier<Optional<String>> metadataGate() {
        return metadataGate;
    }

    /** A metadata store over other backends with this engine's metadata key, prefix and read-only check. */
    public MetaStore openMetaStore(List<BackendSpec> backends) {
        MetaStore store = new MetaStore(backends, new MetaKeys(config.meta().prefix()),
                codecs.cipher().forKey(config.meta().encryption().key()), codecs.erasure().create(2, 2), pool, stages);
        store.readOnlyWhen(metadataGate);
        return store;
    }

    /**
     * Throws a {@link io.zstor.engine.placement.PlacementException} when {@code candidate} cannot place an
     * object even with every backend healthy.
     */
    public void checkPlacement(ZstorConfig candidate) {
        placement.place(candidate, BackendHealth.allHealthy(), Map.of());
    }

    /**
     * Atomically installs a new config (and metadata store): operations started afterwards use them. The
     * caller (the config reloader) has checked that keys, prefix and root are unchanged.
     */
    public synchronized void swap(ZstorConfig next, MetaStore nextMeta) {
        this.metaStore = Objects.requireNonNull(nextMeta, "nextMeta");
        this.config = Objects.requireNonNull(next, "next");
    }

    /**
     * Restores full redundancy of one object in its own layout (its k and m are kept, so redundancy never
     * drops): only pieces that are missing, corrupt, or on a backend that is unreachable or no longer
     * configured are rewritten, onto usable backends of the current config. The new metadata is saved only
     * if the object was not replaced meanwhile; otherwise the new pieces are deleted again.
     */
    public Mono<RebuildResult> repair(ObjectMeta meta) {
        ZstorConfig current = config;
        BackendHealth view = health.get();
        boolean sameShape = current.minimalShards() == meta.dataShards() && current.expectedShards() == meta.totalShards();
        // an object of another shape keeps it; its pieces are spread by the configured group and node
        // redundancy where that can hold for its shape, else placed without it
        ZstorConfig layout = sameShape ? current : withShape(current, meta, current.redundantGroups(), current.redundantNodes());
        ZstorConfig relaxed = sameShape ? current : withShape(current, meta, 0, 0);
        List<BackendSpec> usable = current.groups().stream().map(GroupConfig::backends).flatMap(List::stream)
                .filter(s -> view.state(s) != io.zstor.engine.placement.BackendState.UNREACHABLE)
                .toList();
        MetaStore store = metaStore;
        String storageKey = store.keys().objectKey(meta.key());
        return rebuilder.rebuild(meta, layout, codecs,
                        (fixed, excluded) -> placeAndOpen(layout, meta.key(), fixed, excluded, 0)
                                .onErrorResume(io.zstor.engine.placement.PlacementException.class, e -> relaxed == layout
                                        ? Mono.error(e) : placeAndOpen(relaxed, meta.key(), fixed, excluded, 0)), usable)
                .flatMap(outcome -> outcome.changed()
                        ? commitRebuilt(store, storageKey, meta, outcome, "repairing")
                        : Mono.just(outcome.result()))
                .onErrorMap(e -> !(e instanceof ZstorException),
                        e -> new RebuildFailedException("repairing " + meta.key() + " failed: " + ErrorText.of(e), e));
    }

    /** {@code current} with the object's k and n and the given group and node redundancy. */
    private static ZstorConfig withShape(ZstorConfig current, ObjectMeta meta, int redundantGroups, int redundantNodes) {
        return new ZstorConfig(meta.dataShards(), meta.totalShards(), redundantGroups, redundantNodes, current.root(),
                current.socket(), current.pidFile(), current.zdbDataDirPath(), current.maxZdbDataDirSizeMib(),
                current.zdbfsMountpoint(), current.prometheusPort(), current.encryption(), current.compression(),
                current.meta(), current.groups(), current.tuning());
    }

    /**
     * Saves rebuilt metadata if the object is still the version the rebuild started from, checked and saved in
     * the key's turn; then deletes the pieces it superseded. When the object was replaced or deleted meanwhile,
     * or the save failed without reaching readers, the rebuilt pieces are deleted instead.
     */
    private Mono<RebuildResult> commitRebuilt(MetaStore store, String storageKey, ObjectMeta meta,
            ObjectRebuilder.Outcome outcome, String doing) {
        return locks.exclusive(storageKey, store.loadByStorageKey(storageKey).flatMap(latest -> {
            if (latest.isPresent() && latest.get().equals(meta)) {
                return store.save(storageKey, outcome.meta()).thenReturn(true);
            }
            return Mono.just(false);
        })).onErrorResume(e -> e instanceof MetadataUnavailableException m && m.partlyWritten()
                ? Mono.error(e) // the rebuilt record may be what readers see: its pieces stay
                : discardNewPieces(meta, outcome.meta()).then(Mono.error(e))).flatMap(saved -> {
            if (saved) {
                return outcome.cleanup().thenReturn(outcome.result());
            }
            LOG.info("{} changed during {}; discarding the rebuilt pieces", meta.key(), doing);
            return discardNewPieces(meta, outcome.meta()).then(Mono.error(new RebuildFailedException(
                    doing + " " + meta.key() + " skipped: the object changed meanwhile")));
        });
    }

    private Mono<Void> discardNewPieces(ObjectMeta before, ObjectMeta after) {
        List<Map.Entry<BackendSpec, byte[]>> fresh = new ArrayList<>();
        for (int b = 0; b < after.blocks().size(); b++) {
            for (int i = 0; i < after.totalShards(); i++) {
                var ref = after.blocks().get(b).pieces().get(i);
                boolean old = b < before.blocks().size() && i < before.totalShards()
                        && before.backends().get(i).equals(after.backends().get(i))
                        && before.blocks().get(b).pieces().get(i).equals(ref);
                if (!old) {
                    fresh.add(Map.entry(after.backends().get(i), ref.key()));
                }
            }
        }
        return Flux.fromIterable(fresh)
                .flatMap(p -> pool.open(p.getKey(), NamespaceMode.SEQUENTIAL).flatMap(ns -> ns.delete(p.getValue()))
                        .onErrorResume(e -> Mono.just(false)), 8)
                .then();
    }

    private Mono<ObjectRebuilder.Target> placeAndOpen(ZstorConfig layout, String key, Map<Integer, BackendSpec> fixed,
            List<BackendSpec> excluded, int attempt) {
        return Mono.defer(() -> {
            List<BackendSpec> chosen = placement.place(layout, excluding(health.get(), excluded), fixed);
            return Flux.fromIterable(chosen)
                    .flatMapSequential(spec -> pool.open(spec, NamespaceMode.SEQUENTIAL).map(Optional::of)
                            .onErrorResume(e -> {
                                synchronized (excluded) {
                                    excluded.add(spec);
                                }
                                return Mono.just(Optional.<ZdbNamespace>empty());
                            }))
                    .collectList()
                    .flatMap(opened -> {
                        if (opened.stream().allMatch(Optional::isPresent)) {
                            return Mono.just(new ObjectRebuilder.Target(chosen,
                                    opened.stream().map(Optional::get).toList()));
                        }
                        if (attempt >= 4) {
                            return Mono.error(new RebuildFailedException("repairing " + key
                                    + " failed: backends unavailable: " + excluded));
                        }
                        return placeAndOpen(layout, key, fixed, excluded, attempt + 1);
                    });
        });
    }
}
