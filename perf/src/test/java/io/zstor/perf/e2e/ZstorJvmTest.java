package io.zstor.perf.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZstorJvmTest {

    private static final Path LAUNCHER = Path.of("../bin/zstor");
    private static final Path CLI_JAR = Path.of("../cli/target/zstor.jar");
    private static final String JAVA_HOME = System.getProperty("java.home");

    @Test
    void commandLinesGoThroughTheLauncherOrItsOptionsFile(@TempDir Path dir) throws IOException {
        Path launcher = Files.writeString(dir.resolve("zstor"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path options = Files.writeString(dir.resolve("jvm.options"), "# a comment\n-Xmx64m # trailing\n\n-Xss512k\n");
        ZstorJvm jvm = new ZstorJvm("/jdk", launcher, "  -Xmx1g   -XX:+UseSerialGC ");
        assertThat(jvm.cli(Path.of("/x/z.jar"), "-c", "x.toml", "test")).containsExactly("/usr/bin/env",
                "JAVA_HOME=/jdk", "ZSTOR_JAR=/x/z.jar", launcher.toAbsolutePath().toString(), "-c", "x.toml", "test");
        // what bin/zstor adds on this machine (huge pages where the kernel has them on request) comes first
        List<String> adds = ZstorJvm.launcherAdds();
        String added = adds.stream().map(a -> a + " ").collect(Collectors.joining());
        assertThat(jvm.main("a.jar:b.jar", RepairRun.class, "repair")).containsExactlyElementsOf(concat(
                List.of("/jdk/bin/java", "@" + options.toAbsolutePath()), adds,
                List.of("-Xmx1g", "-XX:+UseSerialGC", "-cp", "a.jar:b.jar", RepairRun.class.getName(), "repair")));
        assertThat(jvm.describe()).isEqualTo("-Xmx64m -Xss512k " + added + "-Xmx1g -XX:+UseSerialGC");
        assertThat(new ZstorJvm("/jdk", launcher, " ").describe()).isEqualTo(("-Xmx64m -Xss512k " + added).trim());
        assertThat(new ZstorJvm("/jdk", launcher, null).main("c", RepairRun.class)).containsExactlyElementsOf(concat(
                List.of("/jdk/bin/java", "@" + options.toAbsolutePath()), adds,
                List.of("-cp", "c", RepairRun.class.getName())));
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }

    @Test
    void aMissingLauncherOrOptionsFileIsAOneLineError(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> new ZstorJvm(JAVA_HOME, dir.resolve("nope"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not found");
        Path launcher = Files.writeString(dir.resolve("zstor"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> new ZstorJvm(JAVA_HOME, launcher, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jvm.options");
    }

    @Test
    void standInsStartWithTheSharedOptionsFile() throws Exception {
        ZstorJvm jvm = new ZstorJvm(JAVA_HOME, LAUNCHER, null);
        assertThat(jvm.describe()).contains("-Xmx224m", "jdk.incubator.vector", "-XX:+ExitOnOutOfMemoryError");
        Process p = new ProcessBuilder(jvm.main(System.getProperty("java.class.path"), PrintVm.class))
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("vector=true");
        long max = Long.parseLong(out.replaceAll("(?s).*maxHeap=(\\d+).*", "$1"));
        assertThat(max).isBetween(200L << 20, 256L << 20);
    }

    @Test
    void theCliRunsThroughTheLauncherAndIsMeteredWithTheJvmItStarts(@TempDir Path dir) {
        assumeThat(CLI_JAR).as("the CLI jar is built").isRegularFile();
        ZstorJvm jvm = new ZstorJvm(JAVA_HOME, LAUNCHER, null);
        ProcessStats s = MeteredProcess.run(jvm.cli(CLI_JAR, "--version"), dir.resolve("err.log"), Duration.ofMinutes(2))
                .requireSuccess("zstor --version");
        assertThat(s.stdout()).startsWith("zstor ");
        // the bash launcher alone stays far below this; the JVM it starts does not
        assertThat(s.peakRssBytes()).isGreaterThan(30L << 20);
        assertThat(s.cpuSeconds()).isGreaterThan(0.05);
    }

    /** Prints what the JVM it runs in was started with. */
    static final class PrintVm {
        public static void main(String[] args) {
            System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory()
                    + " vector=" + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        }
    }
}
