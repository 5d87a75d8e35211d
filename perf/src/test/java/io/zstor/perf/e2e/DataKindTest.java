package io.zstor.perf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

class DataKindTest {

    @TempDir
    Path dir;

    @Test
    void randomDoesNotCompressAndCompressibleDoes() throws Exception {
        Path random = dir.resolve("r");
        Path text = dir.resolve("t");
        DataKind.RANDOM.write(random, 3 << 20);
        DataKind.COMPRESSIBLE.write(text, (3 << 20) + 5);
        byte[] r = Files.readAllBytes(random);
        byte[] t = Files.readAllBytes(text);
        assertThat(r).hasSize(3 << 20);
        assertThat(t).hasSize((3 << 20) + 5);
        assertThat((double) Snappy.compress(r).length / r.length).isGreaterThan(0.99);
        assertThat((double) Snappy.compress(t).length / t.length).isBetween(0.3, 0.8);
    }

    @Test
    void deterministicAndEveryMibDiffers() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        DataKind.COMPRESSIBLE.write(a, 40 << 20);
        DataKind.COMPRESSIBLE.write(b, 40 << 20);
        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        byte[] all = Files.readAllBytes(a);
        byte[] first = Arrays.copyOfRange(all, 0, 1 << 20);
        byte[] seventeenth = Arrays.copyOfRange(all, 16 << 20, 17 << 20); // same text variant, other counter
        assertThat(seventeenth).isNotEqualTo(first);
        assertThat(DataKind.parse(" Random ")).isEqualTo(DataKind.RANDOM);
        assertThat(DataKind.COMPRESSIBLE.label()).isEqualTo("compressible");
    }
}
