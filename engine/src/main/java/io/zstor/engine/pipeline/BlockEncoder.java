package io.zstor.engine.pipeline;

import io.zstor.engine.codec.AeadCipher;
import io.zstor.engine.codec.BlockCompressor;
import io.zstor.engine.codec.ErasureCoder;
import io.zstor.engine.codec.PieceChecksum;
import io.zstor.engine.meta.BlockMeta;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Turns a plaintext block into pieces: checksum the plaintext -> compress (kept raw when compression does
 * not pay) -> seal with AES-256-GCM and the block's associated data -> split into k zero-padded data pieces
 * -> compute m parity pieces. Pure CPU work, thread-safe; run it on the coding scheduler.
 */
final class BlockEncoder {

    private final BlockCompressor compressor;
    private final AeadCipher cipher;
    private final ErasureCoder coder;
    private final byte[] objectId;

    BlockEncoder(BlockCompressor compressor, AeadCipher cipher, ErasureCoder coder, byte[] objectId) {
        this.compressor = compressor;
        this.cipher = cipher;
        this.coder = coder;
        this.objectId = objectId.clone();
    }

    EncodedBlock encode(Block block) {
        return encode(block, byte[]::new);
    }

    /**
     * Encodes {@code block} into piece arrays taken from {@code pieceArrays} (each of at least the piece length;
     * the pieces are their first {@link EncodedBlock#pieceLength()} bytes). The block's bytes are read only
     * before this returns.
     */
    EncodedBlock encode(Block block, IntFunction<byte[]> pieceArrays) {
        int k = coder.dataShards();
        boolean heap = cipher.prefersHeapBuffers();
        try (CodingScratch scratch = CodingScratch.borrow()) {
            ByteBuffer plain = heap
                    ? ByteBuffer.wrap(block.data(), 0, block.length()) // read in place
                    : scratch.direct(CodingScratch.PLAIN, block.length()).put(block.data(), 0, block.length()).flip();
            long plainChecksum = PieceChecksum.of(plain).toLong();
            ByteBuffer payload = plain;
            boolean compressed = false;
            if (block.length() > 0) {
                int bound = compressor.maxCompressedLength(block.length());
                ByteBuffer out = scratch.buffer(heap, CodingScratch.PAYLOAD, bound);
                int c = compressor.compress(plain.duplicate(), out);
                if (c >= 0) {
                    out.flip();
                    payload = out;
                    compressed = true;
                }
            }
            int sealedLength = payload.remaining() + AeadCipher.OVERHEAD;
            int pieceLength = BlockMeta.pieceLength(sealedLength, k);
            ByteBuffer sealedBuffer = scratch.buffer(heap, CodingScratch.SEALED, sealedLength);
            cipher.seal(payload, sealedBuffer, AssociatedData.of(objectId, block.index()));
            sealedBuffer.flip();
            Coded coded = code(sealedBuffer, pieceLength, coder, pieceArrays);
            return new EncodedBlock(block.index(), block.length(), plainChecksum, compressed, sealedLength, pieceLength,
                    coded.pieces(), coded.checksums());
        }
    }

    /** Pieces and their checksums. */
    record Coded(byte[][] pieces, long[] checksums) {
    }

    /**
     * Splits a sealed unit (zero-padded to at least {@code k * pieceLength} bytes) into k data pieces and
     * computes the parity pieces and every piece's checksum. Rebuild uses it to re-code with another k+m.
     */
    static Coded code(byte[] sealed, int pieceLength, ErasureCoder coder) {
        return code(ByteBuffer.wrap(sealed), pieceLength, coder, byte[]::new);
    }

    /**
     * {@link #code(byte[], int, ErasureCoder)} reading the sealed unit from a buffer (consumed), into arrays from
     * {@code arrays} of at least {@code pieceLength} bytes (reused arrays: the padding is zeroed here).
     */
    static Coded code(ByteBuffer sealed, int pieceLength, ErasureCoder coder, IntFunction<byte[]> arrays) {
        int k = coder.dataShards();
        int n = coder.totalShards();
        byte[][] pieces = new byte[n][];
        for (int i = 0; i < n; i++) {
            pieces[i] = arrays.apply(pieceLength);
            if (i < k) {
                int filled = Math.min(pieceLength, sealed.remaining());
                sealed.get(pieces[i], 0, filled);
                Arrays.fill(pieces[i], filled, pieceLength, (byte) 0);
            }
        }
        coder.encodeParity(pieces, 0, pieceLength);
        long[] checksums = new long[n];
        for (int i = 0; i < n; i++) {
            checksums[i] = PieceChecksum.of(pieces[i], 0, pieceLength).toLong();
        }
        return new Coded(pieces, checksums);
    }
}
