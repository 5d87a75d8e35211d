package io.zstor.engine.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Streaming, unkeyed BLAKE2b (RFC 7693) with a 16-byte digest: the parameterised BLAKE2b-128 (digest
 * length 16 in the parameter block, not a truncated BLAKE2b-512). It is the file checksum {@code check}
 * prints and the checksum the original stores per shard, so its output must match the original byte for
 * byte.
 *
 * <p>Why our own implementation: the file checksum is a serial hash on the critical path of a store and of
 * a retrieve, and the largest CPU consumer of both. BouncyCastle's {@code Blake2bDigest} runs its rounds
 * through a sigma table and arrays; this class reads message words as little-endian longs through a
 * {@link VarHandle} or a direct buffer's {@code getLong}, allocates nothing per block, and hands each block
 * to a kernel ({@code Blake2bKernel}): the scalar one with the rounds unrolled in locals, or, when the system
 * property {@code zstor.blake2b.kernel} is {@code vector}, the SIMD one on the incubating Vector API (see
 * {@code Blake2bKernels} for when that pays). Both give identical digests.
 *
 * <p>An instance is not thread-safe; use one per stream. After {@link #finish()} it may be
 * {@link #reset()} and reused.
 */
public final class Blake2b128 {

    /** Digest length in bytes. */
    public static final int DIGEST_LENGTH = 16;

    private static final int BLOCK = 128;
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int digestLength;
    private final Blake2bKernel kernel;
    private final long[] h = new long[8];
    private final long[] m = new long[16];
    private final long[] work = new long[16];
    private final byte[] buffer = new byte[BLOCK];
    private int bufferLength;
    private long t0;
    private long t1;

    /** A fresh BLAKE2b-128 state. */
    public Blake2b128() {
        this(DIGEST_LENGTH);
    }

    /** Any unkeyed BLAKE2b digest length; package-private so tests can check the RFC 7693 BLAKE2b-512 vector. */
    Blake2b128(int digestLength) {
        this(digestLength, Blake2bKernels.forNewInstance());
    }

    /** Any unkeyed digest length on a given kernel; package-private so tests can run every kernel. */
    Blake2b128(int digestLength, Blake2bKernel kernel) {
        if (digestLength < 1 || digestLength > 64) {
            throw new IllegalArgumentException("BLAKE2b digest length must be 1..64, got " + digestLength);
        }
        this.digestLength = digestLength;
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        reset();
    }

    /** One-shot BLAKE2b-128 of {@code src.remaining()} bytes; does not move {@code src}'s position. */
    public static byte[] hash(ByteBuffer src) {
        Blake2b128 b = new Blake2b128();
        b.update(src.duplicate());
        return b.finish();
    }

    /** One-shot BLAKE2b-128 of a byte array. */
    public static byte[] hash(byte[] data) {
        Blake2b128 b = new Blake2b128();
        b.update(data, 0, data.length);
        return b.finish();
    }

    /** Lower-case hex of a digest (or any bytes), the form {@code check} prints. */
    public static String toHex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** Starts a new digest, forgetting everything hashed so far. */
    public void reset() {
        h[0] = Blake2bKernel.IV0 ^ (0x01010000L | digestLength); // parameter block: fanout 1, depth 1, no key
        h[1] = Blake2bKernel.IV1;
        h[2] = Blake2bKernel.IV2;
        h[3] = Blake2bKernel.IV3;
        h[4] = Blake2bKernel.IV4;
        h[5] = Blake2bKernel.IV5;
        h[6] = Blake2bKernel.IV6;
        h[7] = Blake2bKernel.IV7;
        t0 = 0;
        t1 = 0;
        bufferLength = 0;
    }

    /** Hashes {@code src.remaining()} bytes (heap or direct) and moves its position to the limit. */
    public void update(ByteBuffer src) {
        int len = src.remaining();
        if (len == 0) {
            return;
        }
        if (src.hasArray()) {
            update(src.array(), src.arrayOffset() + src.position(), len);
            src.position(src.limit());
            return;
        }
        int pos = src.position();
        int end = pos + len;
        if (bufferLength > 0) {
            int take = Math.min(BLOCK - bufferLength, len);
            src.get(pos, buffer, bufferLength, take);
            bufferLength += take;
            pos += take;
            if (pos == end) {
                src.position(end);
                return;
            }
            loadBuffer();
            compress(BLOCK, false);
            bufferLength = 0;
        }
        ByteBuffer le = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long[] w = m;
        while (end - pos > BLOCK) {
            for (int i = 0; i < 16; i++) {
                w[i] = le.getLong(pos + 8 * i);
            }
            compress(BLOCK, false);
            pos += BLOCK;
        }
        src.get(pos, buffer, 0, end - pos);
        bufferLength = end - pos;
        src.position(end);
    }

    /** Hashes {@code len} bytes of {@code data} from {@code off}. */
    public void update(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        if (len == 0) {
            return;
        }
        int end = off + len;
        if (bufferLength > 0) {
            int take = Math.min(BLOCK - bufferLength, len);
            System.arraycopy(data, off, buffer, bufferLength, take);
            bufferLength += take;
            off += take;
            if (off == end) {
                return;
            }
            loadBuffer();
            compress(BLOCK, false);
            bufferLength = 0;
        }
        long[] w = m;
        while (end - off > BLOCK) {
            for (int i = 0; i < 16; i++) {
                w[i] = (long) LONG_LE.get(data, off + 8 * i);
            }
            compress(BLOCK, false);
            off += BLOCK;
        }
        System.arraycopy(data, off, buffer, 0, end - off);
        bufferLength = end - off;
    }

    /** Completes the digest; the instance must be {@link #reset()} before it is used again. */
    public byte[] finish() {
        java.util.Arrays.fill(buffer, bufferLength, BLOCK, (byte) 0);
        loadBuffer();
        compress(bufferLength, true);
        byte[] out = new byte[digestLength];
        for (int i = 0; i < digestLength; i++) {
            out[i] = (byte) (h[i >>> 3] >>> (8 * (i & 7)));
        }
        return out;
    }

    /** Completes the digest and returns it as lower-case hex. */
    public String finishHex() {
        return toHex(finish());
    }

    private void loadBuffer() {
        for (int i = 0; i < 16; i++) {
            m[i] = (long) LONG_LE.get(buffer, 8 * i);
        }
    }

    private void compress(int bytes, boolean last) {
        t0 += bytes;
        if (Long.compareUnsigned(t0, bytes) < 0) {
            t1++;
        }
        kernel.compress(h, m, work, t0, t1, last ? -1L : 0L);
    }

    /** The kernel this instance runs on, for tests. */
    Blake2bKernel kernel() {
        return kernel;
    }

    @Override
    public String toString() {
        return "BLAKE2b-" + (digestLength * 8);
    }
}
