package io.zstor.engine.pipeline;

import io.zstor.engine.ErrorText;
import io.zstor.engine.ProgressListener;
import io.zstor.engine.StoreFailedException;
import io.zstor.engine.ZstorException;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.ZdbNamespace;
import io.zstor.engine.codec.AeadCipher;
import io.zstor.engine.codec.Blake2b128;
import io.zstor.engine.codec.BlockCompressor;
import io.zstor.engine.codec.ErasureCoder;
import io.zstor.engine.latency.Outcome;
import io.zstor.engine.latency.Stage;
import io.zstor.engine.latency.StageListener;
import io.zstor.engine.latency.Timing;
import io.zstor.engine.meta.BlockMeta;
import io.zstor.engine.meta.ObjectMeta;
import io.zstor.engine.meta.PieceRef;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;

/**
 * Streams one object's data into pieces on its backends and returns the metadata describing them (not yet
 * saved: the caller saves it only after every piece is stored).
 *
 * <p>At most {@code blocksInFlight} blocks are being coded or written at once; coding runs on the coding
 * scheduler; the n piece writes of a block go out to all backends at once and each backend's namespace
 * bounds its own commands in flight. The file checksum is computed from the same blocks on a hashing
 * worker, beside the coding. On failure or cancellation, pieces already written are deleted best-effort.
 */
public final class ObjectWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectWriter.class);
    private static final byte[] APPEND = new byte[0];

    private final PipelineSchedulers schedulers;
    private final BlockCompressor compressor;
    private final AeadCipher cipher;
    private final StageListener stages;
    private final Timing.Recorder writeTimer;

    /**
     * @param schedulers coding and hashing schedulers
     * @param compressor block compressor
     * @param cipher data cipher
     */
    public ObjectWriter(PipelineSchedulers schedulers, BlockCompressor compressor, AeadCipher cipher) {
        this(schedulers, compressor, cipher, StageListener.NONE);
    }

    /**
     * @param schedulers coding and hashing schedulers
     * @param compressor block compressor
     * @param cipher data cipher
     * @param stages receives the duration of each block's encode and piece-write fan-out
     */
    public ObjectWriter(PipelineSchedulers schedulers, BlockCompressor compressor, AeadCipher cipher, StageListener stages) {
        this.schedulers = schedulers;
        this.compressor = compressor;
        this.cipher = cipher;
        this.stages = stages;
        this.writeTimer = Timing.stage(stages, Stage.WRITE_BLOCK);
    }

    /** What was written: the metadata to commit, and how to discard the pieces if committing fails. */
    public record Written(ObjectMeta meta, Mono<Void> discard) {
    }

    /**
     * Writes an object.
     *
     * @param key the object key
     * @param data the bytes
     * @param coder the k+m coder
     * @param backends backend of each piece index, with its open namespace
     * @param blockSize plaintext bytes per block
     * @param blocksInFlight blocks coded or written at once
     * @param totalSize the size if known, else -1 (progress only)
     * @param progress progress listener
     */
    public Mono<Written> write(String key, Flux<ByteBuffer> data, ErasureCoder coder, List<BackendSpec> backends,
            List<ZdbNamespace> namespaces, int blockSize, int blocksInFlight, long totalSize, ProgressListener progress) {
        return Mono.defer(() -> {
            byte[] objectId = RandomIds.next(ObjectMeta.OBJECT_ID_LENGTH);
            BlockEncoder encoder = new BlockEncoder(compressor, cipher, coder, objectId);
            Queue<WrittenPiece> written = new ConcurrentLinkedQueue<>();
            AtomicLong done = new AtomicLong();
            AtomicLong size = new AtomicLong();
            // piece writes that are still running (a cancelled SET may still land on the server): the discard
            // closes the set, so no write starts after it, then waits for them all, so every piece that was
            // stored is known and deleted
            PendingWrites pending = new PendingWrites();
            Mono<Void> discard = pending.closeAndAwait().then(Mono.defer(() -> discard(key, namespaces, written)));

            StoreArrays arrays = StoreArrays.of(blockSize, totalSize, coder, blocksInFlight);
            AtomicBoolean sourceFailed = new AtomicBoolean();
            Flux<Block> blocks = BlockCutter.cut(data, blockSize, totalSize, arrays.blocks(), 2)
                    .doOnError(e -> sourceFailed.set(true));
            Mono<Tuple2<byte[], List<BlockMeta>>> pipeline = blocks.publish(shared -> {
                Mono<byte[]> checksum = shared.publishOn(schedulers.hashing(), 2)
                        // the source's error reaches both branches and the stored one reports it; a second copy
                        // here, racing with zip's cancel, would be logged by reactor as dropped
                        .onErrorResume(e -> sourceFailed.get() ? Flux.never() : Flux.error(e))
                        .reduce(new Blake2b128(), (h, b) -> {
                            h.update(b.data(), 0, b.length());
                            b.release();
                            return h;
                        })
                        .map(Blake2b128::finish);
                Mono<List<BlockMeta>> stored = shared
                        .flatMapSequential(b -> storeBlock(encoder, b, arrays, namespaces, backends, written, pending)
                                .doOnNext(x -> {
                                    size.addAndGet(b.length());
                                    progress.onProgress(done.addAndGet(b.length()), totalSize);
                                }), Math.max(1, blocksInFlight), 1)
                        .collectList();
                return Mono.zip(checksum, stored).flux();
            }, 2).single();

            // Once the pieces are handed to the caller, the caller owns them: a cancel that races with the
            // hand-over (e.g. a client hanging up while metadata is being saved) must not delete pieces that
            // metadata may already point at.
            AtomicBoolean handedOver = new AtomicBoolean();
            return pipeline
                    .map(t -> {
                        handedOver.set(true);
                        return new Written(new ObjectMeta(key, objectId, size.get(), t.getT1(), Instant.now(),
                                coder.dataShards(), coder.parityShards(), blockSize, backends, t.getT2()), discard);
                    })
                    .onErrorResume(e -> discard.then(Mono.error(wrap(key, e))))
                    .doOnCancel(() -> {
                        if (!handedOver.get()) {
                            discard.subscribe();
                        }
                    });
        });
    }

    private Mono<BlockMeta> storeBlock(BlockEncoder encoder, Block block, StoreArrays arrays,
            List<ZdbNamespace> namespaces, List<BackendSpec> backends, Queue<WrittenPiece> written, PendingWrites pending) {
        return Mono.fromCallable(() -> encode(encoder, block, arrays))
                .subscribeOn(schedulers.coding())
                .flatMap(enc -> Timing.mono(Flux.range(0, enc.pieces().length)
                        .flatMapSequential(i -> pending.run(namespaces.get(i).set(APPEND,
                                                ByteBuffer.wrap(enc.pieces()[i], 0, enc.pieceLength()))
                                        .doOnNext(k -> written.add(new WrittenPiece(i, k))))
                                .switchIfEmpty(Mono.error(() -> new StoreFailedException(
                                        "backend " + backends.get(i) + " stored no piece for block " + block.index())))
                                .map(k -> new PieceRef(k, enc.checksums()[i])), enc.pieces().length)
                        .collectList(), writeTimer)
                        // every piece write completed, so the client has read every piece: the arrays are free
                        // (after a failure they are left to the collector: a timed-out write may still be sent)
                        .doOnNext(refs -> arrays.givePiecesBack(enc.pieces()))
                        .map(refs -> new BlockMeta(enc.plainLength(), enc.plainChecksum(), enc.compressed(),
                                enc.sealedLength(), refs)));
    }

    private EncodedBlock encode(BlockEncoder encoder, Block block, StoreArrays arrays) {
        long start = System.nanoTime();
        Outcome outcome = Outcome.ERROR;
        try {
            EncodedBlock enc = encoder.encode(block, arrays.pieces());
            outcome = Outcome.OK;
            return enc;
        } finally {
            block.release(); // the encoder is done with the plaintext, whichever way it ended
            stages.record(Stage.ENCODE, outcome, System.nanoTime() - start);
        }
    }

    private record WrittenPiece(int backend, byte[] key) {
    }

    private static Mono<Void> discard(String key, List<ZdbNamespace> namespaces, Queue<WrittenPiece> written) {
        List<WrittenPiece> pieces = new ArrayList<>();
        WrittenPiece p;
        while ((p = written.poll()) != null) {
            pieces.add(p);
        }
        if (pieces.isEmpty()) {
            return Mono.empty();
        }
        LOG.debug("deleting {} orphaned pieces of {}", pieces.size(), key);
        return Flux.fromIterable(pieces)
                .flatMap(w -> namespaces.get(w.backend()).delete(w.key()).onErrorResume(e -> Mono.just(false)), 16)
                .then();
    }

    private static Throwable wrap(String key, Throwable e) {
        Throwable first = ErrorText.first(e);
        if (first == e && e instanceof ZstorException) {
            return e;
        }
        return new StoreFailedException("storing " + key + " failed: " + ErrorText.of(e), e);
    }
}
