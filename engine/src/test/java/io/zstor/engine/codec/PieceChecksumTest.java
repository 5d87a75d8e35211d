package io.zstor.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PieceChecksumTest {

    @Test
    void isCrc32cHighAndCrc32LowOfTheStandardCheckInput() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        // published check values: CRC-32C 0xE3069283, CRC-32 (IEEE) 0xCBF43926
        assertThat(PieceChecksum.of(check, 0, check.length).toLong()).isEqualTo(0xe3069283_cbf43926L);
        assertThat(PieceChecksum.of(new byte[0], 0, 0).toLong()).isZero();
        assertThat(PieceChecksum.of(check, 0, check.length)).hasToString("e3069283cbf43926");
    }

    @Test
    void sameValueForHeapDirectAndSlicedBuffersWithoutMovingThem() {
        byte[] data = new byte[100_000];
        new SplittableRandom(1).nextBytes(data);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length + 10).position(10);
        direct.put(data).flip().position(10);
        PieceChecksum a = PieceChecksum.of(ByteBuffer.wrap(data));
        PieceChecksum b = PieceChecksum.of(direct);
        assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(direct.position()).isEqualTo(10);
        assertThat(a.matches(direct)).isTrue();
        assertThat(PieceChecksum.of(ByteBuffer.wrap(data, 1, 500))).isEqualTo(PieceChecksum.of(data, 1, 500));
    }

    @Test
    void detectsEveryFlippedBitAndTruncation() {
        byte[] data = new byte[4096];
        new SplittableRandom(2).nextBytes(data);
        PieceChecksum sum = PieceChecksum.of(data, 0, data.length);
        for (int bit = 0; bit < data.length * 8; bit += 7) {
            data[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(sum.matches(ByteBuffer.wrap(data))).as("bit %d", bit).isFalse();
            data[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        assertThat(sum.matches(ByteBuffer.wrap(data, 0, data.length - 1))).isFalse();
        assertThat(sum.matches(ByteBuffer.wrap(data))).isTrue();
    }

    @Test
    void distinctForManyRandomPieces() {
        SplittableRandom rnd = new SplittableRandom(3);
        Set<PieceChecksum> seen = new HashSet<>();
        Set<ByteBuffer> pieces = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            byte[] piece = new byte[rnd.nextInt(1, 64)];
            rnd.nextBytes(piece);
            pieces.add(ByteBuffer.wrap(piece));
            seen.add(PieceChecksum.of(piece, 0, piece.length));
        }
        assertThat(seen).hasSameSizeAs(pieces);
    }

    @Test
    void roundTripsThroughBytesAndLong() {
        PieceChecksum sum = PieceChecksum.of("piece".getBytes(StandardCharsets.US_ASCII), 0, 5);
        assertThat(sum.toBytes()).hasSize(PieceChecksum.LENGTH);
        assertThat(PieceChecksum.fromBytes(sum.toBytes())).isEqualTo(sum);
        assertThat(PieceChecksum.fromLong(sum.toLong())).isEqualTo(sum);
        assertThatThrownBy(() -> PieceChecksum.fromBytes(new byte[16]))
                .hasMessage("piece checksum must be 8 bytes, got 16");
    }
}
