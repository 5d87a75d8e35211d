package io.zstor.perf.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZstorJvmTest {

    private static final Path SHARED = Path.of("../bin/jvm.options");

    @Test
    void commandLinesAreJavaTheOptionsFileThenTheExtraOptions(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("jvm.options"), "# a comment\n-Xmx64m # trailing\n\n-Xss512k\n");
        ZstorJvm jvm = new ZstorJvm("/jdk/bin/java", file, "  -Xmx1g   -XX:+UseSerialGC ");
        assertThat(jvm.jar(Path.of("z.jar"), "-c", "x.toml", "test")).containsExactly("/jdk/bin/java",
                "@" + file.toAbsolutePath(), "-Xmx1g", "-XX:+UseSerialGC", "-jar", "z.jar", "-c", "x.toml", "test");
        assertThat(jvm.main("a.jar:b.jar", RepairRun.class, "repair")).containsExactly("/jdk/bin/java",
                "@" + file.toAbsolutePath(), "-Xmx1g", "-XX:+UseSerialGC", "-cp", "a.jar:b.jar", RepairRun.class.getName(),
                "repair");
        assertThat(jvm.describe()).isEqualTo("-Xmx64m -Xss512k -Xmx1g -XX:+UseSerialGC");
        assertThat(new ZstorJvm("java", file, null).jar(Path.of("z.jar"))).containsExactly("java",
                "@" + file.toAbsolutePath(), "-jar", "z.jar");
        assertThat(new ZstorJvm("java", file, " ").describe()).isEqualTo("-Xmx64m -Xss512k");
    }

    @Test
    void aMissingOptionsFileIsAOneLineError(@TempDir Path dir) {
        assertThatThrownBy(() -> new ZstorJvm("java", dir.resolve("nope"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not found");
    }

    @Test
    void theSharedOptionsFileStartsAJvmWithABoundedHeapAndTheVectorModule() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ZstorJvm jvm = new ZstorJvm(java, SHARED, null);
        assertThat(jvm.describe()).contains("-Xmx256m", "jdk.incubator.vector", "-XX:+ExitOnOutOfMemoryError");
        Process p = new ProcessBuilder(jvm.main(System.getProperty("java.class.path"), PrintMaxHeap.class))
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("vector=true");
        long max = Long.parseLong(out.replaceAll("(?s).*maxHeap=(\\d+).*", "$1"));
        assertThat(max).isBetween(200L << 20, 256L << 20);
    }

    /** Prints what the JVM it runs in was started with. */
    static final class PrintMaxHeap {
        public static void main(String[] args) {
            System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory()
                    + " vector=" + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        }
    }
}
