package io.zstor.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code zstor} command end to end: the shaded jar as a separate process against a local cluster of
 * embedded 0-db servers running in another process ({@code zstor local-cluster}), over real TCP.
 */
class CliIT {

    @TempDir
    static Path tmp;
    static LocalClusterProcess cluster;
    static Path config;

    @BeforeAll
    static void startCluster() throws IOException {
        Path dir = tmp.resolve("cluster");
        cluster = LocalClusterProcess.start(dir);
        config = cluster.config();
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ZstorProcess.Result zstor(String... args) {
        return ZstorProcess.withConfig(tmp, config, args);
    }

    private static Path file(String name, int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Path f = tmp.resolve(name);
        Files.createDirectories(f.getParent());
        Files.write(f, data);
        return f;
    }

    @Test
    void versionAndHelp() {
        ZstorProcess.Result v = ZstorProcess.run(tmp, "--version");
        assertThat(v.exitCode()).as(v.toString()).isZero();
        assertThat(v.stdout()).startsWith("zstor ");
        ZstorProcess.Result h = ZstorProcess.run(tmp, "store", "--help");
        assertThat(h.exitCode()).isZero();
        assertThat(h.stdout()).contains("--error-on-failure", "--save-failure", "--key-path", "--notblocking");
    }

    @Test
    void theHelpListsEverySubcommandAndAnUnknownOneIsAUsageError() {
        // the CLI builds only the subcommand a command line names, and all of them when it names none
        ZstorProcess.Result h = ZstorProcess.run(tmp, "-c", "cfg.toml", "--help");
        assertThat(h.exitCode()).as(h.toString()).isZero();
        assertThat(h.stdout().lines().map(String::strip).map(l -> l.split(" ")[0]))
                .containsSubsequence("store", "retrieve", "rebuild", "check", "monitor", "test", "status", "delete",
                        "list", "failures", "zdb", "local-cluster", "demo");
        ZstorProcess.Result unknown = ZstorProcess.run(tmp, "-c", "cfg.toml", "stor");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("zstor: Unmatched argument at index 2: 'stor'");
        ZstorProcess.Result none = ZstorProcess.run(tmp, "--debug");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).contains("zstor: missing subcommand");
    }

    @Test
    void storeCheckRetrieveRoundTrip() throws IOException {
        Path f = file("round/trip.bin", 5 * 1024 * 1024 + 7, 1);
        byte[] original = Files.readAllBytes(f);
        ZstorProcess.Result store = zstor("store", "--file", f.toString());
        assertThat(store.exitCode()).as(store.toString()).isZero();

        ZstorProcess.Result check = zstor("check", "-f", f.toString());
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.stdout().trim()).matches("[0-9a-f]{32}  " + java.util.regex.Pattern.quote(f.toString()));

        Path out = tmp.resolve("round/copy.bin");
        ZstorProcess.Result retrieve = zstor("retrieve", "-f", f.toString(), "-o", out.toString());
        assertThat(retrieve.exitCode()).as(retrieve.toString()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(original);

        Files.delete(f);
        ZstorProcess.Result inPlace = zstor("retrieve", "--file", f.toString());
        assertThat(inPlace.exitCode()).as(inPlace.toString()).isZero();
        assertThat(Files.readAllBytes(f)).isEqualTo(original);

        ZstorProcess.Result list = zstor("list", "--json");
        assertThat(list.exitCode()).isZero();
        assertThat(list.stdout()).contains(f.toString()).contains("\"size\":" + original.length);
    }

    @Test
    void globalOptionsAfterSubcommandAndJsonCheck() throws IOException {
        Path f = file("late/opts.bin", 1000, 2);
        assertThat(ZstorProcess.run(tmp, "store", "-c", config.toString(), "-f", f.toString()).exitCode()).isZero();
        ZstorProcess.Result check = ZstorProcess.run(tmp, "check", "--config", config.toString(), "-f", f.toString(), "--json");
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.stdout()).contains("\"stored\":true").containsPattern("\"checksum\":\"[0-9a-f]{32}\"");
    }

    @Test
    void checkExitsOneWhenAbsent() {
        ZstorProcess.Result check = zstor("check", "-f", tmp.resolve("never-stored").toString());
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.stdout()).isEmpty();
        assertThat(check.stderr()).contains("not stored");
    }

    @Test
    void stdinToStdout() throws IOException {
        byte[] data = new byte[3 * 1024 * 1024];
        new Random(3).nextBytes(data);
        ZstorProcess.Result store = ZstorProcess.run(tmp, data, List.of(), "-c", config.toString(), "store", "-f", "-",
                "-k", "/virtual/stdin.bin");
        assertThat(store.exitCode()).as(store.toString()).isZero();
        ZstorProcess.Result retrieve = zstor("retrieve", "-f", "/virtual/stdin.bin", "-o", "-");
        assertThat(retrieve.exitCode()).as(retrieve.stderr()).isZero();
        assertThat(retrieve.stdoutBytes()).isEqualTo(data);
    }

    @Test
    void directoryStoreWithDeleteRemovesSourcesOnlyAfterSuccess() throws IOException {
        Path dir = tmp.resolve("dir-delete");
        file("dir-delete/a", 10_000, 4);
        file("dir-delete/b", 20_000, 5);
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        ZstorProcess.Result store = zstor("store", "-s", "-d", "-f", dir.toString(), "-k", keys.toString());
        assertThat(store.exitCode()).as(store.toString()).isZero();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
        assertThat(zstor("check", "-f", keys.resolve("a").toString()).exitCode()).isZero();
        assertThat(zstor("check", "-f", keys.resolve("b").toString()).exitCode()).isZero();
    }

    @Test
    void deleteKeepsSourceWhenStoreFails() throws IOException {
        Path f = file("fail-keep/src.bin", 1000, 6);
        Path broken = tmp.resolve("unreachable.toml");
        java.util.concurrent.atomic.AtomicInteger port = new java.util.concurrent.atomic.AtomicInteger(1);
        Files.writeString(broken, java.util.regex.Pattern.compile("127\\.0\\.0\\.1:\\d+").matcher(Files.readString(config))
                .replaceAll(m -> "127.0.0.1:" + port.getAndIncrement()));
        ZstorProcess.Result store = ZstorProcess.run(tmp, "-c", broken.toString(), "store", "-d", "-f", f.toString());
        assertThat(store.exitCode()).as(store.toString()).isEqualTo(1);
        assertThat(store.stderr().lines().filter(l -> !l.isBlank()).count()).isEqualTo(1);
        assertThat(f).exists();
    }

    @Test
    void directoryWithUnreadableFileContinuesUnlessErrorOnFailure() throws IOException {
        assumeTrue(!isRoot() || Files.exists(Path.of("/usr/bin/setpriv")), "needs a non-root user to make a file unreadable");
        Path dir = tmp.resolve("unreadable");
        Path good = file("unreadable/good", 1000, 7);
        Path bad = file("unreadable/bad", 1000, 8);
        Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("---------"));
        List<String> asUser = asUnprivileged();

        ZstorProcess.Result keepGoing = runAs(asUser, "store", "-s", "-f", dir.toString());
        assertThat(keepGoing.exitCode()).as(keepGoing.toString()).isZero();
        assertThat(keepGoing.stderr()).contains(bad.toString()).contains("permission denied");
        assertThat(runAs(asUser, "check", "-f", good.toString()).exitCode()).isZero();

        ZstorProcess.Result failures = runAs(asUser, "failures", "--json");
        assertThat(failures.exitCode()).as(failures.toString()).isZero();
        assertThat(failures.stdout()).contains(bad.toString());

        ZstorProcess.Result stop = runAs(asUser, "store", "-e", "-f", dir.toString());
        assertThat(stop.exitCode()).as(stop.toString()).isEqualTo(1);
        assertThat(stop.stderr()).contains("permission denied");
    }

    private ZstorProcess.Result runAs(List<String> prefix, String... args) throws IOException {
        Path userConfig = tmp.resolve("user-config.toml");
        if (!Files.exists(userConfig)) {
            Files.copy(config, userConfig);
            Files.setPosixFilePermissions(userConfig, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Path cwd = Files.createDirectories(tmp.resolve("user-cwd"));
        Files.setPosixFilePermissions(cwd, PosixFilePermissions.fromString("rwxrwxrwx"));
        String[] full = new String[args.length + 2];
        full[0] = "-c";
        full[1] = userConfig.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        return ZstorProcess.run(cwd, null, prefix, full);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asUnprivileged() throws IOException {
        if (!isRoot()) {
            return List.of();
        }
        for (Path p = tmp; p != null; p = p.getParent()) {
            try {
                var perms = Files.getPosixFilePermissions(p);
                perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
                perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
                Files.setPosixFilePermissions(p, perms);
            } catch (IOException | UnsupportedOperationException ignored) {
                // best effort
            }
        }
        return List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
    }

    @Test
    void badConfigShowsLineAndColumnAndExitsTwo() throws IOException {
        Path bad = tmp.resolve("bad.toml");
        Files.writeString(bad, "minimal_shards = 4\nexpected_shards = = 6\n");
        ZstorProcess.Result r = ZstorProcess.run(tmp, "-c", bad.toString(), "status");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("bad.toml:2:").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void missingConfigAndMissingFileAreOneLineErrors() throws IOException {
        ZstorProcess.Result noConfig = ZstorProcess.run(tmp, "-c", tmp.resolve("nope.toml").toString(), "status");
        assertThat(noConfig.exitCode()).isEqualTo(2);
        assertThat(noConfig.stderr()).contains("nope.toml");
        ZstorProcess.Result noFile = zstor("store", "-f", tmp.resolve("missing.bin").toString());
        assertThat(noFile.exitCode()).isEqualTo(1);
        assertThat(noFile.stderr().trim()).contains("no such file").doesNotContain("\n");
    }

    @Test
    void unwritableOutputFails() throws IOException {
        Path f = file("unwritable/src.bin", 1000, 9);
        assertThat(zstor("store", "-f", f.toString()).exitCode()).isZero();
        Path notADir = file("unwritable/plain-file", 10, 10);
        ZstorProcess.Result r = zstor("retrieve", "-f", f.toString(), "-o", notADir.resolve("out.bin").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).doesNotContain("\tat ");
    }

    @Test
    void wrongEncryptionKeyFailsAuthenticationWithoutPartialOutput() throws IOException {
        Path f = file("wrongkey/src.bin", 2 * 1024 * 1024, 11);
        assertThat(zstor("store", "-f", f.toString()).exitCode()).isZero();
        String text = Files.readString(config);
        int at = text.indexOf("[encryption]");
        int keyAt = text.indexOf("key = \"", at) + "key = \"".length();
        String wrong = text.substring(0, keyAt) + "0".repeat(64) + text.substring(keyAt + 64);
        Path wrongConfig = tmp.resolve("wrongkey/wrong.toml");
        Files.writeString(wrongConfig, wrong);
        Path out = tmp.resolve("wrongkey/out");
        Files.createDirectories(out);
        ZstorProcess.Result r = ZstorProcess.run(tmp, "-c", wrongConfig.toString(), "retrieve", "-f", f.toString(),
                "-o", out.resolve("copy.bin").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).containsIgnoringCase("authentication failed");
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void statusNeverShowsPasswords() throws IOException {
        String secret = "pa55-do-not-show";
        String text = Files.readString(config).replaceFirst("(\\[\\[groups.backends]]\naddress = \"[^\"]+\")",
                "$1\npassword = \"" + secret + "\"");
        Path withPassword = tmp.resolve("password.toml");
        Files.writeString(withPassword, text);
        ZstorProcess.Result r = ZstorProcess.run(tmp, "-c", withPassword.toString(), "--debug", "status");
        assertThat(r.stdout() + r.stderr()).doesNotContain(secret);
        ZstorProcess.Result json = ZstorProcess.run(tmp, "-c", withPassword.toString(), "status", "--json");
        assertThat(json.stdout() + json.stderr()).doesNotContain(secret);
        Path log = tmp.resolve("zstor.log");
        if (Files.exists(log)) {
            assertThat(Files.readString(log, StandardCharsets.UTF_8)).doesNotContain(secret);
        }
        ZstorProcess.Result plain = zstor("status");
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(plain.stdout()).contains("metadata backends", "data backends", "Yes");
    }

    @Test
    void testCommandSucceedsOnHealthyCluster() {
        ZstorProcess.Result r = zstor("test");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void rebuildDeleteAndList() throws IOException {
        Path f = file("lifecycle/obj.bin", 300_000, 12);
        assertThat(zstor("store", "-f", f.toString()).exitCode()).isZero();
        ZstorProcess.Result rebuild = zstor("rebuild", "-f", f.toString());
        assertThat(rebuild.exitCode()).as(rebuild.toString()).isZero();
        ZstorProcess.Result both = zstor("rebuild", "-f", f.toString(), "-k", "x");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.stderr()).contains("exactly one of -f PATH or -k KEY");
        ZstorProcess.Result list = zstor("list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.stdout()).contains("300000\t" + f);
        ZstorProcess.Result delete = zstor("delete", "-f", f.toString());
        assertThat(delete.exitCode()).as(delete.toString()).isZero();
        assertThat(zstor("check", "-f", f.toString()).exitCode()).isEqualTo(1);
        assertThat(zstor("delete", "-f", f.toString()).exitCode()).isEqualTo(1);
        assertThat(zstor("list").stdout()).doesNotContain(f.toString());
    }

    @Test
    void demoRunsTheWholeNewcomerPath() {
        ZstorProcess.Result demo = ZstorProcess.run(tmp, "demo", "--size-mib", "4");
        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.stdout()).contains("stopped data backend 0", "OK: checksums and bytes match");
    }

    @Test
    void nonBlockingWithoutDaemonStoresInProcess() throws IOException {
        Path f = file("nb/x.bin", 1000, 13);
        assertThat(zstor("store", "-n", "-f", f.toString()).exitCode()).isZero();
        assertThat(zstor("check", "-f", f.toString()).exitCode()).isZero();
    }

    @Test
    void socketWithoutDaemonSaysToStartMonitor() throws IOException {
        Path cfg = tmp.resolve("socket.toml");
        Files.writeString(cfg, "socket = \"" + tmp.resolve("none.sock") + "\"\n" + Files.readString(config));
        ZstorProcess.Result r = ZstorProcess.run(tmp, "-c", cfg.toString(), "check", "-f", "/x");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("zstor monitor").doesNotContain("\tat ");
    }
}
