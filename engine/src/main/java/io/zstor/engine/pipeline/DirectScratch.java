package io.zstor.engine.pipeline;

import java.nio.ByteBuffer;

/**
 * Per-thread reusable direct buffers for the block codecs. The JDK's AES-GCM reaches its AES-NI/VPCLMULQDQ
 * fast path reliably only through direct buffers (heap {@code byte[]} calls can stay on a ~85 MB/s path for
 * seconds, see {@code limits.md}), and snappy-java compresses direct buffers without extra copies. Coding
 * runs on a fixed pool of threads, so each holds at most three buffers of about one block.
 */
final class DirectScratch {

    private static final ThreadLocal<DirectScratch> LOCAL = ThreadLocal.withInitial(DirectScratch::new);

    private final ByteBuffer[] buffers = new ByteBuffer[3];

    private DirectScratch() {
    }

    /** This thread's scratch. */
    static DirectScratch get() {
        return LOCAL.get();
    }

    /** Buffer {@code slot} (0..2), cleared, with at least {@code capacity} bytes and limit = capacity. */
    ByteBuffer buffer(int slot, int capacity) {
        ByteBuffer b = buffers[slot];
        if (b == null || b.capacity() < capacity) {
            b = ByteBuffer.allocateDirect(Math.max(capacity, 64 << 10));
            buffers[slot] = b;
        }
        b.clear().limit(capacity);
        return b;
    }
}
