package io.zstor.transport.zdb.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zstor.engine.backend.ScanEntry;
import io.zstor.engine.backend.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Unit tests of the small protocol pieces: SECURE hash, SCAN and DEL reply decoding, the value codec. */
class ZdbProtocolPiecesTest {

    @Test
    void secureHashMatchesObservedZdbTranscript() {
        // zdb-protocol.md: sha1("229acc1ec1128cda:pw") = 5581b7ff0aec876b0ccdd88b7483bcf9ddbec2a6, accepted by 0-db
        assertThat(ZdbSession.secureHash("229acc1ec1128cda", Secret.of("pw")))
                .isEqualTo("5581b7ff0aec876b0ccdd88b7483bcf9ddbec2a6");
        assertThat(ZdbSession.secureHash("78a9c1ad2d3ca3ee", Secret.of("adm")))
                .isEqualTo("3c5f1c0d320d6a8137c701cf652683bba7bc7054");
    }

    @Test
    void scanOutputDecodesPage() {
        ScanOutput out = new ScanOutput();
        out.multi(2);
        out.set(bytes("CURSOR-17-BYTES!!"));
        out.multi(2);
        out.multi(3);
        out.set(bytes("k1"));
        out.set(6);
        out.set(1795563429);
        out.multi(3);
        out.set(bytes("k0"));
        out.set(0);
        out.set(1795563430);
        ScanPage page = out.get();
        assertThat(page.isEnd()).isFalse();
        assertThat(new String(page.cursor(), StandardCharsets.UTF_8)).isEqualTo("CURSOR-17-BYTES!!");
        assertThat(page.entries()).extracting(e -> new String(e.key(), StandardCharsets.UTF_8), ScanEntry::size, ScanEntry::timestamp)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("k1", 6L, 1795563429L),
                        org.assertj.core.groups.Tuple.tuple("k0", 0L, 1795563430L));
    }

    @Test
    void scanOutputTurnsNoMoreDataIntoEndAndKeepsOtherErrors() {
        ScanOutput end = new ScanOutput();
        end.setError(bytes("No more data"));
        assertThat(end.hasError()).isFalse();
        assertThat(end.get().isEnd()).isTrue();

        ScanOutput bad = new ScanOutput();
        bad.setError(bytes("Invalid key format"));
        assertThat(bad.hasError()).isTrue();
        assertThat(bad.getError()).isEqualTo("Invalid key format");
    }

    @Test
    void scanOutputRejectsMalformedShapes() {
        ScanOutput numberFirst = new ScanOutput();
        numberFirst.set(bytes("c"));
        numberFirst.set(5);
        assertThat(numberFirst.get()).isNull();

        ScanOutput truncated = new ScanOutput();
        truncated.set(bytes("c"));
        truncated.set(bytes("key"));
        truncated.set(3);
        assertThat(truncated.get()).isNull();

        ScanOutput empty = new ScanOutput();
        assertThat(empty.get()).isNull();
    }

    @Test
    void deleteOutput() {
        DeleteOutput ok = new DeleteOutput();
        ok.set(bytes("OK"));
        assertThat(ok.get()).isTrue();
        DeleteOutput missing = new DeleteOutput();
        missing.setError(bytes("Key not found"));
        assertThat(missing.hasError()).isFalse();
        assertThat(missing.get()).isFalse();
        DeleteOutput readOnly = new DeleteOutput();
        readOnly.setError(bytes("Namespace is in read-only mode"));
        assertThat(readOnly.hasError()).isTrue();
    }

    @Test
    void codecLeavesCallerBufferUntouchedAndCopiesDecodedValues() {
        ByteBuffer value = ByteBuffer.allocateDirect(10);
        value.put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}).position(2).limit(7);
        ByteBuffer encoded = ZdbCodec.INSTANCE.encodeValue(value);
        assertThat(encoded.remaining()).isEqualTo(5);
        encoded.get(new byte[5]);
        assertThat(value.position()).isEqualTo(2);
        assertThat(value.remaining()).isEqualTo(5);

        ByteBuffer wire = ByteBuffer.wrap(new byte[] {9, 8, 7});
        ByteBuffer decoded = ZdbCodec.INSTANCE.decodeValue(wire);
        wire.put(0, (byte) 0);
        assertThat(decoded.remaining()).isEqualTo(3);
        assertThat(decoded.get(0)).isEqualTo((byte) 9);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
