package io.zstor.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Blake2b128Test {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bouncyCastle(byte[] data, int bits) {
        Blake2bDigest d = new Blake2bDigest(bits);
        d.update(data, 0, data.length);
        byte[] out = new byte[bits / 8];
        d.doFinal(out, 0);
        return out;
    }

    @Test
    void rfc7693AppendixAVectorForBlake2b512() {
        Blake2b128 b = new Blake2b128(64);
        b.update(ascii("abc"), 0, 3);
        assertThat(b.finishHex()).isEqualTo(
                "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                        + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
    }

    /** Expected values from Python's hashlib.blake2b(data, digest_size=16), an independent implementation. */
    @ParameterizedTest
    @CsvSource({
        "'', cae66941d9efbd404e4d88758ea67670",
        "abc, cf4ab791c62b8d2b2109c90275287816",
        "The quick brown fox jumps over the lazy dog, 249df9a49f517ddcd37f5c897620ec73"
    })
    void blake2b128KnownAnswers(String input, String hex) {
        assertThat(Blake2b128.toHex(Blake2b128.hash(ascii(input)))).isEqualTo(hex);
        assertThat(Blake2b128.toHex(bouncyCastle(ascii(input), 128))).isEqualTo(hex);
    }

    @Test
    void multiBlockKnownAnswers() {
        byte[] bytes768 = new byte[768];
        for (int i = 0; i < bytes768.length; i++) {
            bytes768[i] = (byte) i;
        }
        assertThat(Blake2b128.toHex(Blake2b128.hash(bytes768))).isEqualTo("e0892860f9fc0da273b9db57e857c19a");
        byte[] mib = new byte[1_000_000];
        for (int i = 0; i < mib.length; i++) {
            mib[i] = (byte) (i % 251);
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(mib.length).put(mib).flip();
        assertThat(Blake2b128.toHex(Blake2b128.hash(direct))).isEqualTo("f7d8c61d8bb14ca7ec257019ad3e2096");
        assertThat(direct.position()).isZero();
    }

    @Test
    void isTheParameterisedDigestNotATruncatedBlake2b512() {
        byte[] full = bouncyCastle(ascii("abc"), 512);
        byte[] ours = Blake2b128.hash(ascii("abc"));
        assertThat(ours).hasSize(16).isNotEqualTo(java.util.Arrays.copyOf(full, 16));
    }

    @Test
    void matchesBouncyCastleOnRandomInputsAndRandomChunkings() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int round = 0; round < 300; round++) {
            int len = switch (round % 4) {
                case 0 -> rnd.nextInt(0, 300);
                case 1 -> 128 * rnd.nextInt(0, 20);
                case 2 -> 128 * rnd.nextInt(1, 20) + rnd.nextInt(-2, 3);
                default -> rnd.nextInt(0, 70_000);
            };
            len = Math.max(0, len);
            byte[] data = new byte[len];
            rnd.nextBytes(data);
            byte[] expected = bouncyCastle(data, 128);

            Blake2b128 b = new Blake2b128();
            int pos = 0;
            while (pos < len) {
                int n = Math.min(len - pos, rnd.nextInt(0, rnd.nextBoolean() ? 300 : 5000));
                switch (rnd.nextInt(3)) {
                    case 0 -> b.update(data, pos, n);
                    case 1 -> b.update(ByteBuffer.wrap(data, pos, n));
                    default -> {
                        ByteBuffer d = ByteBuffer.allocateDirect(n + 5);
                        d.position(3);
                        d.put(data, pos, n).flip().position(3);
                        b.update(d);
                        assertThat(d.hasRemaining()).isFalse();
                    }
                }
                pos += n;
            }
            assertThat(b.finish()).as("length %d", len).isEqualTo(expected);
        }
    }

    @Test
    void sliceOfAHeapBufferHonoursArrayOffset() {
        byte[] data = new byte[1000];
        new SplittableRandom(1).nextBytes(data);
        ByteBuffer slice = ByteBuffer.wrap(data, 100, 700).slice();
        byte[] expected = bouncyCastle(java.util.Arrays.copyOfRange(data, 100, 800), 128);
        Blake2b128 b = new Blake2b128();
        b.update(slice);
        assertThat(b.finish()).isEqualTo(expected);
    }

    @Test
    void resetStartsOver() {
        Blake2b128 b = new Blake2b128();
        b.update(ascii("something else"), 0, 14);
        b.finish();
        b.reset();
        b.update(ascii("abc"), 0, 3);
        assertThat(HexFormat.of().formatHex(b.finish())).isEqualTo("cf4ab791c62b8d2b2109c90275287816");
    }

    @Test
    void rejectsBadArguments() {
        Blake2b128 b = new Blake2b128();
        assertThatThrownBy(() -> b.update(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new Blake2b128(65)).hasMessageContaining("1..64");
    }
}
