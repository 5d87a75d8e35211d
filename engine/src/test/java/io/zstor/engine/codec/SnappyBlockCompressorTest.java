package io.zstor.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xerial.snappy.Snappy;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

class SnappyBlockCompressorTest {

    private final SnappyBlockCompressor snappy = new SnappyBlockCompressor(8 << 20);

    static byte[] text(int n) {
        byte[] words = ("the quick brown fox jumps over the lazy dog; zstor stores files on zdb backends "
                + "with snappy, aes-gcm and reed-solomon. ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[n];
        SplittableRandom rnd = new SplittableRandom(n);
        for (int i = 0; i < n; i++) {
            out[i] = rnd.nextInt(50) == 0 ? (byte) rnd.nextInt(256) : words[i % words.length];
        }
        return out;
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new SplittableRandom(n + 1L).nextBytes(b);
        return b;
    }

    private static ByteBuffer direct(byte[] b) {
        return ByteBuffer.allocateDirect(b.length).put(b).flip();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private byte[] roundTrip(byte[] data, boolean useDirect) {
        ByteBuffer src = useDirect ? direct(data) : ByteBuffer.wrap(data);
        int max = snappy.maxCompressedLength(data.length);
        ByteBuffer packed = useDirect ? ByteBuffer.allocateDirect(max) : ByteBuffer.allocate(max);
        int n = snappy.compress(src, packed);
        if (n < 0) {
            assertThat(src.position()).as("nothing consumed when stored raw").isZero();
            return null;
        }
        assertThat(packed.position()).isEqualTo(n);
        assertThat(packed.limit()).as("limit restored").isEqualTo(max);
        packed.flip();
        assertThat(snappy.uncompressedLength(packed)).isEqualTo(data.length);
        ByteBuffer out = useDirect ? ByteBuffer.allocateDirect(data.length + 7) : ByteBuffer.allocate(data.length + 7);
        assertThat(snappy.uncompress(packed, out)).isEqualTo(data.length);
        assertThat(packed.hasRemaining()).isFalse();
        assertThat(out.limit()).isEqualTo(data.length + 7);
        return bytes(out.flip());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 65_536, 1_000_003, 4 << 20})
    void compressibleDataRoundTrips(int size) {
        byte[] data = text(size);
        for (boolean useDirect : new boolean[] {true, false}) {
            byte[] back = roundTrip(data, useDirect);
            if (size >= 1000) {
                assertThat(back).as("compression pays on text").isEqualTo(data);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 1000, 1 << 20})
    void incompressibleDataIsStoredRaw(int size) {
        assertThat(roundTrip(random(size), true)).isNull();
        assertThat(roundTrip(random(size), false)).isNull();
    }

    @Test
    void compressesOnlyWhenItSavesAtLeastOneThirtySecond() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int round = 0; round < 200; round++) {
            byte[] data = rnd.nextBoolean() ? text(rnd.nextInt(1, 20_000)) : random(rnd.nextInt(1, 20_000));
            ByteBuffer packed = ByteBuffer.allocate(snappy.maxCompressedLength(data.length));
            int n = snappy.compress(ByteBuffer.wrap(data), packed);
            if (n >= 0) {
                assertThat(n).isLessThan(data.length - data.length / 32);
                packed.flip();
                ByteBuffer out = ByteBuffer.allocate(data.length);
                snappy.uncompress(packed, out);
                assertThat(out.array()).isEqualTo(data);
            }
        }
    }

    @Test
    void lengthHeaderLargerThanTheLimitIsRejectedBeforeAllocating() throws Exception {
        byte[] big = Snappy.compress(new byte[9 << 20]); // zeros: tiny, announces 9 MiB > 8 MiB limit
        assertThat(big.length).isLessThan(1 << 20);
        assertThatThrownBy(() -> snappy.uncompressedLength(direct(big)))
                .isInstanceOf(CorruptDataException.class).hasMessageContaining("more than the limit of 8388608");
        assertThatThrownBy(() -> snappy.uncompress(ByteBuffer.wrap(big), ByteBuffer.allocate(16)))
                .isInstanceOf(CorruptDataException.class);
        byte[] hugeVarint = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0};
        assertThatThrownBy(() -> snappy.uncompressedLength(ByteBuffer.wrap(hugeVarint)))
                .isInstanceOf(CorruptDataException.class);
    }

    @Test
    void outputSpaceIsCheckedBeforeTheNativeDecoderWrites() {
        byte[] data = text(10_000);
        ByteBuffer packed = ByteBuffer.allocateDirect(snappy.maxCompressedLength(data.length));
        snappy.compress(direct(data), packed);
        packed.flip();
        ByteBuffer small = ByteBuffer.allocateDirect(9_999);
        assertThatThrownBy(() -> snappy.uncompress(packed, small))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need 10000 bytes, have 9999");
        assertThat(small.position()).isZero();
    }

    @Test
    void corruptAndTruncatedBlocksAreCorruptDataNeverACrash() {
        byte[] data = text(50_000);
        ByteBuffer packedBuf = ByteBuffer.allocate(snappy.maxCompressedLength(data.length));
        int n = snappy.compress(ByteBuffer.wrap(data), packedBuf);
        byte[] packed = java.util.Arrays.copyOf(packedBuf.array(), n);
        SplittableRandom rnd = new SplittableRandom(11);
        int detected = 0;
        ByteBuffer directOut = ByteBuffer.allocateDirect(8 << 20);
        ByteBuffer heapOut = ByteBuffer.allocate(8 << 20);
        for (int round = 0; round < 300; round++) {
            byte[] bad;
            if (round % 3 == 0) {
                bad = java.util.Arrays.copyOf(packed, rnd.nextInt(0, packed.length));
            } else {
                bad = packed.clone();
                for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                    bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
                }
            }
            for (boolean useDirect : new boolean[] {true, false}) {
                ByteBuffer src = useDirect ? direct(bad) : ByteBuffer.wrap(bad);
                ByteBuffer out = (useDirect ? directOut : heapOut).clear();
                try {
                    int len = snappy.uncompress(src, out);
                    assertThat(len).isLessThanOrEqualTo(8 << 20); // a flipped literal byte can still decode
                } catch (CorruptDataException e) {
                    assertThat(e.getMessage()).startsWith("corrupt snappy block");
                    detected++;
                }
            }
        }
        assertThat(detected).isGreaterThan(200);
        assertThatThrownBy(() -> snappy.uncompress(ByteBuffer.allocate(0), ByteBuffer.allocate(10)))
                .isInstanceOf(CorruptDataException.class).hasMessage("corrupt snappy block: empty");
    }

    @Test
    void mixedBufferKindsAndSmallOutputAreRejected() {
        byte[] data = text(1000);
        assertThatThrownBy(() -> snappy.compress(direct(data), ByteBuffer.allocate(2000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both direct or both heap");
        assertThatThrownBy(() -> snappy.compress(ByteBuffer.wrap(data), ByteBuffer.allocate(100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output buffer too small");
    }

    @Test
    void worksOnReactorThreadsWithoutBlocking() {
        List<Boolean> ok = Flux.range(1, 32).parallel(4).runOn(Schedulers.parallel())
                .map(i -> java.util.Arrays.equals(roundTrip(text(i * 3001), true), text(i * 3001)))
                .sequential().collectList().block();
        assertThat(ok).hasSize(32).containsOnly(true);
    }
}
