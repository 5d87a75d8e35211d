package io.zstor.engine.pipeline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Arrays of one read or store lent out and given back, so that a retrieve or a store does not allocate (and
 * the collector does not copy) a new array for every piece and every block: about two GiB of garbage per GiB
 * read before. One pool holds a read's piece arrays, lent to the 0-db client for its GET replies and given
 * back once their block is decoded; another its plaintext arrays, given back once the output file has them.
 * A store pools its plaintext blocks and its pieces the same way ({@link StoreArrays}).
 *
 * <p>Every array kept has the pool's length, the longest the read needs (a compressed block's pieces and
 * the last block are shorter, and are lent the same arrays: callers use the first {@code n} bytes), and at
 * most {@code max} are kept; a longer request, or an empty pool, gets a new array. Only arrays this pool lent
 * are taken back: a namespace that ignores the lender returns arrays of its own, which may be shared. An array
 * that is never given back (its block failed, its GET came too late) is simply collected with the pool, which
 * lives as long as one read. Thread-safe and non-blocking: the client calls {@link #apply} on its event loop.
 */
final class LentArrays implements IntFunction<byte[]> {

    private final int length;
    private final int max;
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();
    /** Arrays out on loan, by identity (arrays do not override equals and hashCode). */
    private final Set<byte[]> lent = ConcurrentHashMap.newKeySet();

    /**
     * @param length the length of the arrays lent: the longest the read needs
     * @param max the most arrays kept
     */
    LentArrays(int length, int max) {
        this.length = length;
        this.max = max;
    }

    /**
     * An array of at least {@code n} bytes: one of the pool's when {@code n} fits, else a new one of exactly
     * {@code n} (contents undefined: the caller overwrites the first {@code n} bytes and uses only those).
     */
    @Override
    public byte[] apply(int n) {
        if (n > length) {
            return new byte[n];
        }
        byte[] a = free.poll();
        if (a != null) {
            kept.decrementAndGet();
        } else {
            a = new byte[length];
        }
        lent.add(a);
        return a;
    }

    /** Gives back an array; the caller must hold no reference to it any more. Others are ignored. */
    void giveBack(byte[] array) {
        if (array == null || !lent.remove(array)) {
            return;
        }
        if (kept.incrementAndGet() <= max) {
            free.offer(array);
        } else {
            kept.decrementAndGet();
        }
    }

    /** Gives back the arrays of a decoded block. */
    void giveBack(byte[][] arrays) {
        for (byte[] a : arrays) {
            giveBack(a);
        }
    }

    /** Arrays currently kept for reuse. */
    int kept() {
        return kept.get();
    }
}
