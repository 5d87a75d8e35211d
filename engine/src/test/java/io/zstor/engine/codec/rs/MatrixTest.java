package io.zstor.engine.codec.rs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MatrixTest {

    @Test
    void multipliesLikeTheReference() {
        Matrix a = Matrix.of(new byte[][] {{1, 2}, {3, 4}});
        Matrix b = Matrix.of(new byte[][] {{5, 6}, {7, 8}});
        assertThat(a.times(b)).hasToString("[[11, 22], [19, 42]]");
    }

    @Test
    void invertsLikeTheReference() {
        // expected inverses published in Backblaze JavaReedSolomon's MatrixTest
        Matrix m = Matrix.of(new byte[][] {{56, 23, 98}, {3, 100, (byte) 200}, {45, (byte) 201, 123}});
        assertThat(m.invert()).hasToString("[[175, 133, 33], [130, 13, 245], [112, 35, 126]]");
        assertThat(m.times(m.invert())).hasToString(Matrix.identity(3).toString());

        Matrix m2 = Matrix.of(new byte[][] {
            {1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 1}, {7, 7, 6, 6, 1}});
        assertThat(m2.invert()).hasToString(
                "[[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [123, 123, 1, 122, 122], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0]]");
    }

    @Test
    void singularMatrixIsRejected() {
        Matrix m = Matrix.of(new byte[][] {{1, 2}, {1, 2}});
        assertThatThrownBy(m::invert).isInstanceOf(IllegalStateException.class).hasMessageContaining("singular");
    }

    @Test
    void encodingMatrixMatchesTheIndependentConstruction() {
        int[][] shapes = {{1, 1}, {2, 2}, {4, 2}, {10, 5}, {16, 4}, {17, 3}, {128, 128}, {200, 56}, {1, 255}};
        for (int[] shape : shapes) {
            Matrix e = ReedSolomon.encodingMatrix(shape[0], shape[1]);
            int[][] expected = SlowReedSolomon.encodingMatrix(shape[0], shape[1]);
            for (int r = 0; r < expected.length; r++) {
                for (int c = 0; c < shape[0]; c++) {
                    assertThat(e.get(r, c)).as("%s row %d col %d", java.util.Arrays.toString(shape), r, c)
                            .isEqualTo(expected[r][c]);
                }
            }
        }
    }
}
