package io.zstor.transport.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    static Stream<DaemonMessage> messages() {
        return Stream.of(
                new DaemonRequest.Store("/data/a b/ü.bin", Optional.of("/keys"), true, false, true),
                new DaemonRequest.Store("/x", Optional.empty(), false, true, false),
                new DaemonRequest.StoreStream(ObjectRef.key("some/key")),
                new DaemonRequest.Retrieve("/data/file"),
                new DaemonRequest.RetrieveStream(ObjectRef.file("/data/file")),
                new DaemonRequest.Rebuild(ObjectRef.key("k")),
                new DaemonRequest.Check(ObjectRef.file("/f")),
                new DaemonRequest.Delete(ObjectRef.key("")),
                new DaemonRequest.ListObjects(), new DaemonRequest.Status(), new DaemonRequest.Failures(),
                new DaemonRequest.Test(),
                DataEnd.INSTANCE,
                new DaemonReply.Ok(Fields.builder().put("key", "k").put("size", 42).put("empty", "").build()),
                new DaemonReply.Ok(Fields.EMPTY),
                new DaemonReply.Error(ErrorKind.NOT_FOUND, "no object stored for /x"),
                new DaemonReply.Progress(5, -1),
                new DaemonReply.Row(Fields.builder().put("backend", "[::1]:9900").build()));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void roundTrips(DaemonMessage m) {
        assertThat(decodeAll(FrameCodec.encode(m, ByteBufAllocator.DEFAULT))).containsExactly(m);
    }

    @Test
    void dataChunkRoundTripsBytes() {
        byte[] b = new byte[DaemonProtocol.MAX_PAYLOAD];
        new java.util.Random(1).nextBytes(b);
        List<Object> out = decodeAll(FrameCodec.encode(new DataChunk(b), ByteBufAllocator.DEFAULT));
        assertThat(out).hasSize(1);
        assertThat(((DataChunk) out.get(0)).bytes()).isEqualTo(b);
    }

    @Test
    void aDataFrameIsEncodedIntoOneBufferOfExactlyItsSize() {
        // no growth from a default capacity: each reallocation of a 256 KiB frame copied it again
        List<Integer> asked = new ArrayList<>();
        ByteBufAllocator recording = new io.netty.buffer.AbstractByteBufAllocator(false) {
            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                asked.add(initialCapacity);
                return new io.netty.buffer.UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            }

            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                return newHeapBuffer(initialCapacity, maxCapacity);
            }

            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }
        };
        byte[] b = new byte[DaemonProtocol.DATA_CHUNK];

        ByteBuf frame = FrameCodec.encode(new DataChunk(b), recording);

        assertThat(asked).containsExactly(DaemonProtocol.HEADER_SIZE + b.length);
        assertThat(frame.readableBytes()).isEqualTo(DaemonProtocol.HEADER_SIZE + b.length);
        assertThat(frame.capacity()).isEqualTo(frame.readableBytes()); // never grown
        frame.release();
    }

    @Test
    void headerIsMagicVersionTypeLength() {
        ByteBuf f = FrameCodec.encode(new DaemonRequest.Status(), ByteBufAllocator.DEFAULT);
        assertThat(f.readableBytes()).isEqualTo(8);
        assertThat(f.getByte(0)).isEqualTo((byte) 'Z');
        assertThat(f.getByte(1)).isEqualTo((byte) 'S');
        assertThat(f.getByte(2)).isEqualTo((byte) 1);
        assertThat(f.getByte(3)).isEqualTo((byte) 0x09);
        assertThat(f.getInt(4)).isZero();
        f.release();
    }

    @Test
    void refusesToEncodeAnOversizedFrame() {
        assertThatThrownBy(() -> FrameCodec.encode(new DataChunk(new byte[DaemonProtocol.MAX_PAYLOAD + 1]), ByteBufAllocator.DEFAULT))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds the maximum");
    }

    @Test
    void decodesFramesSplitAtEveryByte() {
        ByteBuf a = FrameCodec.encode(new DaemonRequest.Store("/f", Optional.empty(), false, false, true), ByteBufAllocator.DEFAULT);
        ByteBuf b = FrameCodec.encode(new DaemonReply.Progress(1, 2), ByteBufAllocator.DEFAULT);
        ByteBuf all = Unpooled.wrappedBuffer(a, b);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
        while (all.isReadable()) {
            ch.writeInbound(all.readRetainedSlice(1));
        }
        all.release();
        assertThat(drain(ch)).containsExactly(new DaemonRequest.Store("/f", Optional.empty(), false, false, true),
                new DaemonReply.Progress(1, 2));
    }

    @Test
    void rejectsBadMagicVersionTypeAndLength() {
        assertThat(violation(new byte[] {'H', 'T', 1, 9, 0, 0, 0, 0})).contains("bad frame magic");
        assertThat(violation(new byte[] {'Z', 'S', 2, 9, 0, 0, 0, 0})).contains("unsupported protocol version 2");
        assertThat(violation(new byte[] {'Z', 'S', 1, (byte) 0x99, 0, 0, 0, 0})).contains("unknown message type 0x99");
        assertThat(violation(new byte[] {'Z', 'S', 1, 0x20, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}))
                .contains("exceeds the maximum");
    }

    @Test
    void rejectsMalformedPayloads() {
        // STORE with a string length running past the payload
        assertThat(violation(new byte[] {'Z', 'S', 1, 1, 0, 0, 0, 5, 0, 0, 0, 9, 'x'})).contains("exceeds the 1 bytes left");
        // LIST with trailing bytes
        assertThat(violation(new byte[] {'Z', 'S', 1, 8, 0, 0, 0, 1, 7})).contains("trailing");
        // CHECK with an invalid UTF-8 string
        assertThat(violation(new byte[] {'Z', 'S', 1, 6, 0, 0, 0, 6, 0, 0, 0, 0, 1, (byte) 0xC3})).contains("UTF-8");
        // STORE with unknown flags
        assertThat(violation(new byte[] {'Z', 'S', 1, 1, 0, 0, 0, 7, 0, 0, 0, 1, '/', 0, (byte) 0x80})).contains("flags");
    }

    @Test
    void aTruncatedFrameAtCloseIsReported() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'Z', 'S', 1, 1, 0, 0, 0, 40, 0, 0}));
        ch.finish();
        List<Object> out = drain(ch);
        assertThat(out).hasSize(1);
        assertThat(((ProtocolViolation) out.get(0)).reason()).contains("truncated frame");
    }

    @Test
    void afterAViolationTheRestOfTheInputIsDiscarded() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'X', 'X', 1, 9, 0, 0, 0, 0}));
        ch.writeInbound(FrameCodec.encode(new DaemonRequest.Status(), ByteBufAllocator.DEFAULT));
        assertThat(drain(ch)).hasSize(1).first().isInstanceOf(ProtocolViolation.class);
    }

    private static String violation(byte[] frame) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(frame));
        List<Object> out = drain(ch);
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).isInstanceOf(ProtocolViolation.class);
        return ((ProtocolViolation) out.get(0)).reason();
    }

    static List<Object> decodeAll(ByteBuf frame) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
        ch.writeInbound(frame);
        return drain(ch);
    }

    static List<Object> drain(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add(o);
        }
        return out;
    }
}
