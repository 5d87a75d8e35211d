package io.zstor.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code bin/zstor} adds to the JVM: its class-data archive (the first {@code zstor demo} or {@code test}
 * trains it with a short demo of its own, so that the archive holds the retrieve path, and later commands start
 * from it), transparent huge pages where the kernel hands them out on request, and the JIT's client compiler
 * alone for commands that move no data in their own process.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("zstor.launcher", "../bin/zstor"));
    private static final Path JAR = Path.of(System.getProperty("zstor.cli.jar", "../cli/target/zstor.jar"));

    @TempDir
    Path dir;

    @Test
    void theFirstDemoTrainsAnArchiveHoldingTheRetrievePathAndLaterCommandsUseIt() throws Exception {
        Path cds = dir.resolve("cds");

        Run demo = launch(cds, "demo", "--size-mib", "1");

        assertThat(demo.exit()).as(demo.output()).isZero();
        assertThat(demo.output()).contains("demo: OK: checksums and bytes match");
        List<Path> archives = list(cds);
        assertThat(archives).hasSize(1); // the trained archive, and no temporary file left
        Path archive = archives.get(0);
        assertThat(archive.getFileName().toString()).endsWith(".jsa");
        byte[] bytes = Files.readAllBytes(archive);
        // class names are stored as symbols: the retrieve path was loaded by the training demo
        assertThat(contains(bytes, "io/zstor/engine/pipeline/ObjectReader")).isTrue();
        assertThat(contains(bytes, "io/zstor/engine/pipeline/BlockDecoder")).isTrue();

        var written = Files.getLastModifiedTime(archive);
        Run again = launch(cds, "--version");
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(list(cds)).containsExactly(archive); // mapped, not rewritten
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(written);
    }

    @Test
    void hugePagesAreAskedForExactlyWhereTheKernelHandsThemOutOnRequest() throws Exception {
        Path mode = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        boolean madvise = Files.isReadable(mode) && Files.readString(mode).contains("[madvise]");

        Run flags = launchWith(dir.resolve("cds"), "-XX:+PrintFlagsFinal", "--version");

        assertThat(flags.exit()).as(flags.output()).isZero();
        assertThat(flags.output()).containsPattern("bool UseTransparentHugePages += " + madvise + " ");
        assertThat(flags.output()).doesNotContain("[warning]").doesNotContain("VM warning"); // JDK 17 warns when
        // asked for huge pages it cannot get
    }

    @Test
    void metadataCommandsAndDaemonClientsRunWithTheClientCompilerAloneAndDataCommandsWithTieredCompilation()
            throws Exception {
        Path cds = dir.resolve("cds");
        for (String command : List.of("check", "list", "status", "failures", "delete", "test")) {
            // the launcher finds the subcommand behind the options before it, and the values they take
            Run flags = launchWith(cds, "-XX:+PrintFlagsFinal", "-c", "cfg.toml", "--debug", command, "--help");
            assertThat(flags.exit()).as(flags.output()).isZero();
            assertThat(flags.output()).as(command).containsPattern("intx TieredStopAtLevel += 1 ");
        }
        for (String command : List.of("store", "retrieve", "rebuild", "monitor", "zdb", "local-cluster", "demo")) {
            Run flags = launchWith(cds, "-XX:+PrintFlagsFinal", command, "--help");
            assertThat(flags.exit()).as(flags.output()).isZero();
            assertThat(flags.output()).as(command).containsPattern("intx TieredStopAtLevel += 4 ");
        }
        // with a daemon socket in the config, a store, retrieve or rebuild only talks to the daemon
        Files.writeString(dir.resolve("daemon.toml"), "# a client of the daemon\nsocket = \"/run/zstor.sock\"\n[meta]\n");
        Files.writeString(dir.resolve("table.toml"), "minimal_shards = 4\n[meta]\nsocket = \"/run/zstor.sock\"\n");
        for (String command : List.of("store", "retrieve", "rebuild")) {
            Run flags = launchWith(cds, "-XX:+PrintFlagsFinal", command, "-c", "daemon.toml", "--help");
            assertThat(flags.output()).as(command).containsPattern("intx TieredStopAtLevel += 1 ");
            Run own = launchWith(cds, "-XX:+PrintFlagsFinal", "--config=table.toml", command, "--help");
            assertThat(own.output()).as(command).containsPattern("intx TieredStopAtLevel += 4 ");
        }
        for (String command : List.of("monitor", "zdb", "local-cluster", "demo")) {
            Run flags = launchWith(cds, "-XX:+PrintFlagsFinal", "-c", "daemon.toml", command, "--help");
            assertThat(flags.output()).as(command).containsPattern("intx TieredStopAtLevel += 4 ");
        }
        // ZSTOR_JAVA_OPTS comes after the launcher's choice, so it can ask for the optimizing compiler back
        Run back = launchWith(cds, "-XX:+PrintFlagsFinal -XX:TieredStopAtLevel=4", "list", "--help");
        assertThat(back.output()).containsPattern("intx TieredStopAtLevel += 4 ");
    }

    @Test
    void aStoreAndRetrieveOnSixtyFourCoresStayWithinTheLaunchersMemory() throws Exception {
        // The coding scheduler has a thread per core. Work buffers kept per thread (three 4 MiB direct buffers
        // each) outgrew the direct memory the launcher's heap allows once about 20 of 64 threads had coded a
        // block, and the store failed ("SET: Cannot encode command") or hung. Pooled, they never outnumber the
        // blocks coded at once.
        Run demo = launchWith(dir.resolve("cds"), "-XX:ActiveProcessorCount=64", "demo", "--size-mib", "128");

        assertThat(demo.exit()).as(demo.output()).isZero();
        assertThat(demo.output()).contains("demo: OK: checksums and bytes match");
    }

    private Run launch(Path cds, String... args) throws IOException, InterruptedException {
        return launchWith(cds, null, args);
    }

    private Run launchWith(Path cds, String javaOpts, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", LAUNCHER.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Path output = Files.createTempFile(dir, "launch", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()); // a file, so that a process that hangs cannot hang the read
        pb.environment().put("ZSTOR_CDS_DIR", cds.toString());
        pb.environment().put("ZSTOR_JAR", JAR.toAbsolutePath().toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (javaOpts == null) {
            pb.environment().remove("ZSTOR_JAVA_OPTS");
        } else {
            pb.environment().put("ZSTOR_JAVA_OPTS", javaOpts);
        }
        pb.environment().remove("ZSTOR_CDS");
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("bin/zstor " + String.join(" ", args) + " did not finish in 180 s: "
                    + Files.readString(output));
        }
        return new Run(p.exitValue(), Files.readString(output));
    }

    private static List<Path> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private record Run(int exit, String output) {
    }
}
