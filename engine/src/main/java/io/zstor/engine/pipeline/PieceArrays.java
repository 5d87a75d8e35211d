package io.zstor.engine.pipeline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The piece arrays of one read, lent to the 0-db client for its GET replies and given back once their block
 * is decoded, so that a retrieve does not allocate (and the collector does not copy) a new array for every
 * piece: about one GiB of garbage per GiB read before.
 *
 * <p>Only arrays of the read's usual piece length are kept (every block but the last has it), at most
 * {@code max} of them; any other length, or an empty pool, gets a new array. Only arrays this pool lent are
 * taken back: a namespace that ignores the lender returns arrays of its own, which may be shared. An array that
 * is never given back (its block failed, its GET came too late) is simply collected with the pool, which lives
 * as long as one read. Thread-safe and non-blocking: the client calls {@link #apply} on its event loop.
 */
final class PieceArrays implements IntFunction<byte[]> {

    private final int length;
    private final int max;
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();
    /** Arrays out on loan, by identity (arrays do not override equals and hashCode). */
    private final Set<byte[]> lent = ConcurrentHashMap.newKeySet();

    /**
     * @param length the piece length worth keeping arrays of
     * @param max the most arrays kept
     */
    PieceArrays(int length, int max) {
        this.length = length;
        this.max = max;
    }

    /** An array of exactly {@code n} bytes (contents undefined: the caller overwrites all of it). */
    @Override
    public byte[] apply(int n) {
        if (n != length) {
            return new byte[n];
        }
        byte[] a = free.poll();
        if (a != null) {
            kept.decrementAndGet();
        } else {
            a = new byte[n];
        }
        lent.add(a);
        return a;
    }

    /** Gives back the arrays of a decoded block; the caller must hold no reference to them any more. */
    void giveBack(byte[][] pieces) {
        for (byte[] p : pieces) {
            if (p == null || !lent.remove(p)) {
                continue;
            }
            if (kept.incrementAndGet() <= max) {
                free.offer(p);
            } else {
                kept.decrementAndGet();
            }
        }
    }

    /** Arrays currently kept for reuse. */
    int kept() {
        return kept.get();
    }
}
