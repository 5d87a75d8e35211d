package io.zstor.engine.codec.rs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GaloisFieldTest {

    @Test
    void knownProductsAndPowersOfTheReferenceLibraries() {
        // values from the Backblaze JavaReedSolomon GaloisTest (checked there against its Python prototype)
        assertThat(GaloisField.multiply(3, 4)).isEqualTo(12);
        assertThat(GaloisField.multiply(7, 7)).isEqualTo(21);
        assertThat(GaloisField.multiply(23, 45)).isEqualTo(41);
        assertThat(GaloisField.power(2, 2)).isEqualTo(4);
        assertThat(GaloisField.power(5, 20)).isEqualTo(235);
        assertThat(GaloisField.power(13, 7)).isEqualTo(43);
        assertThat(GaloisField.power(0, 0)).isEqualTo(1);
        assertThat(GaloisField.power(0, 3)).isZero();
    }

    @Test
    void productTableMatchesShiftAndAddMultiplication() {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                assertThat(GaloisField.multiply(a, b)).as("%d * %d", a, b).isEqualTo(SlowReedSolomon.mul(a, b));
            }
        }
    }

    @Test
    void divisionInvertsMultiplication() {
        for (int a = 0; a < 256; a++) {
            for (int b = 1; b < 256; b++) {
                assertThat(GaloisField.multiply(GaloisField.divide(a, b), b)).isEqualTo(a);
            }
        }
        assertThatThrownBy(() -> GaloisField.divide(1, 0)).isInstanceOf(ArithmeticException.class);
    }
}
