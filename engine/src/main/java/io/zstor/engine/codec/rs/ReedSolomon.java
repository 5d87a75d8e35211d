package io.zstor.engine.codec.rs;

import io.zstor.engine.codec.ErasureCoder;
import io.zstor.engine.codec.TooFewShardsException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reed-Solomon erasure coding over GF(2^8) (polynomial 0x11D) with {@code k} data and {@code m} parity
 * shards, byte-compatible with Backblaze JavaReedSolomon, klauspost/reedsolomon and the Rust
 * reed-solomon-erasure crate used by the original 0-stor: the encoding matrix is the {@code (k + m) x k}
 * Vandermonde matrix multiplied by the inverse of its top {@code k x k} block, so data shards are stored
 * verbatim and parity shards are the remaining rows times the data.
 *
 * <p>Shards are array slices (a common offset and length) or {@link ByteBuffer}s (their
 * {@code position..limit}); nothing is copied except bounded chunks of direct or read-only buffers. The
 * byte multiplication runs on a {@link Kernel}: the SIMD vector kernel when the runtime has
 * {@code jdk.incubator.vector}, else the scalar one; {@value #KERNEL_PROPERTY} forces one. Inverted
 * matrices are cached per erasure pattern ({@value #DECODE_CACHE_SIZE} patterns at most).
 *
 * <p>Instances are immutable apart from that cache and thread-safe.
 */
public final class ReedSolomon implements ErasureCoder {

    /** System property forcing the kernel: {@code scalar} or {@code vector}. */
    public static final String KERNEL_PROPERTY = "zstor.rs.kernel";

    /** Largest {@code k + m}: the field has 256 elements. */
    public static final int MAX_TOTAL_SHARDS = 256;

    /** Erasure patterns whose decode matrices are kept. */
    public static final int DECODE_CACHE_SIZE = 256;

    /** Bytes per shard staged at once when a {@link ByteBuffer} has no accessible array. */
    private static final int STAGING_CHUNK = 64 * 1024;

    /** Bytes per parity shard recomputed at once by {@link #isParityCorrect}. */
    private static final int VERIFY_CHUNK = 16 * 1024;

    private final int dataShards;
    private final int parityShards;
    private final GaloisKernel kernel;
    private final Matrix encodingMatrix;
    private final CodingPlan parityPlan;
    private final DecodePlanCache decodePlans = new DecodePlanCache(DECODE_CACHE_SIZE);

    private ReedSolomon(int dataShards, int parityShards, GaloisKernel kernel) {
        this.dataShards = dataShards;
        this.parityShards = parityShards;
        this.kernel = kernel;
        this.encodingMatrix = encodingMatrix(dataShards, parityShards);
        byte[][] parityRows = new byte[parityShards][];
        for (int p = 0; p < parityShards; p++) {
            parityRows[p] = encodingMatrix.row(dataShards + p);
        }
        this.parityPlan = kernel.plan(parityRows);
    }

    /**
     * A codec on the default kernel (vector when available, unless {@value #KERNEL_PROPERTY} says otherwise).
     *
     * @param dataShards {@code k >= 1}
     * @param parityShards {@code m >= 1}, with {@code k + m <= 256}
     */
    public static ReedSolomon create(int dataShards, int parityShards) {
        return create(dataShards, parityShards, KernelLoader.defaultKind());
    }

    /**
     * A codec on the given kernel.
     *
     * @throws IllegalStateException when {@code kernel} is {@link Kernel#VECTOR} and the runtime lacks the module
     */
    public static ReedSolomon create(int dataShards, int parityShards, Kernel kernel) {
        if (dataShards < 1 || parityShards < 1 || dataShards + parityShards > MAX_TOTAL_SHARDS) {
            throw new IllegalArgumentException("Reed-Solomon needs k >= 1, m >= 1 and k + m <= " + MAX_TOTAL_SHARDS
                    + ", got k=" + dataShards + " m=" + parityShards);
        }
        return new ReedSolomon(dataShards, parityShards, KernelLoader.load(kernel));
    }

    /** The kernel {@link #create(int, int)} picks in this JVM. */
    public static Kernel defaultKernel() {
        return KernelLoader.defaultKind();
    }

    /** Whether {@code kernel} can run in this JVM. */
    public static boolean isAvailable(Kernel kernel) {
        return KernelLoader.isAvailable(kernel);
    }

    /**
     * The {@code (k + m) x k} encoding matrix, Vandermonde times the inverse of its top square, the one
     * the reference libraries use.
     */
    static Matrix encodingMatrix(int dataShards, int parityShards) {
        Matrix vandermonde = Matrix.vandermonde(dataShards + parityShards, dataShards);
        return vandermonde.times(vandermonde.rows(0, dataShards).invert());
    }

    /** The kernel this codec runs on. */
    public Kernel kernel() {
        return kernel.kind();
    }

    @Override
    public int dataShards() {
        return dataShards;
    }

    @Override
    public int parityShards() {
        return parityShards;
    }

    @Override
    public void encodeParity(byte[][] shards, int offset, int length) {
        checkSlices(shards, offset, length);
        encode(shards, sameOffsets(offset), length);
    }

    @Override
    public void reconstruct(byte[][] shards, boolean[] present, int offset, int length) {
        checkSlices(shards, offset, length);
        DecodePlan plan = decodePlan(present);
        if (plan != null) {
            plan.apply(shards, sameOffsets(offset), length);
        }
    }

    @Override
    public boolean isParityCorrect(byte[][] shards, int offset, int length) {
        checkSlices(shards, offset, length);
        return verify(shards, sameOffsets(offset), length);
    }

    /**
     * Computes the parity shards from the data shards; each buffer's {@code position..limit} is its shard
     * (all of equal length). Positions and limits are left unchanged.
     */
    public void encodeParity(ByteBuffer[] shards) {
        boolean[] written = new boolean[totalShards()];
        Arrays.fill(written, dataShards, written.length, true);
        onBuffers(shards, written, (arrays, offsets, length) -> {
            encode(arrays, offsets, length);
            return true;
        });
    }

    /**
     * Recomputes every buffer whose {@code present} flag is false ({@code position..limit}, equal lengths,
     * positions and limits unchanged).
     *
     * @throws TooFewShardsException when fewer than {@code k} shards are present
     */
    public void reconstruct(ByteBuffer[] shards, boolean[] present) {
        DecodePlan plan = decodePlan(present);
        if (plan == null) {
            return;
        }
        boolean[] written = new boolean[totalShards()];
        for (int s = 0; s < written.length; s++) {
            written[s] = !present[s];
        }
        onBuffers(shards, written, (arrays, offsets, length) -> {
            plan.apply(arrays, offsets, length);
            return true;
        });
    }

    /** Returns whether the parity buffers are consistent with the data buffers ({@code position..limit}). */
    public boolean isParityCorrect(ByteBuffer[] shards) {
        return onBuffers(shards, new boolean[totalShards()], this::verify);
    }

    @Override
    public String toString() {
        return "ReedSolomon[" + dataShards + "+" + parityShards + ", " + kernel.kind().name().toLowerCase(java.util.Locale.ROOT) + "]";
    }

    private void encode(byte[][] shards, int[] offsets, int length) {
        parityPlan.apply(shards, offsets, Arrays.copyOfRange(shards, dataShards, shards.length),
                Arrays.copyOfRange(offsets, dataShards, offsets.length), length);
    }

    /** The plan for {@code present}, or null when nothing is missing. */
    private DecodePlan decodePlan(boolean[] present) {
        if (present == null || present.length != totalShards()) {
            throw new IllegalArgumentException("expected " + totalShards() + " present flags, got "
                    + (present == null ? "null" : present.length));
        }
        int count = 0;
        for (boolean p : present) {
            count += p ? 1 : 0;
        }
        if (count < dataShards) {
            throw new TooFewShardsException(count, dataShards);
        }
        if (count == present.length) {
            return null;
        }
        return decodePlans.get(present, pattern -> DecodePlan.build(encodingMatrix, pattern, kernel));
    }

    private boolean verify(byte[][] shards, int[] offsets, int length) {
        int chunk = Math.min(length, VERIFY_CHUNK);
        byte[][] computed = new byte[parityShards][chunk];
        int[] zeros = new int[parityShards];
        int[] dataOffsets = Arrays.copyOf(offsets, dataShards);
        for (int start = 0; start < length; start += chunk) {
            int n = Math.min(chunk, length - start);
            for (int d = 0; d < dataShards; d++) {
                dataOffsets[d] = offsets[d] + start;
            }
            parityPlan.apply(shards, dataOffsets, computed, zeros, n);
            for (int p = 0; p < parityShards; p++) {
                int s = dataShards + p;
                int from = offsets[s] + start;
                if (!Arrays.equals(computed[p], 0, n, shards[s], from, from + n)) {
                    return false;
                }
            }
        }
        return true;
    }

    private void checkSlices(byte[][] shards, int offset, int length) {
        checkCount(shards);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: offset=" + offset + " length=" + length);
        }
        for (int s = 0; s < shards.length; s++) {
            if (shards[s] == null) {
                throw new IllegalArgumentException("shard " + s + " is null");
            }
            if (shards[s].length - offset < length) {
                throw new IllegalArgumentException("shard " + s + " holds " + shards[s].length
                        + " bytes, fewer than offset + length = " + ((long) offset + length));
            }
        }
    }

    private void checkCount(Object[] shards) {
        if (shards == null || shards.length != totalShards()) {
            throw new IllegalArgumentException("expected " + totalShards() + " shards, got "
                    + (shards == null ? "null" : shards.length));
        }
    }

    private int[] sameOffsets(int offset) {
        int[] offsets = new int[totalShards()];
        Arrays.fill(offsets, offset);
        return offsets;
    }

    /** Coding work on array slices with one offset per shard. */
    @FunctionalInterface
    private interface SliceOperation {
        boolean run(byte[][] arrays, int[] offsets, int length);
    }

    /**
     * Runs {@code operation} on the buffers' backing arrays, or, for buffers without an accessible array
     * (direct, or read-only when written), on bounded staging chunks copied in and, when {@code written},
     * out again.
     */
    private boolean onBuffers(ByteBuffer[] shards, boolean[] written, SliceOperation operation) {
        checkCount(shards);
        int length = -1;
        boolean staged = false;
        for (int s = 0; s < shards.length; s++) {
            ByteBuffer b = shards[s];
            if (b == null) {
                throw new IllegalArgumentException("shard " + s + " is null");
            }
            if (length >= 0 && b.remaining() != length) {
                throw new IllegalArgumentException("shards differ in length: shard 0 has " + length
                        + " bytes remaining, shard " + s + " has " + b.remaining());
            }
            if (written[s] && b.isReadOnly()) {
                throw new IllegalArgumentException("shard " + s + " must be written but is read-only");
            }
            length = b.remaining();
            staged |= !b.hasArray();
        }
        byte[][] arrays = new byte[shards.length][];
        int[] offsets = new int[shards.length];
        if (!staged) {
            for (int s = 0; s < shards.length; s++) {
                arrays[s] = shards[s].array();
                offsets[s] = shards[s].arrayOffset() + shards[s].position();
            }
            return operation.run(arrays, offsets, length);
        }
        int chunk = Math.min(length, STAGING_CHUNK);
        for (int s = 0; s < shards.length; s++) {
            if (shards[s].hasArray()) {
                arrays[s] = shards[s].array();
            } else {
                arrays[s] = new byte[chunk];
            }
        }
        for (int start = 0; start < length || start == 0; start += chunk) {
            int n = Math.min(chunk, length - start);
            for (int s = 0; s < shards.length; s++) {
                ByteBuffer b = shards[s];
                if (b.hasArray()) {
                    offsets[s] = b.arrayOffset() + b.position() + start;
                } else if (!written[s]) {
                    b.get(b.position() + start, arrays[s], 0, n);
                }
            }
            if (!operation.run(arrays, offsets, n)) {
                return false;
            }
            for (int s = 0; s < shards.length; s++) {
                ByteBuffer b = shards[s];
                if (written[s] && !b.hasArray()) {
                    b.put(b.position() + start, arrays[s], 0, n);
                }
            }
            if (length == 0) {
                break;
            }
        }
        return true;
    }
}
