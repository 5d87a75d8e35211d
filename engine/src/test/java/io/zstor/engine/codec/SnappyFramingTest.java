package io.zstor.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedInputStream;
import org.xerial.snappy.SnappyFramedOutputStream;

class SnappyFramingTest {

    private static final byte[] IDENTIFIER = HexFormat.of().parseHex("ff060000734e61507059");

    /** The spec's masking, written out independently of the production code. */
    private static int masked(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        long crc = c.getValue();
        return (int) ((((crc >> 15) | (crc << 17)) + 0xa282ead8L) & 0xffffffffL);
    }

    private static byte[] chunk(int type, byte[] crcOf, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        int len = body.length + 4;
        b.put((byte) type).put((byte) len).put((byte) (len >> 8)).put((byte) (len >> 16)).putInt(masked(crcOf)).put(body);
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] encode(byte[] data) {
        SnappyFrameEncoder enc = new SnappyFrameEncoder();
        ByteBuffer dst = ByteBuffer.allocate((int) SnappyFrameEncoder.maxEncodedLength(data.length));
        ByteBuffer src = ByteBuffer.allocateDirect(Math.max(1, data.length)).put(data).flip();
        int n = enc.encode(src, dst);
        assertThat(n).isEqualTo(dst.position());
        return java.util.Arrays.copyOf(dst.array(), n);
    }

    /** Decodes {@code stream} fed in random pieces through a small bounded input window. */
    private static byte[] decode(byte[] stream, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        SnappyFrameDecoder dec = new SnappyFrameDecoder();
        ByteBuffer window = ByteBuffer.allocate(200_000);
        ByteBuffer out = ByteBuffer.allocateDirect(70_000);
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        int fed = 0;
        window.flip();
        while (true) {
            window.compact();
            int n = Math.min(Math.min(stream.length - fed, window.remaining()), rnd.nextInt(1, 90_000));
            window.put(stream, fed, n);
            fed += n;
            window.flip();
            do {
                out.clear();
                dec.decode(window, out);
                out.flip();
                byte[] part = new byte[out.remaining()];
                out.get(part);
                result.writeBytes(part);
            } while (out.limit() > 0); // a call that wrote nothing found no complete chunk
            if (fed == stream.length && n == 0) {
                break;
            }
        }
        dec.finish(window);
        assertThat(dec.consumed()).isEqualTo(stream.length);
        return result.toByteArray();
    }

    @Test
    void emptyInputIsAnEmptyStream() {
        assertThat(encode(new byte[0])).isEmpty();
        assertThat(decode(new byte[0], 1)).isEmpty();
    }

    @Test
    void maskedCrcMatchesTheSpecFormulaOnTheStandardCheckValue() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        CRC32C c = new CRC32C();
        c.update(check);
        assertThat(c.getValue()).isEqualTo(0xe3069283L);
        assertThat(SnappyFraming.maskedCrc32c(check, 0, check.length)).isEqualTo(masked(check));
    }

    @Test
    void encoderWritesTheSpecChunkLayout() throws Exception {
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        assertThat(encode(hello)).isEqualTo(concat(IDENTIFIER, chunk(0x01, hello, hello)));

        byte[] text = new byte[70_000];
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) ('a' + i % 7);
        }
        byte[] first = java.util.Arrays.copyOf(text, 65_536);
        byte[] rest = java.util.Arrays.copyOfRange(text, 65_536, text.length);
        assertThat(encode(text)).isEqualTo(concat(IDENTIFIER,
                chunk(0x00, first, Snappy.compress(first)), chunk(0x00, rest, Snappy.compress(rest))));
    }

    @Test
    void decoderFollowsTheSpecIncludingPaddingSkippableAndRepeatedIdentifiers() throws Exception {
        byte[] a = "uncompressed chunk ".getBytes(StandardCharsets.US_ASCII);
        byte[] b = "compressed compressed compressed compressed".getBytes(StandardCharsets.US_ASCII);
        byte[] skippable = new byte[100_000];
        byte[] stream = concat(IDENTIFIER, chunk(0x01, a, a),
                new byte[] {(byte) 0xfe, 3, 0, 0, 0, 0, 0},
                new byte[] {(byte) 0x80, (byte) 0xa0, (byte) 0x86, 0x01}, skippable,
                IDENTIFIER, chunk(0x00, b, Snappy.compress(b)));
        for (long seed = 0; seed < 20; seed++) {
            assertThat(decode(stream, seed)).isEqualTo(concat(a, b));
        }
    }

    @Test
    void roundTripsLargeRandomAndCompressibleStreamsInAnyPieces() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int size : new int[] {1, 65_535, 65_536, 65_537, 1_048_581}) {
            byte[] random = new byte[size];
            rnd.nextBytes(random);
            byte[] text = SnappyBlockCompressorTest.text(size);
            assertThat(decode(encode(random), size)).isEqualTo(random);
            assertThat(decode(encode(text), size)).isEqualTo(text);
            assertThat(encode(text).length).isLessThanOrEqualTo(encode(random).length);
        }
    }

    @Test
    void interoperatesWithSnappyJavasFramedStreams() throws Exception {
        byte[] data = SnappyBlockCompressorTest.text(300_000);
        ByteArrayOutputStream theirs = new ByteArrayOutputStream();
        try (SnappyFramedOutputStream out = new SnappyFramedOutputStream(theirs)) {
            out.write(data);
        }
        assertThat(decode(theirs.toByteArray(), 3)).isEqualTo(data);
        try (SnappyFramedInputStream in = new SnappyFramedInputStream(new ByteArrayInputStream(encode(data)))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void rejectsMalformedStreams() {
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] good = encode(SnappyBlockCompressorTest.text(100_000));
        assertCorrupt(chunk(0x01, hello, hello), "does not start with the stream identifier");
        byte[] badCrc = good.clone();
        badCrc[15] ^= 1;
        assertCorrupt(badCrc, "CRC-32C mismatch");
        assertCorrupt(concat(IDENTIFIER, chunk(0x02, hello, hello)), "reserved unskippable chunk type 0x2");
        assertCorrupt(concat(IDENTIFIER, new byte[] {1, (byte) 0xff, (byte) 0xff, 0x01}), "data chunk of length");
        assertCorrupt(concat(IDENTIFIER, new byte[] {1, 2, 0, 0}), "data chunk of length 2");
        assertCorrupt(new byte[] {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'y'}, "bad stream identifier");
        byte[] notSnappy = {0x7f, 0x7f, 0x7f, 0x7f};
        assertCorrupt(concat(IDENTIFIER, chunk(0x00, hello, notSnappy)), "compressed chunk");
        byte[] tooBig = new byte[] {(byte) 0x80, (byte) 0x80, 0x08, 0x00}; // varint 131072 > 65536
        assertCorrupt(concat(IDENTIFIER, chunk(0x00, hello, tooBig)), "131");
        for (int cut : new int[] {3, 12, 15, good.length - 1}) {
            assertThatThrownBy(() -> decode(java.util.Arrays.copyOf(good, cut), cut))
                    .isInstanceOf(CorruptDataException.class).hasMessageContaining("truncated");
        }
    }

    private static void assertCorrupt(byte[] stream, String message) {
        assertThatThrownBy(() -> decode(stream, 1)).isInstanceOf(CorruptDataException.class).hasMessageContaining(message);
    }
}
