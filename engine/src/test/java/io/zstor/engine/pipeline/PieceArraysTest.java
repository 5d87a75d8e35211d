package io.zstor.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PieceArraysTest {

    @Test
    void lentArraysOfTheUsualLengthComeBackAndOthersDoNot() {
        PieceArrays arrays = new PieceArrays(8, 2);
        byte[] a = arrays.apply(8);
        byte[] b = arrays.apply(8);
        byte[] shortOne = arrays.apply(5);
        assertThat(a).hasSize(8).isNotSameAs(b);
        assertThat(shortOne).hasSize(5);

        byte[] notLent = new byte[8]; // e.g. a namespace that ignored the lender, or a reconstructed piece
        arrays.giveBack(new byte[][] {a, null, shortOne, notLent});
        assertThat(arrays.kept()).isEqualTo(1);
        assertThat(arrays.apply(8)).isSameAs(a);
        assertThat(arrays.apply(8)).isNotSameAs(notLent).isNotSameAs(b);

        arrays.giveBack(new byte[][] {a}); // a second give-back of the same loan is ignored
        arrays.giveBack(new byte[][] {a});
        assertThat(arrays.kept()).isEqualTo(1);
    }

    @Test
    void keepsAtMostMaxArrays() {
        PieceArrays arrays = new PieceArrays(4, 2);
        byte[][] out = {arrays.apply(4), arrays.apply(4), arrays.apply(4)};
        arrays.giveBack(out);
        assertThat(arrays.kept()).isEqualTo(2);
        assertThat(arrays.apply(4)).isIn((Object[]) out);
        assertThat(arrays.apply(4)).isIn((Object[]) out);
        assertThat(arrays.kept()).isZero();
    }
}
