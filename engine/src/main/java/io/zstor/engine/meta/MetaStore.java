package io.zstor.engine.meta;

import io.zstor.engine.MetadataUnavailableException;
import io.zstor.engine.NamespacePool;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.backend.ZdbNamespace;
import io.zstor.engine.codec.AeadCipher;
import io.zstor.engine.codec.ErasureCoder;
import io.zstor.engine.latency.Stage;
import io.zstor.engine.latency.StageListener;
import io.zstor.engine.latency.Timing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Object metadata and failure records on the four metadata backends (user-key namespaces).
 *
 * <p>A record is encrypted with the metadata key ({@code meta.config.encryption}; associated data = its
 * storage key, so a record cannot be moved to another key), split into parts of at most
 * {@value #PART_BYTES} sealed bytes (so a record of any size stays under the 0-db value limit), and each part
 * is Reed-Solomon coded 2+2: piece i goes to metadata backend i as one self-checking value
 * ({@link MetaFrame}). Parts beyond the first are written before the head, under keys of their own write's
 * generation, so a reader never sees a head whose parts are missing and a failed rewrite never touches the
 * parts of the version it would have replaced.
 *
 * <p>Rules as in the original: a write needs all four backends; a read needs any two valid pieces and
 * tolerates errors from the others.
 */
public final class MetaStore {

    private static final Logger LOG = LoggerFactory.getLogger(MetaStore.class);

    /** Sealed bytes per part: two 1 MiB pieces, far below the 8 MiB value limit. */
    public static final int PART_BYTES = 2 << 20;
    /** Number of metadata backends. */
    public static final int BACKENDS = 4;

    private final List<BackendSpec> backends;
    private final MetaKeys keys;
    private final AeadCipher cipher;
    private final ErasureCoder coder;
    private final NamespacePool pool;
    private final Timing.Recorder saveTimer;
    private final Timing.Recorder loadTimer;
    private volatile Supplier<Optional<String>> readOnlyReason = Optional::empty;
    /** The written-at of this store's last write: readers pick the newest, so two writes never share one. */
    private final AtomicLong lastWrittenAt = new AtomicLong();
    private final LongSupplier clock;

    /**
     * @param backends the four metadata backends in config order
     * @param keys the key layout (prefix)
     * @param cipher the metadata cipher (meta key)
     * @param coder a 2+2 erasure coder
     * @param pool shared namespace pool
     */
    public MetaStore(List<BackendSpec> backends, MetaKeys keys, AeadCipher cipher, ErasureCoder coder, NamespacePool pool) {
        this(backends, keys, cipher, coder, pool, StageListener.NONE);
    }

    /**
     * @param backends the four metadata backends in config order
     * @param keys the key layout (prefix)
     * @param cipher the metadata cipher (meta key)
     * @param coder a 2+2 erasure coder
     * @param pool shared namespace pool
     * @param stages receives the duration of every object metadata save and load
     */
    public MetaStore(List<BackendSpec> backends, MetaKeys keys, AeadCipher cipher, ErasureCoder coder, NamespacePool pool,
            StageListener stages) {
        this(backends, keys, cipher, coder, pool, stages, System::currentTimeMillis);
    }

    /** The full constructor; {@code clock} (wall-clock millis) lets tests play writers whose clocks differ. */
    MetaStore(List<BackendSpec> backends, MetaKeys keys, AeadCipher cipher, ErasureCoder coder, NamespacePool pool,
            StageListener stages, LongSupplier clock) {
        if (backends.size() != BACKENDS) {
            throw new IllegalArgumentException("metadata needs exactly 4 backends, got " + backends.size());
        }
        if (coder.dataShards() != 2 || coder.parityShards() != 2) {
            throw new IllegalArgumentException("metadata is coded 2+2");
        }
        this.backends = List.copyOf(backends);
        this.keys = keys;
        this.cipher = cipher;
        this.coder = coder;
        this.pool = pool;
        this.saveTimer = Timing.stage(stages, Stage.META_SAVE);
        this.loadTimer = Timing.stage(stages, Stage.META_LOAD);
        this.clock = clock;
    }

    /** The key layout. */
    public MetaKeys keys() {
        return keys;
    }

    /** Loads the metadata of an object key; empty when absent. */
    public Mono<Optional<ObjectMeta>> load(String objectKey) {
        return loadByStorageKey(keys.objectKey(objectKey));
    }

    /** Loads metadata by its raw storage key ({@code /<prefix>/meta/<hex>}), as {@code rebuild --key} does. */
    public Mono<Optional<ObjectMeta>> loadByStorageKey(String storageKey) {
        return Timing.mono(read(storageKey).map(o -> o.map(MetaCodec::decodeObject)), loadTimer);
    }

    /** Saves object metadata under its key (all four backends must accept it). */
    public Mono<Void> save(ObjectMeta meta) {
        return save(keys.objectKey(meta.key()), meta);
    }

    /**
     * Saves object metadata for a key that had none when its store began, which the caller has just read. It
     * skips reading the version a save replaces (whose split parts a save deletes), so a store of a new
     * object costs no extra round trip; if another writer created the key in between, its parts stay as
     * unreferenced garbage, never as a wrong record.
     */
    public Mono<Void> saveNew(ObjectMeta meta) {
        return Timing.mono(Mono.fromCallable(() -> MetaCodec.encode(meta))
                .flatMap(bytes -> write(keys.objectKey(meta.key()), bytes, false)), saveTimer);
    }

    /** Saves object metadata under a raw storage key. */
    public Mono<Void> save(String storageKey, ObjectMeta meta) {
        return Timing.mono(Mono.fromCallable(() -> MetaCodec.encode(meta)).flatMap(bytes -> write(storageKey, bytes)),
                saveTimer);
    }

    /** Deletes an object's metadata (head and parts); true when it existed. */
    public Mono<Boolean> delete(String objectKey) {
        return remove(keys.objectKey(objectKey));
    }

    /** Every object's metadata, from a SCAN of the fullest metadata backend. Unreadable records are skipped. */
    public Flux<ObjectMeta> list() {
        return scanKeys(keys::isObjectKey)
                .flatMapSequential(k -> loadByStorageKey(k)
                        .onErrorResume(e -> {
                            LOG.warn("skipping unreadable metadata {}: {}", k, e.getMessage());
                            return Mono.just(Optional.empty());
                        }), 4)
                .flatMap(Mono::justOrEmpty);
    }

    /** Records a failed store. */
    public Mono<Void> saveFailure(FailureRecord failure) {
        return Mono.fromCallable(() -> MetaCodec.encode(failure))
                .flatMap(bytes -> write(keys.failureKey(failure.key()), bytes));
    }

    /** Every recorded failure. */
    public Flux<FailureRecord> failures() {
        return scanKeys(keys::isFailureKey)
                .flatMapSequential(k -> read(k).onErrorResume(e -> Mono.just(Optional.empty())), 4)
                .flatMap(Mono::justOrEmpty)
                .map(MetaCodec::decodeFailure);
    }

    /** Removes a failure record; true when it existed. */
    public Mono<Boolean> deleteFailure(String key) {
        return remove(keys.failureKey(key));
    }

    /** Completes when all four backends are open (what a store needs), else fails with a clear message. */
    public Mono<Void> checkWritable() {
        return gate().then(openAll()).flatMapMany(namespaces -> Flux.range(0, BACKENDS)
                        .flatMap(i -> namespaces.get(i).ping().onErrorMap(e -> {
                            pool.invalidate(backends.get(i), NamespaceMode.USER);
                            return new MetadataUnavailableException("metadata is not writable: backend "
                                    + backends.get(i) + " is unavailable (" + e.getMessage() + ")", e);
                        })))
                .then();
    }

    // ---------------------------------------------------------------- raw records

    /**
     * Encrypts, splits, codes and writes a record; needs all four backends. Parts beyond the first go under
     * keys of this write's generation, then the head. When a write fails, what it left behind is removed
     * unless the head reached two backends (then the new record is readable and stays): a failed write leaves
     * the record as it was before, or, for a new key, absent. After a complete write, the parts of the version
     * it replaced are deleted.
     */
    public Mono<Void> write(String storageKey, byte[] plaintext) {
        return write(storageKey, plaintext, true);
    }

    /** {@link #write(String, byte[])}; {@code replacing} false skips reading the version it replaces. */
    private Mono<Void> write(String storageKey, byte[] plaintext, boolean replacing) {
        return gate().then(openAll()).flatMap(namespaces -> {
            byte[] aad = storageKey.getBytes(StandardCharsets.UTF_8);
            ByteBuffer sealed = ByteBuffer.allocate(plaintext.length + AeadCipher.OVERHEAD);
            cipher.seal(ByteBuffer.wrap(plaintext), sealed, aad);
            byte[] sealedBytes = sealed.array();
            int parts = Math.max(1, (sealedBytes.length + PART_BYTES - 1) / PART_BYTES);
            byte[] generation = io.zstor.engine.pipeline.RandomIds.next(8);
            long at = nextWrittenAt();
            Mono<Optional<MetaFrame.Decoded>> replaced = !replacing ? Mono.just(Optional.empty())
                    : readPart(storageKey, storageKey, null).onErrorResume(e -> Mono.just(Optional.empty()));
            Mono<Boolean> partsWritten = Flux.range(1, parts - 1)
                    .concatMap(j -> writePart(namespaces, MetaKeys.partKey(storageKey, generation, j),
                            MetaFrame.encode(coder, sealedBytes, j, parts, generation, at))
                            .flatMap(w -> w.complete() ? Mono.<Void>empty()
                                    : dropParts(namespaces, storageKey, generation, j + 1).then(Mono.error(w.error()))))
                    .then(Mono.just(true));
            return Mono.zip(replaced, partsWritten).flatMap(before -> writePart(namespaces, storageKey,
                    MetaFrame.encode(coder, sealedBytes, 0, parts, generation, newerThan(before.getT1(), at)))
                    .flatMap(head -> {
                        if (head.complete()) {
                            return before.getT1()
                                    .filter(old -> old.partCount() > 1 && !Arrays.equals(old.generation(), generation))
                                    .map(old -> dropParts(namespaces, storageKey, old.generation(), old.partCount())
                                            .then(dropLegacyParts(namespaces, storageKey, old.partCount())))
                                    .orElse(Mono.empty());
                        }
                        if (head.landed().size() + head.uncertain() >= 2) {
                            // readable as this version, or it may become so when a SET that timed out lands
                            return Mono.error(new MetadataUnavailableException(head.error().getMessage(),
                                    head.error(), true));
                        }
                        // at most one piece of this write can ever exist: it never decodes, so roll it back
                        return Flux.fromIterable(head.landed())
                                .flatMap(i -> deleteOn(namespaces, i, storageKey))
                                .then(dropParts(namespaces, storageKey, generation, parts))
                                .then(Mono.error(head.error()));
                    }));
        });
    }

    /** Reads and decrypts a record; empty when absent. */
    public Mono<Optional<byte[]>> read(String storageKey) {
        return readPart(storageKey, storageKey, null).flatMap(head -> {
            if (head.isEmpty()) {
                return Mono.just(Optional.<byte[]>empty());
            }
            MetaFrame.Decoded first = head.get();
            return Flux.range(1, first.partCount() - 1)
                    .concatMap(j -> readPart(storageKey, MetaKeys.partKey(storageKey, first.generation(), j), first)
                            .flatMap(o -> o.isPresent() ? Mono.just(o)
                                    : readPart(storageKey, MetaKeys.legacyPartKey(storageKey, j), first))
                            .map(o -> o.orElseThrow(() -> new MetadataUnavailableException(
                                    "metadata " + storageKey + " is incomplete: part " + j + " is missing"))))
                    .collectList()
                    .map(rest -> {
                        int total = first.chunk().length;
                        for (MetaFrame.Decoded d : rest) {
                            total += d.chunk().length;
                        }
                        ByteBuffer sealed = ByteBuffer.allocate(total);
                        sealed.put(first.chunk());
                        rest.forEach(d -> sealed.put(d.chunk()));
                        sealed.flip();
                        ByteBuffer plain = ByteBuffer.allocate(Math.max(0, total - AeadCipher.OVERHEAD));
                        cipher.open(sealed, plain, storageKey.getBytes(StandardCharsets.UTF_8), "metadata " + storageKey);
                        return Optional.of(plain.array());
                    });
        });
    }

    /** Deletes a record with all its parts; true when the head existed. Needs all four backends. */
    public Mono<Boolean> remove(String storageKey) {
        return readPart(storageKey, storageKey, null).onErrorResume(e -> Mono.just(Optional.empty()))
                .flatMap(head -> gate().then(openAll()).flatMap(namespaces -> {
                    Flux<Boolean> parts = head.map(h -> Flux.range(1, h.partCount() - 1)
                            .concatMap(j -> deleteEverywhere(namespaces, MetaKeys.partKey(storageKey, h.generation(), j))
                                    .then(deleteEverywhere(namespaces, MetaKeys.legacyPartKey(storageKey, j)))))
                            .orElse(Flux.empty());
                    return parts.then(deleteEverywhere(namespaces, storageKey));
                }));
    }

    /** Storage keys matching {@code filter}, scanned on the reachable backend with the most entries. */
    public Flux<String> scanKeys(Predicate<String> filter) {
        return Flux.range(0, BACKENDS)
                .flatMap(i -> pool.open(backends.get(i), NamespaceMode.USER)
                        .flatMap(ns -> ns.info().map(info -> new Candidate(ns, info.entries())))
                        .onErrorResume(e -> Mono.empty()))
                .collectList()
                .flatMapMany(candidates -> {
                    if (candidates.isEmpty()) {
                        return Flux.error(new MetadataUnavailableException("no metadata backend is reachable"));
                    }
                    ZdbNamespace ns = candidates.stream().max(Comparator.comparingLong(Candidate::entries)).get().ns();
                    return ns.scan()
                            .map(e -> new String(e.key(), StandardCharsets.UTF_8))
                            .filter(filter);
                });
    }

    private record Candidate(ZdbNamespace ns, long entries) {
    }

    private Mono<List<ZdbNamespace>> openAll() {
        return Flux.range(0, BACKENDS)
                .flatMapSequential(i -> pool.open(backends.get(i), NamespaceMode.USER)
                        .onErrorMap(e -> new MetadataUnavailableException("metadata is not writable: backend "
                                + backends.get(i) + " is unavailable (" + e.getMessage() + ")", e)))
                .collectList();
    }

    /**
     * Writes the four pieces of one part and waits for all four answers, so that when it reports a failure
     * {@link PartWrite#landed()} says which backends took a piece and {@link PartWrite#uncertain()} how many
     * may yet (a SET that timed out can still be applied).
     */
    private Mono<PartWrite> writePart(List<ZdbNamespace> namespaces, String key, byte[][] values) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        return Flux.range(0, BACKENDS)
                .flatMap(i -> namespaces.get(i).set(keyBytes, ByteBuffer.wrap(values[i]))
                        .then(Mono.<Throwable>empty())
                        .onErrorResume(e -> {
                            pool.invalidate(backends.get(i), NamespaceMode.USER);
                            return Mono.just(new MetadataUnavailableException("writing metadata to " + backends.get(i)
                                    + " failed: " + e.getMessage(), e));
                        })
                        .map(e -> new PieceWrite(i, e, refused(e.getCause())))
                        .defaultIfEmpty(new PieceWrite(i, null, false)))
                .collectList()
                .map(PartWrite::new);
    }

    /** The wall clock in millis, but always after this store's previous write. */
    private long nextWrittenAt() {
        long now = clock.getAsLong();
        return lastWrittenAt.updateAndGet(last -> Math.max(last + 1, now));
    }

    /**
     * The written-at of a head that replaces {@code replaced}: after it even when this host's clock is behind
     * the writer of the old version's, since readers of a half-written key decode the newest version.
     */
    private long newerThan(Optional<MetaFrame.Decoded> replaced, long at) {
        long after = replaced.map(old -> Math.max(at, old.writtenAt() + 1)).orElse(at);
        lastWrittenAt.accumulateAndGet(after, Math::max);
        return after;
    }

    /**
     * True when {@code error} is the backend's own refusal of a SET (an error reply), so the piece did not land.
     * A timeout, a broken connection or an unreadable reply leave it open whether the SET was applied.
     */
    private static boolean refused(Throwable error) {
        if (!(error instanceof ZdbException z)) {
            return false;
        }
        return switch (z.kind()) {
            case NAMESPACE_FULL, READ_ONLY, VALUE_TOO_LARGE, AUTHENTICATION_FAILED, NAMESPACE_NOT_FOUND, WRONG_MODE,
                    SERVER_ERROR -> true;
            case UNREACHABLE, TIMEOUT, PROTOCOL -> false;
        };
    }

    /**
     * One backend's answer to the SET of one piece; {@code error} is null when it took the piece, and
     * {@code refused} says the backend answered with an error (see {@link #refused(Throwable)}).
     */
    private record PieceWrite(int backend, Throwable error, boolean refused) {
    }

    /** The answers of all four backends to the SETs of one part. */
    private record PartWrite(List<PieceWrite> answers) {

        boolean complete() {
            return answers.stream().allMatch(a -> a.error() == null);
        }

        List<Integer> landed() {
            return answers.stream().filter(a -> a.error() == null).map(PieceWrite::backend).toList();
        }

        /** How many SETs failed without it being known whether they were applied. */
        long uncertain() {
            return answers.stream().filter(a -> a.error() != null && !a.refused()).count();
        }

        /** The first backend's failure in config order. */
        Throwable error() {
            return answers.stream().filter(a -> a.error() != null).min(Comparator.comparingInt(PieceWrite::backend))
                    .orElseThrow().error();
        }
    }

    /**
     * Deletes parts {@code 1 .. count - 1} of {@code generation} wherever a backend answers. Best effort: a
     * part it cannot delete stays as unreferenced garbage, which no reader ever decodes as a record.
     */
    private Mono<Void> dropParts(List<ZdbNamespace> namespaces, String storageKey, byte[] generation, int count) {
        return dropParts(namespaces, count, j -> MetaKeys.partKey(storageKey, generation, j));
    }

    /** Deletes the parts of a record written before part keys named their generation; best effort. */
    private Mono<Void> dropLegacyParts(List<ZdbNamespace> namespaces, String storageKey, int count) {
        return dropParts(namespaces, count, j -> MetaKeys.legacyPartKey(storageKey, j));
    }

    private Mono<Void> dropParts(List<ZdbNamespace> namespaces, int count, java.util.function.IntFunction<String> partKey) {
        return Flux.range(1, count - 1)
                .concatMap(j -> Flux.range(0, BACKENDS).flatMap(i -> deleteOn(namespaces, i, partKey.apply(j))))
                .then();
    }

    /** Deletes one key on backend {@code i}; a failure is logged, not raised (cleanup after another error). */
    private Mono<Void> deleteOn(List<ZdbNamespace> namespaces, int i, String key) {
        return namespaces.get(i).delete(key.getBytes(StandardCharsets.UTF_8))
                .onErrorResume(e -> {
                    LOG.warn("could not delete metadata {} on {}: {}", key, backends.get(i), e.getMessage());
                    return Mono.just(false);
                })
                .then();
    }

    private Mono<Boolean> deleteEverywhere(List<ZdbNamespace> namespaces, String key) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        return Flux.range(0, BACKENDS)
                .flatMap(i -> namespaces.get(i).delete(keyBytes)
                        .onErrorMap(e -> new MetadataUnavailableException("deleting metadata on " + backends.get(i)
                                + " failed: " + e.getMessage(), e)))
                .reduce(false, Boolean::logicalOr);
    }

    /**
     * Reads the four pieces of one part and decodes it. {@code head} (null for the head itself) fixes the
     * generation the part must belong to.
     */
    private Mono<Optional<MetaFrame.Decoded>> readPart(String recordKey, String key, MetaFrame.Decoded head) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        return Flux.range(0, BACKENDS)
                .flatMap(i -> pool.open(backends.get(i), NamespaceMode.USER)
                        .flatMap(ns -> ns.get(keyBytes))
                        .map(MetaFrame.Answer::value)
                        .defaultIfEmpty(MetaFrame.Answer.ABSENT)
                        .onErrorResume(e -> {
                            LOG.debug("metadata backend {} failed reading {}: {}", backends.get(i), key, e.getMessage());
                            pool.invalidate(backends.get(i), NamespaceMode.USER);
                            return Mono.just(MetaFrame.Answer.FAILED);
                        }))
                .collectList()
                .map(answers -> decide(recordKey, answers, head));
    }

    private Optional<MetaFrame.Decoded> decide(String recordKey, List<MetaFrame.Answer> answers, MetaFrame.Decoded head) {
        List<MetaFrame> frames = new ArrayList<>();
        int failed = 0;
        for (MetaFrame.Answer a : answers) {
            if (a.failed()) {
                failed++;
            } else if (a.value() != null) {
                MetaFrame.parse(a.value()).ifPresentOrElse(frames::add,
                        () -> LOG.warn("ignoring a corrupt metadata piece of {}", recordKey));
            }
        }
        Optional<MetaFrame.Decoded> decoded = MetaFrame.decode(coder, frames, head);
        if (decoded.isPresent()) {
            return decoded;
        }
        if (frames.isEmpty() && failed <= 2) {
            return Optional.empty();
        }
        throw new MetadataUnavailableException("metadata " + recordKey + " is unreadable: " + frames.size()
                + " valid of 4 pieces, " + failed + " backends failed (need 2)");
    }

    // ---------------------------------------------------------------- read-only gate (backend monitor hook)

    /**
     * Installs the check that makes this store read-only: while {@code reason} returns a value, writes and
     * deletes fail at once with a {@link MetadataUnavailableException} carrying it (the backend monitor
     * uses this while fewer than four metadata backends answer). Reads are never gated.
     */
    public void readOnlyWhen(Supplier<Optional<String>> reason) {
        this.readOnlyReason = java.util.Objects.requireNonNull(reason, "reason");
    }

    private Mono<Void> gate() {
        return Mono.defer(() -> readOnlyReason.get()
                .map(r -> Mono.<Void>error(new MetadataUnavailableException("metadata is read-only: " + r)))
                .orElseGet(Mono::empty));
    }

    /** The four metadata backends in config order. */
    public List<BackendSpec> backends() {
        return backends;
    }

    @Override
    public String toString() {
        return "MetaStore" + backends;
    }
}
