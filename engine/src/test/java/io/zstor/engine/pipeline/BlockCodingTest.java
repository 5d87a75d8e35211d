package io.zstor.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.engine.ChecksumMismatchException;
import io.zstor.engine.StandardCodecs;
import io.zstor.engine.backend.Secret;
import io.zstor.engine.codec.AeadCipher;
import io.zstor.engine.codec.AuthenticationFailedException;
import io.zstor.engine.codec.ErasureCoder;
import io.zstor.engine.codec.PieceChecksum;
import io.zstor.engine.meta.BlockMeta;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

class BlockCodingTest {

    final Codecs codecs = StandardCodecs.codecs();
    final byte[] key = new byte[32];
    final byte[] objectId = new byte[16];
    final AeadCipher cipher = codecs.cipher().forKey(Secret.ofBytes(key));

    private BlockEncoder encoder(ErasureCoder coder) {
        return new BlockEncoder(codecs.compressor(), cipher, coder, objectId);
    }

    private BlockDecoder decoder(ErasureCoder coder, byte[] id) {
        return new BlockDecoder(codecs.compressor(), cipher, coder, id, "obj");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 100, 1000, 4096})
    void cutterEmitsExactBlocksWhateverTheBufferSizes(int chunk) {
        byte[] data = new byte[10_000];
        new Random(chunk).nextBytes(data);
        List<Block> blocks = BlockCutter.cut(Flux.range(0, (data.length + chunk - 1) / chunk)
                .map(i -> ByteBuffer.wrap(data, i * chunk, Math.min(chunk, data.length - i * chunk))), 3000)
                .collectList().block(Duration.ofSeconds(10));
        assertThat(blocks).extracting(Block::length).containsExactly(3000, 3000, 3000, 1000);
        assertThat(blocks).extracting(Block::index).containsExactly(0, 1, 2, 3);
        byte[] joined = new byte[data.length];
        for (Block b : blocks) {
            System.arraycopy(b.data(), 0, joined, b.index() * 3000, b.length());
        }
        assertThat(joined).isEqualTo(data);
        assertThat(BlockCutter.cut(Flux.empty(), 10).collectList().block()).isEmpty();
    }

    @Test
    void blocksRoundTripAndAreBoundToTheirPosition() {
        var coder = codecs.erasure().create(3, 2);
        BlockEncoder encoder = encoder(coder);
        BlockDecoder decoder = decoder(coder, objectId);
        byte[] plain0 = new byte[5000];
        new Random(1).nextBytes(plain0);
        byte[] plain1 = new byte[5000]; // zeros: compresses
        EncodedBlock e0 = encoder.encode(new Block(0, plain0, plain0.length));
        EncodedBlock e1 = encoder.encode(new Block(1, plain1, plain1.length));
        assertThat(e0.compressed()).isFalse();
        assertThat(e1.compressed()).isTrue();
        assertThat(e0.plainChecksum()).isEqualTo(PieceChecksum.of(plain0, 0, plain0.length).toLong());
        assertThat(e1.plainChecksum()).isEqualTo(PieceChecksum.of(plain1, 0, plain1.length).toLong());
        BlockMeta m0 = new BlockMeta(e0.plainLength(), e0.plainChecksum(), e0.compressed(), e0.sealedLength(), List.of());
        BlockMeta m1 = new BlockMeta(e1.plainLength(), e1.plainChecksum(), e1.compressed(), e1.sealedLength(), List.of());

        // lose two data pieces of block 0: reconstructed from parity
        byte[][] pieces = e0.pieces().clone();
        boolean[] present = {false, true, false, true, true};
        pieces[0] = null;
        pieces[2] = null;
        decoder.reconstruct(pieces, present, pieces[1].length);
        assertThat(decoder.open(0, m0, pieces)).isEqualTo(plain0);
        assertThat(decoder.open(1, m1, e1.pieces())).isEqualTo(plain1);

        // block 1's unit presented as block 0, or under another object id: authentication fails
        assertThatThrownBy(() -> decoder.open(0, m1, e1.pieces()))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("block 0 of object obj");
        byte[] otherId = Arrays.copyOf(objectId, 16);
        otherId[0] = 1;
        BlockDecoder other = decoder(coder, otherId);
        assertThatThrownBy(() -> other.open(1, m1, e1.pieces()))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void aBlockIsCheckedAgainstThePlaintextChecksumTakenWhenItWasStored() {
        var coder = codecs.erasure().create(2, 1);
        BlockEncoder encoder = encoder(coder);
        BlockDecoder decoder = decoder(coder, objectId);
        byte[] plain = "the same bytes the store saw, twice: the same bytes the store saw".getBytes(StandardCharsets.UTF_8);
        EncodedBlock e = encoder.encode(new Block(0, plain, plain.length));
        BlockMeta recorded = new BlockMeta(e.plainLength(), e.plainChecksum(), e.compressed(), e.sealedLength(), List.of());
        assertThat(decoder.open(0, recorded, e.pieces())).isEqualTo(plain);

        // GCM authenticates the sealed unit; a plaintext that differs from what the store read (a bug between
        // reading the source and sealing, or in uncompressing) is caught by the block checksum
        BlockMeta otherSum = new BlockMeta(e.plainLength(), e.plainChecksum() ^ 1, e.compressed(), e.sealedLength(), List.of());
        assertThatThrownBy(() -> decoder.open(0, otherSum, e.pieces()))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessage("checksum mismatch for obj: block 0 of object obj does not match the checksum taken when it"
                        + " was stored");

        // a block recorded by metadata format 1 has no checksum: it opens, and the object's BLAKE2b is checked instead
        BlockMeta v1 = new BlockMeta(e.plainLength(), BlockMeta.NO_PLAIN_CHECKSUM, e.compressed(), e.sealedLength(),
                List.of());
        assertThat(v1.hasPlainChecksum()).isFalse();
        assertThat(decoder.open(0, v1, e.pieces())).isEqualTo(plain);
    }

    @Test
    void piecesCodedIntoReusedLongerArraysAreThoseOfFreshArrays() {
        var coder = codecs.erasure().create(4, 2);
        BlockEncoder encoder = encoder(coder);
        BlockDecoder decoder = decoder(coder, objectId);
        byte[] random = new byte[10_001]; // sealed: 10,029 bytes, so the last data piece has 3 bytes of padding
        new Random(5).nextBytes(random);
        byte[] words = "reused arrays hold the last block's bytes; ".repeat(200).getBytes(StandardCharsets.UTF_8);
        for (byte[] plain : List.of(random, words)) {
            // arrays longer than any piece, full of another block's bytes
            EncodedBlock e = encoder.encode(new Block(0, plain, plain.length), n -> {
                byte[] dirty = new byte[n + 100];
                Arrays.fill(dirty, (byte) 0x5A);
                return dirty;
            });
            int pieceLength = BlockMeta.pieceLength(e.sealedLength(), 4);
            assertThat(e.pieceLength()).isEqualTo(pieceLength);
            byte[][] trimmed = new byte[6][];
            for (int i = 0; i < 6; i++) {
                trimmed[i] = Arrays.copyOf(e.pieces()[i], pieceLength);
                assertThat(e.checksums()[i]).isEqualTo(PieceChecksum.of(trimmed[i], 0, pieceLength).toLong());
            }
            // the padding after the sealed unit is zero, as in a fresh array, and the parity covers it
            int padding = 4 * pieceLength - e.sealedLength();
            assertThat(Arrays.copyOfRange(trimmed[3], pieceLength - padding, pieceLength)).isEqualTo(new byte[padding]);
            if (plain == random) {
                assertThat(padding).isEqualTo(3);
            }
            assertThat(coder.isParityCorrect(trimmed, 0, pieceLength)).isTrue();
            BlockMeta m = new BlockMeta(e.plainLength(), e.plainChecksum(), e.compressed(), e.sealedLength(), List.of());
            assertThat(decoder.open(0, m, trimmed)).isEqualTo(plain);
            // a lost data piece comes back from the parity computed over the reused arrays
            trimmed[3] = null;
            decoder.reconstruct(trimmed, new boolean[] {true, true, true, false, true, true}, pieceLength);
            assertThat(decoder.open(0, m, trimmed)).isEqualTo(plain);
        }
    }
}
