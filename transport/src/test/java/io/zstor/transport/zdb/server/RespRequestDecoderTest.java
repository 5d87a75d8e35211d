package io.zstor.transport.zdb.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static io.zstor.transport.zdb.server.RawZdbClient.b;
import static io.zstor.transport.zdb.server.RawZdbClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

/** The RESP decoder alone: split frames, pipelining, violations, and no output after a violation. */
class RespRequestDecoderTest {

    @Test
    void frameFedByteByByteDecodesOnce() {
        EmbeddedChannel ch = new EmbeddedChannel(new RespRequestDecoder());
        byte[] f = frame(b("SET"), b("key"), b("va\r\nlue"));
        for (int i = 0; i < f.length; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {f[i]}));
            if (i < f.length - 1) {
                assertThat((Object) ch.readInbound()).as("no request before byte %d", i).isNull();
            }
        }
        ZdbRequest r = ch.readInbound();
        assertThat(r.command()).isEqualTo("SET");
        assertThat(r.argCount()).isEqualTo(2);
        assertThat(r.argString(1)).isEqualTo("va\r\nlue");
        assertThat(r.release()).isTrue();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void pipelinedFramesInOneBuffer() {
        EmbeddedChannel ch = new EmbeddedChannel(new RespRequestDecoder());
        byte[] both = ZdbServerTranscriptTest.concat(frame(b("PING")), frame(b("GET"), b("")));
        ch.writeInbound(Unpooled.wrappedBuffer(both));
        ZdbRequest ping = ch.readInbound();
        assertThat(ping.command()).isEqualTo("PING");
        ZdbRequest get = ch.readInbound();
        assertThat(get.command()).isEqualTo("GET");
        assertThat(get.arg(0)).isEmpty();
        ping.release();
        get.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void violationIsEmittedOnceAndLaterBytesAreDropped() {
        EmbeddedChannel ch = new EmbeddedChannel(new RespRequestDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(b("*2\r\n$3\r\nGET\r\n:5\r\n")));
        assertThat((Object) ch.readInbound()).isEqualTo(new ProtocolViolation("Malformed query string"));
        ch.writeInbound(Unpooled.wrappedBuffer(frame(b("PING"))));
        assertThat((Object) ch.readInbound()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void requestsWhoseArgumentsTogetherExceedTheBoundAreRefusedFromTheHeaderThatCrossesIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new RespRequestDecoder());
        byte[] first = new byte[RespRequestDecoder.MAX_BULK];
        ByteBuf request = Unpooled.buffer();
        request.writeBytes(b("*3\r\n$3\r\nSET\r\n$" + first.length + "\r\n")).writeBytes(first)
                .writeBytes(b("\r\n$" + (RespRequestDecoder.MAX_PAYLOAD - first.length - 2) + "\r\n"));
        ch.writeInbound(request);
        assertThat((Object) ch.readInbound()).isEqualTo(new ProtocolViolation("Payload too big"));
        ch.finishAndReleaseAll();
    }

    @Test
    void oversizedBulkIsRefusedFromItsHeader() {
        EmbeddedChannel ch = new EmbeddedChannel(new RespRequestDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(b("*2\r\n$3\r\nSET\r\n$" + (RespRequestDecoder.MAX_BULK + 1) + "\r\n")));
        assertThat((Object) ch.readInbound()).isEqualTo(new ProtocolViolation("Payload too big"));
        ch.finishAndReleaseAll();
    }
}
