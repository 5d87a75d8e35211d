package io.zstor.it.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.cli.cluster.ClusterLayout;
import io.zstor.engine.ProgressListener;
import io.zstor.engine.RetrieveResult;
import io.zstor.engine.StoreOptions;
import io.zstor.engine.StoreResult;
import io.zstor.engine.Zstor;
import io.zstor.engine.config.ConfigLoader;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.transport.zdb.client.LettuceZdbConnector;
import io.zstor.transport.zdb.client.LettuceZdbOptions;
import io.zstor.transport.zdb.server.ZdbMode;
import io.zstor.transport.zdb.server.ZdbServer;
import io.zstor.transport.zdb.server.ZdbServerOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine over real TCP: the {@link Zstor} facade with the lettuce client against embedded 0-db servers
 * (4 metadata, 6 data in 2 groups, 4+2), persistent on disk so pieces can be corrupted and servers restarted.
 * Covers the data-path guarantees of issue 4 that in-memory fakes cannot: real wire, real files.
 */
class ZstorTcpIT {

    private static final int BLOCK = 64 * 1024;

    @TempDir
    Path dir;
    private final List<ZdbServer> meta = new ArrayList<>();
    private final List<ZdbServer> data = new ArrayList<>();
    private final List<Integer> dataPorts = new ArrayList<>();
    private String configText;
    private Zstor zstor;

    @BeforeEach
    void start() throws IOException {
        List<String> metaAddresses = new ArrayList<>();
        List<String> dataAddresses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ZdbServer s = server("meta-" + i, 0, ZdbMode.USER);
            meta.add(s);
            metaAddresses.add("127.0.0.1:" + s.port());
        }
        for (int i = 0; i < 6; i++) {
            ZdbServer s = server("data-" + i, 0, ZdbMode.SEQ);
            data.add(s);
            dataPorts.add(s.port());
            dataAddresses.add("127.0.0.1:" + s.port());
        }
        configText = "block_size = " + BLOCK + "\nzdb_timeout_secs = 5\nzdb_connect_timeout_secs = 2\n"
                + ClusterLayout.of(6, 2, 4).toml(metaAddresses, dataAddresses, "ZstorTcpIT");
        zstor = engine(configText);
    }

    private ZdbServer server(String name, int port, ZdbMode mode) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        return ZdbServer.start(ZdbServerOptions.builder().host("127.0.0.1").port(port)
                .dataDir(home.resolve("data")).indexDir(home.resolve("index")).mode(mode).build());
    }

    private static Zstor engine(String text) {
        ZstorConfig config = ConfigLoader.parse(text, "ZstorTcpIT.toml");
        LettuceZdbOptions options = LettuceZdbOptions.builder().connectTimeout(Duration.ofSeconds(2))
                .commandTimeout(Duration.ofSeconds(5)).reconnectAttempts(1).build();
        return Zstor.create(config, LettuceZdbConnector.create(options));
    }

    @AfterEach
    void stop() {
        if (zstor != null) {
            zstor.close();
        }
        data.forEach(ZdbServer::close);
        meta.forEach(ZdbServer::close);
    }

    private Path file(String name, int size, boolean compressible) throws IOException {
        byte[] bytes = new byte[size];
        if (compressible) {
            for (int i = 0; i < size; i++) {
                bytes[i] = (byte) ("zstor over tcp ".charAt(i % 15));
            }
        } else {
            new Random(size).nextBytes(bytes);
        }
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private StoreResult store(Path f) {
        return zstor.store(f, StoreOptions.DEFAULTS, ProgressListener.NONE).block();
    }

    private RetrieveResult retrieveTo(Path f, Path out) {
        return zstor.retrieve(zstor.lookupKey(f), out, ProgressListener.NONE).block();
    }

    @Test
    void roundTripsOfEverySizeAroundTheBlock() throws IOException {
        int[] sizes = {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 5};
        for (int size : sizes) {
            for (boolean text : new boolean[] {false, true}) {
                Path f = file("rt-" + size + "-" + text, size, text);
                StoreResult stored = store(f);
                Path out = dir.resolve("out-" + size + "-" + text);
                RetrieveResult got = retrieveTo(f, out);
                assertThat(Files.readAllBytes(out)).as("size %d text %s", size, text).isEqualTo(Files.readAllBytes(f));
                assertThat(got.checksumHex()).isEqualTo(stored.checksumHex());
                assertThat(zstor.check(zstor.lookupKey(f)).block()).contains(stored.checksumHex());
            }
        }
    }

    @Test
    void retrievesWithParityBackendsStoppedAndFailsClearlyBeyondIt() throws IOException {
        Path f = file("stopped.bin", 5 * BLOCK + 3, false);
        store(f);
        data.get(0).close();
        data.get(4).close();
        Path out = dir.resolve("stopped.out");
        retrieveTo(f, out);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(f));

        data.get(2).close();
        Path lost = dir.resolve("lost.out");
        assertThatThrownBy(() -> retrieveTo(f, lost)).hasMessageContaining("stopped.bin");
        assertThat(lost).doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".lost.out"));
        }
    }

    @Test
    void piecesCorruptedOnDiskAreDetectedAndRecoveredFromParity() throws IOException {
        Path f = file("corrupt.bin", 4 * BLOCK, false);
        store(f);
        data.get(1).close();
        try (Stream<Path> files = Files.walk(dir.resolve("data-1").resolve("data"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
                    for (long pos = 100; pos < raf.length(); pos += 4096) {
                        raf.seek(pos);
                        int b = raf.read();
                        raf.seek(pos);
                        raf.write(b ^ 0x5A);
                    }
                }
            }
        }
        data.set(1, server("data-1", dataPorts.get(1), ZdbMode.SEQ));
        Path out = dir.resolve("corrupt.out");
        retrieveTo(f, out);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(f));
    }

    @Test
    void storeIsRefusedWhileAMetadataBackendIsDownAndRetrieveStillWorks() throws IOException {
        Path before = file("meta-before.bin", 2 * BLOCK, false);
        store(before);
        meta.get(3).close();
        Path f = file("meta-down.bin", 1000, false);
        assertThatThrownBy(() -> store(f)).hasMessageContaining("meta");
        assertThat(zstor.check(zstor.lookupKey(f)).block()).isEmpty();
        Path out = dir.resolve("meta-before.out");
        retrieveTo(before, out);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(before));
    }

    @Test
    void rebuildAfterABackendIsReplacedRestoresFullRedundancy() throws IOException {
        Path f = file("rebuild.bin", 3 * BLOCK + 11, false);
        store(f);
        int oldPort = dataPorts.get(5);
        data.get(5).close();
        ZdbServer replacement = server("data-new", 0, ZdbMode.SEQ);
        data.add(replacement);
        zstor.close();
        zstor = engine(configText.replace("127.0.0.1:" + oldPort, "127.0.0.1:" + replacement.port()));
        zstor.rebuild(zstor.lookupKey(f)).block();
        // full redundancy again: any two of the remaining original backends may go
        data.get(0).close();
        data.get(3).close();
        Path out = dir.resolve("rebuild.out");
        retrieveTo(f, out);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(f));
    }

    @Test
    void wrongDataKeyGivesAuthenticationFailed() throws IOException {
        Path f = file("key.bin", 2 * BLOCK, false);
        store(f);
        int at = configText.indexOf("[encryption]");
        int keyAt = configText.indexOf("key = \"", at) + "key = \"".length();
        String wrong = configText.substring(0, keyAt) + "1".repeat(64) + configText.substring(keyAt + 64);
        zstor.close();
        zstor = engine(wrong);
        Path out = dir.resolve("key.out");
        assertThatThrownBy(() -> retrieveTo(f, out)).hasMessageContaining("authentication failed");
        assertThat(out).doesNotExist();
    }
}
