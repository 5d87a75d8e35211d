package io.zstor.engine.repair;

import io.zstor.engine.NamespacePool;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.codec.PieceChecksum;
import io.zstor.engine.meta.ObjectMeta;
import io.zstor.engine.meta.PieceRef;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Decides how redundant an object still is. The quick assessment only looks at where pieces live (a piece
 * on an unusable backend counts as lost); the scrub also reads every piece on the usable backends and
 * verifies its checksum, block by block, so memory stays at one block's pieces.
 */
final class PieceInspector {

    /** Pieces read at once while scrubbing one block. */
    private static final int PIECES_IN_FLIGHT = 8;

    private final NamespacePool pool;

    /** @param pool the engine's namespace pool */
    PieceInspector(NamespacePool pool) {
        this.pool = pool;
    }

    /** The result of inspecting an object. */
    record Finding(int margin, boolean damaged, long corruptPieces) {
    }

    /** Margin from placement alone: pieces on unusable backends are lost for every block. */
    static Finding byPlacement(ObjectMeta meta, Predicate<BackendSpec> usable) {
        int lost = (int) meta.backends().stream().filter(usable.negate()).count();
        return new Finding(meta.totalShards() - lost - meta.dataShards(), lost > 0, 0);
    }

    /** Margin from reading every piece: the worst block's valid pieces minus k. */
    Mono<Finding> scrub(ObjectMeta meta, Predicate<BackendSpec> usable) {
        Finding placed = byPlacement(meta, usable);
        return Flux.fromIterable(meta.blocks())
                .concatMap(block -> Flux.range(0, meta.totalShards())
                        .filter(i -> usable.test(meta.backends().get(i)))
                        .flatMap(i -> verify(meta.backends().get(i), block.pieces().get(i)), PIECES_IN_FLIGHT)
                        .collectList()
                        .map(results -> {
                            long valid = results.stream().filter(PieceState.VALID::equals).count();
                            long corrupt = results.stream().filter(PieceState.CORRUPT::equals).count();
                            return new long[] {valid, corrupt};
                        }))
                .reduce(new long[] {Long.MAX_VALUE, 0}, (acc, b) -> new long[] {Math.min(acc[0], b[0]), acc[1] + b[1]})
                .map(acc -> {
                    long worstValid = meta.blocks().isEmpty() ? meta.totalShards() : acc[0];
                    int margin = (int) Math.min(placed.margin(), worstValid - meta.dataShards());
                    boolean damaged = placed.damaged() || worstValid < meta.totalShards();
                    return new Finding(margin, damaged, acc[1]);
                });
    }

    private enum PieceState { VALID, MISSING, CORRUPT, UNREADABLE }

    private Mono<PieceState> verify(BackendSpec backend, PieceRef ref) {
        return pool.open(backend, NamespaceMode.SEQUENTIAL)
                .flatMap(ns -> ns.get(ref.key()))
                .map(buf -> PieceChecksum.fromLong(ref.checksum()).matches(buf) ? PieceState.VALID : PieceState.CORRUPT)
                .defaultIfEmpty(PieceState.MISSING)
                .onErrorReturn(PieceState.UNREADABLE);
    }
}
