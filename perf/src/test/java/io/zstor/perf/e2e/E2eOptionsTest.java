package io.zstor.perf.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class E2eOptionsTest {

    @Test
    void defaultsAreTheFullSet() {
        E2eOptions o = E2eOptions.parse(new String[0]);
        assertThat(o.sizesMib()).containsExactly(1024L, 4096L);
        assertThat(o.shapes()).extracting(s -> s[0] + "+" + s[1]).containsExactly("4+2", "10+5");
        assertThat(o.kinds()).containsExactly(DataKind.RANDOM, DataKind.COMPRESSIBLE);
        assertThat(o.out()).isEqualTo(Path.of("perf/results/e2e"));
        assertThat(o.smallObjects()).isEqualTo(10_000);
        assertThat(o.inMemory()).isFalse();
        assertThat(o.repairGib()).isEqualTo(1.0);
        assertThat(o.sweepMib()).isEqualTo(256);
        assertThat(o.daemon()).isTrue();
        assertThat(o.ballast()).isTrue();
        assertThat(o.launcher()).isEqualTo(Path.of("bin/zstor"));
    }

    @Test
    void repairSweepAndSkippingTheLargeFiles() {
        E2eOptions o = E2eOptions.parse(new String[] {"--size-mib", "0", "--repair-gib", "0.125", "--sweep-mib", "32"});
        assertThat(o.sizesMib()).isEmpty();
        assertThat(o.repairGib()).isEqualTo(0.125);
        assertThat(o.sweepMib()).isEqualTo(32);
        E2eOptions none = E2eOptions.parse(new String[] {"--size-gib", "0", "--repair-gib", "0", "--sweep-mib", "0"});
        assertThat(none.sizesMib()).isEmpty();
        assertThat(none.repairGib()).isZero();
        assertThat(none.sweepMib()).isZero();
    }

    @Test
    void parsesEveryOption() {
        E2eOptions o = E2eOptions.parse(new String[] {"--size-mib", "64,256", "--shapes", "16+4", "--data", "text",
                "--out", "/tmp/x", "--work", "/tmp/w", "--cli-jar", "z.jar", "--launcher", "z.sh", "--in-memory", "--small-objects", "0",
                "--no-daemon", "--no-ballast"});
        assertThat(o.sizesMib()).containsExactly(64L, 256L);
        assertThat(o.shapes()).extracting(s -> s[0] + "+" + s[1]).containsExactly("16+4");
        assertThat(o.kinds()).containsExactly(DataKind.COMPRESSIBLE);
        assertThat(o.out()).isEqualTo(Path.of("/tmp/x"));
        assertThat(o.work()).isEqualTo(Path.of("/tmp/w"));
        assertThat(o.cliJar()).isEqualTo(Path.of("z.jar"));
        assertThat(o.launcher()).isEqualTo(Path.of("z.sh"));
        assertThat(o.inMemory()).isTrue();
        assertThat(o.smallObjects()).isZero();
        assertThat(o.daemon()).isFalse();
        assertThat(o.ballast()).isFalse();
        assertThat(E2eOptions.parse(new String[] {"--size-gib", "2"}).sizesMib()).containsExactly(2048L);
    }

    @Test
    void badInputIsAOneLineError() {
        assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--shapes", "4-2"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k+m");
        assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--shapes", "30+5"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad shape");
        assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--data", "zeros"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("random or compressible");
        assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--size-gib", "1,0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--repair-gib", "-1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--repair-gib");
        assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--sweep-mib", "-5"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--sweep-mib");
        assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--out"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--out needs a value");
        assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--fast"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unknown option --fast");
    }
}
