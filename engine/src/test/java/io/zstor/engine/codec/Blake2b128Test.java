package io.zstor.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Digests of every kernel against published vectors, Python's hashlib and BouncyCastle. */
class Blake2b128Test {

    /** Both kernels; test JVMs run with {@code --add-modules jdk.incubator.vector}, so the vector one must load. */
    static List<Blake2bKernel> kernels() {
        assertThat(Blake2bKernels.vectorAvailable()).as("vector kernel loads in the test JVM").isTrue();
        return List.of(Blake2bKernels.scalar(), Blake2bKernels.vector());
    }

    private static Blake2b128 blake(Blake2bKernel kernel) {
        return new Blake2b128(Blake2b128.DIGEST_LENGTH, kernel);
    }

    private static byte[] hash(Blake2bKernel kernel, byte[] data) {
        Blake2b128 b = blake(kernel);
        b.update(data, 0, data.length);
        return b.finish();
    }

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

    @ParameterizedTest
    @MethodSource("kernels")
    void rfc7693AppendixAVectorForBlake2b512(Blake2bKernel kernel) {
        Blake2b128 b = new Blake2b128(64, kernel);
        b.update(ascii("abc"), 0, 3);
        assertThat(b.finishHex()).isEqualTo(
                "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                        + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
    }

    /** Expected values from Python's hashlib.blake2b(data, digest_size=16), an independent implementation. */
    static Stream<Arguments> knownAnswers() {
        String[][] answers = {
            {"", "cae66941d9efbd404e4d88758ea67670"},
            {"abc", "cf4ab791c62b8d2b2109c90275287816"},
            {"The quick brown fox jumps over the lazy dog", "249df9a49f517ddcd37f5c897620ec73"},
        };
        return kernels().stream().flatMap(k -> Stream.of(answers).map(a -> Arguments.of(k, a[0], a[1])));
    }

    /** Expected values from Python's hashlib.blake2b(data, digest_size=16), an independent implementation. */
    @ParameterizedTest
    @MethodSource("knownAnswers")
    void blake2b128KnownAnswers(Blake2bKernel kernel, String input, String hex) {
        assertThat(Blake2b128.toHex(hash(kernel, ascii(input)))).isEqualTo(hex);
        assertThat(Blake2b128.toHex(bouncyCastle(ascii(input), 128))).isEqualTo(hex);
    }

    @Test
    void staticHelpersUseTheDefaultKernel() {
        assertThat(Blake2b128.toHex(Blake2b128.hash(ascii("abc")))).isEqualTo("cf4ab791c62b8d2b2109c90275287816");
        ByteBuffer direct = ByteBuffer.allocateDirect(3).put(ascii("abc")).flip();
        assertThat(Blake2b128.toHex(Blake2b128.hash(direct))).isEqualTo("cf4ab791c62b8d2b2109c90275287816");
        assertThat(direct.position()).isZero();
        assertThat(new Blake2b128().kernel().name()).isEqualTo("scalar");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void multiBlockKnownAnswers(Blake2bKernel kernel) {
        byte[] bytes768 = new byte[768];
        for (int i = 0; i < bytes768.length; i++) {
            bytes768[i] = (byte) i;
        }
        assertThat(Blake2b128.toHex(hash(kernel, bytes768))).isEqualTo("e0892860f9fc0da273b9db57e857c19a");
        byte[] mib = new byte[1_000_000];
        for (int i = 0; i < mib.length; i++) {
            mib[i] = (byte) (i % 251);
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(mib.length).put(mib).flip();
        Blake2b128 b = blake(kernel);
        b.update(direct);
        assertThat(Blake2b128.toHex(b.finish())).isEqualTo("f7d8c61d8bb14ca7ec257019ad3e2096");
        assertThat(direct.hasRemaining()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void isTheParameterisedDigestNotATruncatedBlake2b512(Blake2bKernel kernel) {
        byte[] full = bouncyCastle(ascii("abc"), 512);
        byte[] ours = hash(kernel, ascii("abc"));
        assertThat(ours).hasSize(16).isNotEqualTo(java.util.Arrays.copyOf(full, 16));
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void matchesBouncyCastleOnRandomInputsAndRandomChunkings(Blake2bKernel kernel) {
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

            Blake2b128 b = blake(kernel);
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

    /**
     * Every length 0..10,000 in steps that hit each residue mod 128 many times, through a random mix of
     * byte[], heap and direct (odd-aligned) buffer updates, and all of it through one instance reset in
     * between: digests equal BouncyCastle's {@code Blake2bDigest(128)}.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void matchesBouncyCastleForLengthsUpTo10000(Blake2bKernel kernel) {
        SplittableRandom rnd = new SplittableRandom(kernel.name().hashCode());
        byte[] all = new byte[10_000 + 7];
        rnd.nextBytes(all);
        Blake2b128 b = blake(kernel);
        for (int len = 0; len <= 10_000; len += 1 + rnd.nextInt(0, 13)) {
            int start = rnd.nextInt(0, 8);
            byte[] data = java.util.Arrays.copyOfRange(all, start, start + len);
            b.reset();
            int pos = 0;
            while (pos < len) {
                int n = Math.min(len - pos, rnd.nextInt(0, 4) == 0 ? rnd.nextInt(1, 129) : rnd.nextInt(1, 3000));
                switch (rnd.nextInt(3)) {
                    case 0 -> b.update(all, start + pos, n);
                    case 1 -> b.update(ByteBuffer.wrap(all, start + pos, n));
                    default -> {
                        ByteBuffer d = ByteBuffer.allocateDirect(n + 1);
                        d.put((byte) 0x5a).put(all, start + pos, n).flip().position(1);
                        b.update(d);
                    }
                }
                pos += n;
            }
            assertThat(b.finish()).as("%s kernel, length %d", kernel.name(), len).isEqualTo(bouncyCastle(data, 128));
        }
    }

    @Test
    void kernelsAgreeOnCounterHighWordAndFinalFlag() {
        long[] m = new long[16];
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < m.length; i++) {
            m[i] = rnd.nextLong();
        }
        long[] scalar = new long[8];
        for (int i = 0; i < 8; i++) {
            scalar[i] = rnd.nextLong();
        }
        long[] vector = scalar.clone();
        long[] work = new long[16];
        long[][] counters = {{-128L, 0}, {0, 1}, {Long.MIN_VALUE, Long.MAX_VALUE}, {77, 0}};
        for (long[] t : counters) {
            for (long flag : new long[] {0L, -1L}) {
                Blake2bKernels.scalar().compress(scalar, m, work, t[0], t[1], flag);
                Blake2bKernels.vector().compress(vector, m, work, t[0], t[1], flag);
                assertThat(vector).as("t = %d:%d, flag %d", t[1], t[0], flag).isEqualTo(scalar);
            }
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

    @ParameterizedTest
    @MethodSource("kernels")
    void resetStartsOver(Blake2bKernel kernel) {
        Blake2b128 b = blake(kernel);
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
