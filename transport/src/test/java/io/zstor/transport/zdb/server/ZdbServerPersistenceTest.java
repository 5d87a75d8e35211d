package io.zstor.transport.zdb.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Append-only files: restart replays everything, torn or corrupted tails are cut and never served. */
class ZdbServerPersistenceTest {

    @TempDir
    Path dir;

    private ZdbServer start() {
        return ZdbServer.start(ZdbServerOptions.builder().dataDir(dir.resolve("data")).indexDir(dir.resolve("index"))
                .adminPassword("adm").build());
    }

    @Test
    void restartRestoresNamespacesSettingsDataDeletesAndSequence() throws IOException {
        try (ZdbServer server = start(); RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("AUTH", "adm")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("NSNEW", "users")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("NSNEW", "seq")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("NSNEW", "gone")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("NSSET", "seq", "mode", "seq")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("NSSET", "users", "password", "pw")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("NSSET", "users", "public", "0")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("NSSET", "users", "maxsize", "100000")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("NSDEL", "gone")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("SELECT", "users", "pw")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("SET", "a", "1")).isEqualTo("$1\r\na\r\n");
            assertThat(c.cmd("SET", "b", "2")).isEqualTo("$1\r\nb\r\n");
            assertThat(c.cmd("SET", "a", "11")).isEqualTo("$1\r\na\r\n");
            assertThat(c.cmd("DEL", "b")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("SET", "c", "333")).isEqualTo("$1\r\nc\r\n");
            assertThat(c.cmd("SELECT", "seq")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("SET", "", "s0")).isEqualTo("$8\r\n" + ZdbServerTranscriptTest.seq(0) + "\r\n");
            assertThat(c.cmd("SET", "", "s1")).isEqualTo("$8\r\n" + ZdbServerTranscriptTest.seq(1) + "\r\n");
            assertThat(c.cmd("DEL", ZdbServerTranscriptTest.seq(1))).isEqualTo("+OK\r\n");
        }
        try (ZdbServer server = start(); RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("NSLIST")).isEqualTo("*3\r\n$7\r\ndefault\r\n$5\r\nusers\r\n$3\r\nseq\r\n");
            assertThat(c.cmd("SELECT", "users")).isEqualTo("-Namespace protected and private\r\n");
            assertThat(c.cmd("SELECT", "users", "pw")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("GET", "a")).isEqualTo("$2\r\n11\r\n");
            assertThat(c.cmd("GET", "b")).isEqualTo("$-1\r\n");
            assertThat(c.cmd("GET", "c")).isEqualTo("$3\r\n333\r\n");
            assertThat(c.cmd("DBSIZE")).isEqualTo(":2\r\n");
            assertThat(c.cmd("CHECK", "c")).isEqualTo(":1\r\n");
            assertThat(c.cmd("NSINFO", "users")).contains("\ndata_size_bytes: 5\n", "\ndata_limits_bytes: 100000\n",
                    "\npublic: no\n", "\npassword: yes\n");
            assertThat(c.cmd("SCAN")).contains("$1\r\na\r\n:2\r\n").contains("$1\r\nc\r\n:3\r\n");
            assertThat(c.cmd("SELECT", "seq")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("GET", ZdbServerTranscriptTest.seq(0))).isEqualTo("$2\r\ns0\r\n");
            assertThat(c.cmd("GET", ZdbServerTranscriptTest.seq(1))).isEqualTo("$-1\r\n");
            assertThat(c.cmd("SET", "", "s2")).isEqualTo("$8\r\n" + ZdbServerTranscriptTest.seq(2) + "\r\n");
            assertThat(c.cmd("NSINFO", "seq")).contains("\nmode: sequential\n");
        }
    }

    @Test
    void corruptedDataTailIsCutAndReportedMissing() throws IOException {
        try (ZdbServer server = start(); RawZdbClient c = new RawZdbClient(server.address())) {
            for (int i = 1; i <= 3; i++) {
                assertThat(c.cmd("SET", "k" + i, "value-" + i)).isEqualTo("$2\r\nk" + i + "\r\n");
            }
        }
        Path d0 = dir.resolve("data/default/d0");
        try (RandomAccessFile f = new RandomAccessFile(d0.toFile(), "rw")) {
            f.seek(f.length() - 3);
            f.write(new byte[] {'X', 'Y', 'Z'});
        }
        try (ZdbServer server = start(); RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("GET", "k3")).isEqualTo("$-1\r\n");
            assertThat(c.cmd("EXISTS", "k3")).isEqualTo(":0\r\n");
            assertThat(c.cmd("GET", "k2")).isEqualTo("$7\r\nvalue-2\r\n");
            assertThat(c.cmd("DBSIZE")).isEqualTo(":2\r\n");
            assertThat(c.cmd("SET", "k4", "value-4")).isEqualTo("$2\r\nk4\r\n");
        }
        try (ZdbServer server = start(); RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("GET", "k4")).isEqualTo("$7\r\nvalue-4\r\n");
            assertThat(c.cmd("CHECK", "k4")).isEqualTo(":1\r\n");
            assertThat(c.cmd("GET", "k1")).isEqualTo("$7\r\nvalue-1\r\n");
        }
    }

    @Test
    void tornIndexTailAndUnindexedDataTailAreCut() throws IOException {
        try (ZdbServer server = start(); RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("SET", "x", "1")).isEqualTo("$1\r\nx\r\n");
        }
        long indexSize = Files.size(dir.resolve("index/default/i0"));
        Files.write(dir.resolve("index/default/i0"), new byte[] {0, 1, 0, 0, 0}, StandardOpenOption.APPEND);
        Files.write(dir.resolve("data/default/d0"), "half a record".getBytes(), StandardOpenOption.APPEND);
        try (ZdbServer server = start(); RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("GET", "x")).isEqualTo("$1\r\n1\r\n");
            assertThat(c.cmd("SET", "y", "2")).isEqualTo("$1\r\ny\r\n");
        }
        assertThat(Files.size(dir.resolve("index/default/i0"))).isGreaterThan(indexSize);
        try (ZdbServer server = start(); RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("GET", "x")).isEqualTo("$1\r\n1\r\n");
            assertThat(c.cmd("GET", "y")).isEqualTo("$1\r\n2\r\n");
            assertThat(c.cmd("CHECK", "y")).isEqualTo(":1\r\n");
        }
    }

    @Test
    void corruptionInsideAnOlderRecordIsReportedByCheck() throws IOException {
        try (ZdbServer server = start(); RawZdbClient c = new RawZdbClient(server.address())) {
            c.cmd("SET", "old", "aaaaaaaa");
            c.cmd("SET", "new", "bbbbbbbb");
        }
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("data/default/d0").toFile(), "rw")) {
            f.seek(FileStorage.DATA_HEADER + 3 + 2);
            f.write('Z');
        }
        try (ZdbServer server = start(); RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("CHECK", "old")).isEqualTo(":0\r\n");
            assertThat(c.cmd("CHECK", "new")).isEqualTo(":1\r\n");
        }
    }

    @Test
    void dataFilesRotateAndStayReadable() throws IOException {
        String value = "v".repeat(300 * 1024);
        try (ZdbServer server = ZdbServer.start(ZdbServerOptions.builder().dataDir(dir).dataFileSize(1 << 20).build());
             RawZdbClient c = new RawZdbClient(server.address())) {
            for (int i = 0; i < 8; i++) {
                assertThat(c.cmd("SET", "r" + i, value + i)).isEqualTo("$2\r\nr" + i + "\r\n");
            }
        }
        assertThat(dir.resolve("default/d2")).exists();
        try (ZdbServer server = ZdbServer.start(ZdbServerOptions.builder().dataDir(dir).dataFileSize(1 << 20).build());
             RawZdbClient c = new RawZdbClient(server.address())) {
            for (int i = 0; i < 8; i++) {
                String expected = "$" + (value.length() + 1) + "\r\n" + value + i + "\r\n";
                assertThat(c.cmd("GET", "r" + i).equals(expected)).as("r%d intact after restart", i).isTrue();
            }
        }
    }

    @Test
    void secondServerOnTheSameDirectoryIsRefused() {
        try (ZdbServer server = start()) {
            assertThatThrownBy(this::start).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("in use by another server");
            assertThat(server.port()).isPositive();
        }
    }
}
