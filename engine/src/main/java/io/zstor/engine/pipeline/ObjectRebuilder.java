package io.zstor.engine.pipeline;

import io.zstor.engine.ObjectUnreadableException;
import io.zstor.engine.RebuildResult;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.backend.ZdbNamespace;
import io.zstor.engine.codec.ErasureCoder;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.meta.BlockMeta;
import io.zstor.engine.meta.ObjectMeta;
import io.zstor.engine.meta.PieceRef;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Restores an object's full redundancy without ever making it unreadable: new pieces are written first and
 * the caller replaces the metadata afterwards; old pieces are deleted only after that.
 *
 * <p>When the config's k/m equal the object's, a piece index keeps its backend if that backend is still
 * configured and reachable, and only pieces that are missing or corrupt (or on a replaced backend) are
 * rewritten, reconstructed from the others. When k/m changed, every block's sealed unit is recovered and
 * re-coded with the new k/m onto a fresh placement (no decryption needed); the new k/m are recorded.
 */
public final class ObjectRebuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectRebuilder.class);
    private static final byte[] APPEND = new byte[0];

    private final PipelineSchedulers schedulers;
    private final ObjectReader reader;
    private final io.zstor.engine.NamespacePool pool;

    /**
     * @param schedulers coding scheduler
     * @param reader fetches pieces
     * @param pool namespace pool
     */
    public ObjectRebuilder(PipelineSchedulers schedulers, ObjectReader reader, io.zstor.engine.NamespacePool pool) {
        this.schedulers = schedulers;
        this.reader = reader;
        this.pool = pool;
    }

    /** Backends chosen for the rebuilt object, with open namespaces. */
    public record Target(List<BackendSpec> backends, List<ZdbNamespace> namespaces) {
    }

    /**
     * The rebuilt metadata to save, whether anything changed, and the cleanup of superseded pieces to run
     * after the metadata is saved.
     */
    public record Outcome(ObjectMeta meta, boolean changed, Mono<Void> cleanup, RebuildResult result) {
    }

    private record OldPiece(BackendSpec backend, byte[] key) {
    }

    /**
     * Rebuilds {@code meta}.
     *
     * @param placer chooses backends given fixed piece indices and backends to avoid
     * @param configured the data backends of the current config
     */
    public Mono<Outcome> rebuild(ObjectMeta meta, ZstorConfig config, Codecs codecs,
            BiFunction<Map<Integer, BackendSpec>, List<BackendSpec>, Mono<Target>> placer, List<BackendSpec> configured) {
        return rebuild(meta, config, codecs, placer, configured, Set.of());
    }

    /**
     * One attempt, with the pieces of the backends in {@code moveOff} moved to others. A backend that refuses
     * a piece for lack of space (it still answers, so it kept its index) is moved off in the next attempt:
     * otherwise the rewrite of a piece lost there would fail on every repair and the object stay degraded.
     */
    private Mono<Outcome> rebuild(ObjectMeta meta, ZstorConfig config, Codecs codecs,
            BiFunction<Map<Integer, BackendSpec>, List<BackendSpec>, Mono<Target>> placer, List<BackendSpec> configured,
            Set<BackendSpec> moveOff) {
        return attempt(meta, config, codecs, placer, configured, moveOff).onErrorResume(e -> fullBackend(e, meta)
                .filter(full -> !moveOff.contains(full))
                .map(full -> {
                    LOG.info("{} has no room for a piece of {}; moving its pieces to another backend", full, meta.key());
                    Set<BackendSpec> more = new HashSet<>(moveOff);
                    more.add(full);
                    return rebuild(meta, config, codecs, placer, configured, more);
                })
                .orElseGet(() -> Mono.error(e)));
    }

    /** The object's backend that refused a piece as full, if that is what {@code error} says. */
    private static Optional<BackendSpec> fullBackend(Throwable error, ObjectMeta meta) {
        return ZdbException.inChain(error).stream().filter(z -> z.kind() == ZdbErrorKind.NAMESPACE_FULL).findFirst()
                .flatMap(z -> meta.backends().stream().filter(b -> b.displayName().equals(z.backend())).findFirst());
    }

    private Mono<Outcome> attempt(ObjectMeta meta, ZstorConfig config, Codecs codecs,
            BiFunction<Map<Integer, BackendSpec>, List<BackendSpec>, Mono<Target>> placer, List<BackendSpec> configured,
            Set<BackendSpec> moveOff) {
        int k = config.minimalShards();
        int m = config.parityShards();
        ErasureCoder oldCoder = codecs.erasure().create(meta.dataShards(), meta.parityShards());
        ErasureCoder newCoder = codecs.erasure().create(k, m);
        boolean relayout = meta.dataShards() != k || meta.parityShards() != m;
        List<Mono<Optional<ZdbNamespace>>> old = reader.openAll(meta);
        Queue<OldPiece> superseded = new ConcurrentLinkedQueue<>();
        NewPieces written = new NewPieces();
        AtomicInteger rewritten = new AtomicInteger();
        AtomicBoolean handedOver = new AtomicBoolean();

        Mono<Target> target = Flux.fromIterable(old).flatMapSequential(x -> x).collectList().flatMap(opened -> {
            Map<Integer, BackendSpec> fixed = new HashMap<>();
            List<BackendSpec> avoid = new ArrayList<>();
            for (int i = 0; i < meta.totalShards(); i++) {
                BackendSpec spec = meta.backends().get(i);
                if (!relayout && opened.get(i).isPresent() && configured.contains(spec) && !moveOff.contains(spec)) {
                    fixed.put(i, spec);
                } else if (!configured.contains(spec) || opened.get(i).isEmpty() || moveOff.contains(spec)) {
                    avoid.add(spec);
                }
            }
            return placer.apply(relayout ? Map.of() : fixed, avoid);
        });

        return target.flatMap(t -> Flux.range(0, meta.blocks().size())
                .flatMapSequential(b -> reader.fetch(meta, b, old, !relayout, new ObjectReader.Stats())
                        .publishOn(schedulers.coding())
                        .flatMap(f -> relayout
                                ? recode(meta, f, oldCoder, newCoder, t, written, rewritten)
                                : repair(meta, f, oldCoder, t, written, superseded, rewritten)), 2, 1)
                .collectList()
                .map(blocks -> {
                    boolean changed = relayout || rewritten.get() > 0 || !t.backends().equals(meta.backends());
                    if (relayout) {
                        for (BlockMeta block : meta.blocks()) {
                            for (int i = 0; i < meta.totalShards(); i++) {
                                superseded.add(new OldPiece(meta.backends().get(i), block.pieces().get(i).key()));
                            }
                        }
                    }
                    ObjectMeta rebuilt = meta.withLayout(k, m, t.backends(), blocks);
                    handedOver.set(true); // the caller owns the new pieces now: its metadata may point at them
                    Mono<Void> cleanup = Mono.defer(() -> deleteAll(superseded));
                    RebuildResult result = new RebuildResult(meta.key(), k, m, rewritten.get(),
                            t.backends().stream().map(BackendSpec::displayName).toList());
                    if (changed) {
                        LOG.info("rebuilt {}: {} pieces rewritten, backends {} -> {}", meta.key(), rewritten.get(),
                                meta.backends(), t.backends());
                    }
                    return new Outcome(changed ? rebuilt : meta, changed, cleanup, result);
                })
                .onErrorResume(e -> written.discard().then(Mono.error(e))))
                .doOnCancel(() -> {
                    if (!handedOver.get()) {
                        written.discard().subscribe(); // a cancelled rebuild (shutdown, a client gone) leaves nothing
                    }
                });
    }

    /**
     * The pieces an attempt wrote: their keys, and the writes still running, so that a discard after a failure
     * or a cancellation deletes every piece that reached a backend.
     */
    private final class NewPieces {
        final Queue<OldPiece> keys = new ConcurrentLinkedQueue<>();
        final PendingWrites pending = new PendingWrites();

        Mono<Void> discard() {
            return pending.closeAndAwait().then(Mono.defer(() -> deleteAll(keys)));
        }
    }

    private Mono<BlockMeta> repair(ObjectMeta meta, ObjectReader.FetchedBlock f, ErasureCoder coder, Target t,
            NewPieces written, Queue<OldPiece> superseded, AtomicInteger rewritten) {
        int n = meta.totalShards();
        List<Integer> rewrite = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!f.present()[i] || !t.backends().get(i).equals(meta.backends().get(i))) {
                rewrite.add(i);
            }
        }
        if (rewrite.isEmpty()) {
            return Mono.just(f.meta());
        }
        reconstruct(meta, f, coder);
        return Flux.fromIterable(rewrite)
                .flatMap(i -> writePiece(t, i, f.pieces()[i], written).map(ref -> Map.entry(i, ref)), rewrite.size())
                .collectList()
                .map(refs -> {
                    List<PieceRef> pieces = new ArrayList<>(f.meta().pieces());
                    for (var e : refs) {
                        pieces.set(e.getKey(), e.getValue());
                        // only a piece read back intact is known to be this object's: a missing or corrupt one's
                        // key may hold another object's piece by now (a 0-db namespace re-created empty hands
                        // out its sequential keys again), so it is left alone
                        if (f.present()[e.getKey()]) {
                            superseded.add(new OldPiece(meta.backends().get(e.getKey()),
                                    f.meta().pieces().get(e.getKey()).key()));
                        }
                    }
                    rewritten.addAndGet(refs.size());
                    return f.meta().withPieces(pieces);
                });
    }

    private Mono<BlockMeta> recode(ObjectMeta meta, ObjectReader.FetchedBlock f, ErasureCoder oldCoder,
            ErasureCoder newCoder, Target t, NewPieces written, AtomicInteger rewritten) {
        reconstruct(meta, f, oldCoder);
        int oldPieceLength = BlockMeta.pieceLength(f.meta().sealedLength(), meta.dataShards());
        byte[] sealed = new byte[f.meta().sealedLength()];
        for (int i = 0, at = 0; i < meta.dataShards() && at < sealed.length; i++, at += oldPieceLength) {
            System.arraycopy(f.pieces()[i], 0, sealed, at, Math.min(oldPieceLength, sealed.length - at));
        }
        BlockEncoder.Coded coded = BlockEncoder.code(sealed, BlockMeta.pieceLength(sealed.length, newCoder.dataShards()),
                newCoder);
        return Flux.range(0, newCoder.totalShards())
                .flatMapSequential(i -> writePiece(t, i, coded.pieces()[i], written), newCoder.totalShards())
                .collectList()
                .map(refs -> {
                    rewritten.addAndGet(refs.size());
                    return f.meta().withPieces(refs);
                });
    }

    private static void reconstruct(ObjectMeta meta, ObjectReader.FetchedBlock f, ErasureCoder coder) {
        int valid = 0;
        boolean complete = true;
        for (int i = 0; i < f.present().length; i++) {
            valid += f.present()[i] ? 1 : 0;
            complete &= f.present()[i];
        }
        if (valid < meta.dataShards()) {
            throw new ObjectUnreadableException("block " + f.index() + " of " + meta.key() + " is unrecoverable: only "
                    + valid + " of " + meta.dataShards() + " required pieces are available");
        }
        if (!complete) {
            int pieceLength = BlockMeta.pieceLength(f.meta().sealedLength(), meta.dataShards());
            for (int i = 0; i < f.pieces().length; i++) {
                if (f.pieces()[i] == null) {
                    f.pieces()[i] = new byte[pieceLength];
                }
            }
            coder.reconstruct(f.pieces(), f.present(), 0, pieceLength);
        }
    }

    private static Mono<PieceRef> writePiece(Target t, int i, byte[] piece, NewPieces written) {
        // recorded inside the write, which runs to its end even if the rebuild is cancelled meanwhile
        return written.pending.run(t.namespaces().get(i).set(APPEND, ByteBuffer.wrap(piece))
                        .doOnNext(key -> written.keys.add(new OldPiece(t.backends().get(i), key))))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("backend " + t.backends().get(i)
                        + " stored no piece")))
                .map(key -> new PieceRef(key, io.zstor.engine.codec.PieceChecksum.of(piece, 0, piece.length).toLong()));
    }

    private Mono<Void> deleteAll(Queue<OldPiece> pieces) {
        List<OldPiece> all = new ArrayList<>(pieces);
        pieces.clear();
        return Flux.fromIterable(all)
                .flatMap(p -> pool.open(p.backend(), io.zstor.engine.backend.NamespaceMode.SEQUENTIAL)
                        .flatMap(ns -> ns.delete(p.key()))
                        .onErrorResume(e -> Mono.just(false)), 8)
                .then();
    }
}
