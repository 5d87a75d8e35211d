package io.zstor.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class PlainBuffersTest {

    @Test
    void reusedBuffersLendArraysThatComeBackWhenGivenBack() {
        PlainBuffers buffers = PlainBuffers.reused();
        IntFunction<byte[]> arrays = buffers.lend(16, 2, true);
        byte[] a = arrays.apply(16);
        byte[] last = arrays.apply(5); // the last block is shorter: same array size, the first 5 bytes used
        assertThat(a).hasSize(16);
        assertThat(last).hasSize(16).isNotSameAs(a);

        buffers.giveBack(ByteBuffer.wrap(a, 0, 16));
        assertThat(arrays.apply(16)).isSameAs(a);
        buffers.giveBack(ByteBuffer.wrap(new byte[16])); // not lent by this read: ignored
        buffers.giveBack(ByteBuffer.allocateDirect(16)); // no array: ignored
        assertThat(arrays.apply(16)).isNotSameAs(a).isNotSameAs(last);
    }

    @Test
    void ownedBuffersAreAlwaysNewArraysOfTheExactLength() {
        PlainBuffers buffers = PlainBuffers.owned();
        IntFunction<byte[]> arrays = buffers.lend(16, 2, true);
        byte[] a = arrays.apply(16);
        buffers.giveBack(ByteBuffer.wrap(a));
        assertThat(arrays.apply(16)).isNotSameAs(a);
        assertThat(arrays.apply(5)).hasSize(5);
    }

    @Test
    void noReuseWhenSomethingElseReadsTheBuffersToo() {
        PlainBuffers buffers = PlainBuffers.reused();
        IntFunction<byte[]> arrays = buffers.lend(16, 2, false); // e.g. a format 1 object's whole-file checksum
        byte[] a = arrays.apply(16);
        buffers.giveBack(ByteBuffer.wrap(a));
        assertThat(arrays.apply(16)).isNotSameAs(a);
    }
}
