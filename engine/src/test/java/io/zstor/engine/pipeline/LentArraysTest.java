package io.zstor.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LentArraysTest {

    @Test
    void lentArraysComeBackAndOthersDoNot() {
        LentArrays arrays = new LentArrays(8, 2);
        byte[] a = arrays.apply(8);
        byte[] b = arrays.apply(8);
        byte[] longer = arrays.apply(9);
        assertThat(a).hasSize(8).isNotSameAs(b);
        assertThat(longer).hasSize(9);

        byte[] notLent = new byte[8]; // e.g. a namespace that ignored the lender, or a reconstructed piece
        arrays.giveBack(new byte[][] {a, null, longer, notLent});
        assertThat(arrays.kept()).isEqualTo(1);
        assertThat(arrays.apply(8)).isSameAs(a);
        assertThat(arrays.apply(8)).isNotSameAs(notLent).isNotSameAs(b);

        arrays.giveBack(a); // a second give-back of the same loan is ignored
        arrays.giveBack(a);
        assertThat(arrays.kept()).isEqualTo(1);
    }

    @Test
    void shorterRequestsAreLentThePoolsArrays() {
        LentArrays arrays = new LentArrays(8, 2);
        byte[] a = arrays.apply(5);
        assertThat(a).hasSize(8); // the caller uses the first 5 bytes
        arrays.giveBack(a);
        assertThat(arrays.apply(3)).isSameAs(a);
    }

    @Test
    void keepsAtMostMaxArrays() {
        LentArrays arrays = new LentArrays(4, 2);
        byte[][] out = {arrays.apply(4), arrays.apply(4), arrays.apply(4)};
        arrays.giveBack(out);
        assertThat(arrays.kept()).isEqualTo(2);
        assertThat(arrays.apply(4)).isIn((Object[]) out);
        assertThat(arrays.apply(4)).isIn((Object[]) out);
        assertThat(arrays.kept()).isZero();
    }
}
