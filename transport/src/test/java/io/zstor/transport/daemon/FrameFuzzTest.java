package io.zstor.transport.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bounded fuzzing of the frame decoder: mutated valid frames and random bytes never escape as exceptions. */
class FrameFuzzTest {

    private static final int ITERATIONS = 20_000;

    @Test
    void mutatedFramesYieldMessagesOrOneViolation() {
        Random rnd = new Random(0xC0FFEE);
        byte[][] seeds = FrameCodecTest.messages()
                .map(m -> {
                    ByteBuf b = FrameCodec.encode(m, ByteBufAllocator.DEFAULT);
                    byte[] a = ByteBufUtil.getBytes(b);
                    b.release();
                    return a;
                }).toArray(byte[][]::new);
        int violations = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] frame = seeds[rnd.nextInt(seeds.length)].clone();
            int mutations = 1 + rnd.nextInt(4);
            for (int k = 0; k < mutations; k++) {
                int pos = rnd.nextInt(frame.length);
                frame[pos] = (byte) rnd.nextInt(256);
            }
            if (rnd.nextInt(4) == 0) {
                frame = java.util.Arrays.copyOf(frame, rnd.nextInt(frame.length + 1));
            }
            List<Object> out = feed(frame, rnd);
            long bad = out.stream().filter(o -> o instanceof ProtocolViolation).count();
            assertThat(bad).isLessThanOrEqualTo(1);
            assertThat(out).allMatch(o -> o instanceof DaemonMessage);
            if (bad == 1) {
                assertThat(out.get(out.size() - 1)).isInstanceOf(ProtocolViolation.class);
                violations++;
            }
        }
        assertThat(violations).isGreaterThan(ITERATIONS / 10);
    }

    @Test
    void randomBytesNeverThrow() {
        Random rnd = new Random(42);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] junk = new byte[rnd.nextInt(64)];
            rnd.nextBytes(junk);
            if (junk.length >= 3 && rnd.nextBoolean()) {
                junk[0] = 'Z';
                junk[1] = 'S';
                junk[2] = 1;
            }
            List<Object> out = feed(junk, rnd);
            assertThat(out).allMatch(o -> o instanceof DaemonMessage);
        }
    }

    private static List<Object> feed(byte[] bytes, Random rnd) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
        int off = 0;
        while (off < bytes.length) {
            int n = 1 + rnd.nextInt(bytes.length - off);
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, off, n));
            off += n;
        }
        ch.finish();
        return FrameCodecTest.drain(ch);
    }
}
