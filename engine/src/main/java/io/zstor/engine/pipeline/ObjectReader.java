package io.zstor.engine.pipeline;

import io.zstor.engine.ChecksumMismatchException;
import io.zstor.engine.NamespacePool;
import io.zstor.engine.ErrorText;
import io.zstor.engine.ObjectUnreadableException;
import io.zstor.engine.ProgressListener;
import io.zstor.engine.ZstorException;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.backend.ZdbNamespace;
import io.zstor.engine.codec.AeadCipher;
import io.zstor.engine.codec.Blake2b128;
import io.zstor.engine.codec.BlockCompressor;
import io.zstor.engine.codec.ErasureCoder;
import io.zstor.engine.codec.PieceChecksum;
import io.zstor.engine.latency.Outcome;
import io.zstor.engine.latency.Stage;
import io.zstor.engine.latency.StageListener;
import io.zstor.engine.latency.Timing;
import io.zstor.engine.meta.BlockMeta;
import io.zstor.engine.meta.ObjectMeta;
import io.zstor.engine.meta.PieceRef;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads an object back as a stream of plaintext buffers, one per block, in order.
 *
 * <p>Per block the k data pieces are fetched first (no decoding when all are valid); a piece that is
 * missing, unreadable, of the wrong length or failing its CRC-32C counts as missing, and parity pieces are
 * then fetched until k valid pieces are at hand. Blocks are fetched ahead with bounded concurrency.
 *
 * <p>Verification, end to end: each block's GCM tag authenticates it and its position; then its plaintext
 * is checked against the checksum the store took of the original bytes, on the coding worker and before the
 * block is emitted, so a mismatch ({@link ChecksumMismatchException}) ends the stream without a wrong byte
 * having been handed on. Objects whose metadata predates block checksums (format version 1) are instead
 * checked against their BLAKE2b-128, computed beside the stream on a hashing worker and compared at the end.
 * (That serial hash capped a retrieve at BLAKE2b's speed, ~0.8 GB/s per CPU here, and cost as much CPU as
 * the rest of the retrieve path together; the block checksums run in parallel at CRC speed.)
 */
public final class ObjectReader {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectReader.class);

    private final PipelineSchedulers schedulers;
    private final BlockCompressor compressor;
    private final AeadCipher cipher;
    private final NamespacePool pool;
    private final Duration pieceDeadline;
    private final StageListener stages;
    private final Timing.Recorder fetchTimer;

    /**
     * @param schedulers coding and hashing schedulers
     * @param compressor block compressor
     * @param cipher data cipher
     * @param pool namespace pool
     * @param pieceDeadline longest wait for one piece (connect, queueing and the command itself); a piece
     *        not read by then counts as missing, so a backend that hangs can never stall a read
     * @param stages receives the duration of each block's fetch and decode during {@link #read}
     */
    public ObjectReader(PipelineSchedulers schedulers, BlockCompressor compressor, AeadCipher cipher, NamespacePool pool,
            Duration pieceDeadline, StageListener stages) {
        this.schedulers = schedulers;
        this.compressor = compressor;
        this.cipher = cipher;
        this.pool = pool;
        this.pieceDeadline = pieceDeadline;
        this.stages = stages;
        this.fetchTimer = Timing.stage(stages, Stage.FETCH_BLOCK);
    }

    /** Counters of one read. */
    public static final class Stats {
        private final AtomicInteger piecesFromParity = new AtomicInteger();
        private final AtomicInteger piecesInvalid = new AtomicInteger();

        /** Parity pieces that had to be fetched because data pieces were missing or invalid. */
        public int piecesFromParity() {
            return piecesFromParity.get();
        }

        /** Pieces found missing, unreadable or corrupt. */
        public int piecesInvalid() {
            return piecesInvalid.get();
        }
    }

    /** One block's pieces as fetched: null entries are missing. */
    public record FetchedBlock(int index, BlockMeta meta, byte[][] pieces, boolean[] present) {
    }

    /**
     * The plaintext of {@code meta} as a stream.
     *
     * @param coder coder matching the object's k and m
     * @param fetchAhead blocks fetched concurrently
     */
    public Flux<ByteBuffer> read(ObjectMeta meta, ErasureCoder coder, int fetchAhead, Stats stats, ProgressListener progress) {
        return read(meta, coder, fetchAhead, stats, progress, PlainBuffers.owned());
    }

    /**
     * The plaintext of {@code meta} as a stream of buffers owned as {@code buffers} says: each buffer holds one
     * block, from position 0 to its limit, in an array that may be longer.
     *
     * @param coder coder matching the object's k and m
     * @param fetchAhead blocks fetched concurrently
     * @param buffers whether the consumer keeps the buffers or gives them back for reuse
     */
    public Flux<ByteBuffer> read(ObjectMeta meta, ErasureCoder coder, int fetchAhead, Stats stats, ProgressListener progress,
            PlainBuffers buffers) {
        return Flux.defer(() -> {
            long blockBytes = meta.blocks().stream().mapToLong(BlockMeta::plainLength).sum();
            if (blockBytes != meta.size()) {
                return Flux.error(new ObjectUnreadableException("metadata of " + meta.key()
                        + " is inconsistent: its blocks hold " + blockBytes + " bytes, its size is " + meta.size()));
            }
            List<Mono<Optional<ZdbNamespace>>> namespaces = openAll(meta);
            BlockDecoder decoder = new BlockDecoder(compressor, cipher, coder, meta.objectId(), meta.key());
            AtomicLong done = new AtomicLong();
            int ahead = Math.max(1, fetchAhead);
            int longestSealed = meta.blocks().stream().mapToInt(BlockMeta::sealedLength).max().orElse(0);
            int longestPlain = meta.blocks().stream().mapToInt(BlockMeta::plainLength).max().orElse(0);
            LentArrays pieceArrays = new LentArrays(BlockMeta.pieceLength(longestSealed, meta.dataShards()),
                    (ahead + 2) * meta.totalShards());
            boolean blockChecked = meta.blocks().stream().allMatch(BlockMeta::hasPlainChecksum);
            // a format 1 object's blocks are also read by its checksum, beside the consumer: no reuse then
            IntFunction<byte[]> plainArrays = buffers.lend(longestPlain, ahead, blockChecked);
            Flux<ByteBuffer> plain = Flux.range(0, meta.blocks().size())
                    .flatMapSequential(b -> Timing.mono(fetch(meta, b, namespaces, false, stats, pieceArrays), fetchTimer)
                            .publishOn(schedulers.coding())
                            .map(f -> {
                                ByteBuffer p = timedDecode(decoder, f, meta.dataShards(), plainArrays);
                                pieceArrays.giveBack(f.pieces()); // decode copied them out
                                return p;
                            })
                            .doOnNext(p -> progress.onProgress(done.addAndGet(p.remaining()), meta.size())),
                            ahead, 1);
            Flux<ByteBuffer> verified = blockChecked
                    ? plain // each block was checked by decode
                    : withObjectChecksum(plain, meta);
            return verified.onErrorMap(e -> !(e instanceof ZstorException),
                    e -> new ObjectUnreadableException("retrieving " + meta.key() + " failed: " + ErrorText.of(e), e));
        });
    }

    /** The blocks, then a check of the object's BLAKE2b-128 (for objects without block checksums). */
    private Flux<ByteBuffer> withObjectChecksum(Flux<ByteBuffer> plain, ObjectMeta meta) {
        return plain.publish(shared -> {
            Mono<ByteBuffer> verify = shared.publishOn(schedulers.hashing(), 2)
                    .reduce(new Blake2b128(), (h, p) -> {
                        h.update(p.array(), p.arrayOffset() + p.position(), p.remaining());
                        return h;
                    })
                    .flatMap(h -> {
                        byte[] actual = h.finish();
                        if (!MessageDigest.isEqual(actual, meta.checksum())) {
                            return Mono.error(new ChecksumMismatchException("checksum mismatch for " + meta.key()
                                    + ": stored " + meta.checksumHex() + ", retrieved " + Blake2b128.toHex(actual)));
                        }
                        return Mono.empty();
                    });
            return Flux.merge(1, shared.map(ByteBuffer::duplicate), verify); // the hash reads its own view
        }, 2);
    }

    /** Opens each backend of the object once per read; an unreachable backend is remembered as absent. */
    public List<Mono<Optional<ZdbNamespace>>> openAll(ObjectMeta meta) {
        List<Mono<Optional<ZdbNamespace>>> namespaces = new ArrayList<>(meta.totalShards());
        for (var spec : meta.backends()) {
            namespaces.add(pool.open(spec, NamespaceMode.SEQUENTIAL)
                    .map(Optional::of)
                    .onErrorResume(e -> {
                        LOG.warn("backend {} unavailable: {}", spec, e.getMessage());
                        return Mono.just(Optional.empty());
                    })
                    .cache());
        }
        return namespaces;
    }

    /**
     * Fetches the pieces of block {@code b}: the data pieces first, then parity until k are valid, or every
     * piece when {@code all} (rebuild needs to know each piece's state). Each piece is a new array.
     */
    public Mono<FetchedBlock> fetch(ObjectMeta meta, int b, List<Mono<Optional<ZdbNamespace>>> namespaces, boolean all,
            Stats stats) {
        return fetch(meta, b, namespaces, all, stats, byte[]::new);
    }

    /** {@link #fetch(ObjectMeta, int, List, boolean, Stats)} with the piece arrays lent by {@code arrays}. */
    Mono<FetchedBlock> fetch(ObjectMeta meta, int b, List<Mono<Optional<ZdbNamespace>>> namespaces, boolean all,
            Stats stats, IntFunction<byte[]> arrays) {
        BlockFetch fetch = new BlockFetch(meta, b, namespaces, stats, arrays);
        int first = all ? meta.totalShards() : meta.dataShards();
        return fetch.range(0, first)
                .then(Mono.defer(() -> fetch.parity(first)))
                .thenReturn(fetch.fetched);
    }

    /** The fetch of one block's pieces. */
    private final class BlockFetch {
        private final ObjectMeta meta;
        private final int b;
        private final BlockMeta block;
        private final int pieceLength;
        private final List<Mono<Optional<ZdbNamespace>>> namespaces;
        private final Stats stats;
        private final IntFunction<byte[]> arrays;
        final FetchedBlock fetched;

        BlockFetch(ObjectMeta meta, int b, List<Mono<Optional<ZdbNamespace>>> namespaces, Stats stats,
                IntFunction<byte[]> arrays) {
            this.meta = meta;
            this.b = b;
            this.block = meta.blocks().get(b);
            this.pieceLength = BlockMeta.pieceLength(block.sealedLength(), meta.dataShards());
            this.namespaces = namespaces;
            this.stats = stats;
            this.arrays = arrays;
            int n = meta.totalShards();
            this.fetched = new FetchedBlock(b, block, new byte[n][], new boolean[n]);
        }

        /** Parity pieces from index {@code next} on, until k pieces are valid. */
        Mono<Void> parity(int next) {
            int k = meta.dataShards();
            int valid = count(fetched.present());
            if (valid >= k || next >= meta.totalShards()) {
                return Mono.empty();
            }
            int to = Math.min(meta.totalShards(), next + (k - valid));
            stats.piecesFromParity.addAndGet(to - next);
            return range(next, to).then(Mono.defer(() -> parity(to)));
        }

        /** Pieces {@code from} to {@code to - 1}, concurrently. */
        Mono<Void> range(int from, int to) {
            return Flux.range(from, to - from)
                    .flatMap(i -> piece(i)
                            .doOnNext(p -> {
                                fetched.pieces()[i] = p;
                                fetched.present()[i] = true;
                            })
                            .switchIfEmpty(Mono.fromRunnable(stats.piecesInvalid::incrementAndGet)), to - from)
                    .then();
        }

        /** Piece {@code i}, or empty when it is missing, unreadable, late or corrupt. */
        private Mono<byte[]> piece(int i) {
            PieceRef ref = block.pieces().get(i);
            return namespaces.get(i).flatMap(ns -> ns.isEmpty() ? Mono.<byte[]>empty() : ns.get().get(ref.key(), arrays)
                            .filter(value -> {
                                boolean ok = value.remaining() == pieceLength
                                        && PieceChecksum.of(value).toLong() == ref.checksum();
                                if (!ok) {
                                    LOG.warn("piece {} of block {} of {} on {} is corrupt", i, b, meta.key(),
                                            meta.backends().get(i));
                                }
                                return ok;
                            })
                            .map(ObjectReader::arrayOf))
                    .timeout(pieceDeadline, Mono.error(() -> new ZdbException(ZdbErrorKind.TIMEOUT,
                            meta.backends().get(i).displayName(),
                            "GET: no piece within " + pieceDeadline.toSeconds() + " s")))
                    .onErrorResume(e -> {
                        LOG.warn("piece {} of block {} of {} on {} unreadable: {}", i, b, meta.key(),
                                meta.backends().get(i), e.getMessage());
                        if (e instanceof ZdbException z
                                && (z.kind() == ZdbErrorKind.UNREACHABLE || z.kind() == ZdbErrorKind.TIMEOUT)) {
                            pool.invalidate(meta.backends().get(i), NamespaceMode.SEQUENTIAL);
                        }
                        return Mono.empty();
                    });
        }
    }

    /**
     * An array whose first bytes are the value (its length checked already): the backing array when the value
     * starts it (no copy; it may be longer, as a lent array is), else a copy.
     */
    private static byte[] arrayOf(ByteBuffer value) {
        if (value.hasArray() && value.arrayOffset() == 0 && value.position() == 0) {
            return value.array();
        }
        byte[] bytes = new byte[value.remaining()];
        value.get(bytes);
        return bytes;
    }

    private ByteBuffer timedDecode(BlockDecoder decoder, FetchedBlock f, int k, IntFunction<byte[]> plainArrays) {
        long start = System.nanoTime();
        Outcome outcome = Outcome.ERROR;
        try {
            ByteBuffer plain = ByteBuffer.wrap(decode(decoder, f, k, plainArrays), 0, f.meta().plainLength());
            outcome = Outcome.OK;
            return plain;
        } finally {
            stages.record(Stage.DECODE, outcome, System.nanoTime() - start);
        }
    }

    /**
     * Reconstructs (if needed), opens and uncompresses a fetched block into an array from {@code plainArrays},
     * whose first {@code plainLength} bytes are then its plaintext.
     */
    private byte[] decode(BlockDecoder decoder, FetchedBlock f, int k, IntFunction<byte[]> plainArrays) {
        boolean dataComplete = true;
        for (int i = 0; i < k; i++) {
            dataComplete &= f.present()[i];
        }
        if (!dataComplete) {
            int valid = count(f.present());
            if (valid < k) {
                throw new ObjectUnreadableException("block " + f.index() + " of " + decoder.objectKey() + " is unrecoverable: only " + valid + " of "
                        + k + " required pieces are available");
            }
            decoder.reconstruct(f.pieces(), f.present(), BlockMeta.pieceLength(f.meta().sealedLength(), k));
        }
        return decoder.open(f.index(), f.meta(), f.pieces(), plainArrays);
    }

    private static int count(boolean[] flags) {
        int c = 0;
        for (boolean f : flags) {
            c += f ? 1 : 0;
        }
        return c;
    }
}
