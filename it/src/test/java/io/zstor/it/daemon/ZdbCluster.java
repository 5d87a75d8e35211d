package io.zstor.it.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Four metadata 0-dbs ({@code user} mode) and N data 0-dbs ({@code seq} mode) in one group, each its own
 * {@code zstor zdb} process so a test can kill, tamper with and restart any single backend.
 */
final class ZdbCluster implements AutoCloseable {

    private final Path dir;
    private final List<ZdbServer> meta;
    private final List<ZdbServer> data;
    private final String metaKey;
    private final String dataKey;

    private ZdbCluster(Path dir, List<ZdbServer> meta, List<ZdbServer> data) {
        this.dir = dir;
        this.meta = meta;
        this.data = data;
        SecureRandom random = new SecureRandom();
        this.metaKey = key(random);
        this.dataKey = key(random);
    }

    /** Starts the four metadata servers and {@code dataBackends} data servers under {@code dir}. */
    static ZdbCluster start(Path dir, int dataBackends) throws IOException {
        List<ZdbServer> meta = new ArrayList<>();
        List<ZdbServer> data = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            meta.add(ZdbServer.start(dir.resolve("meta-" + i), "user"));
        }
        for (int i = 0; i < dataBackends; i++) {
            data.add(ZdbServer.start(dir.resolve("data-" + i), "seq"));
        }
        return new ZdbCluster(dir, meta, data);
    }

    /** Adds one more data server (not yet in any config written before). */
    ZdbServer addDataServer() throws IOException {
        ZdbServer s = ZdbServer.start(dir.resolve("data-" + data.size()), "seq");
        data.add(s);
        return s;
    }

    ZdbServer meta(int i) {
        return meta.get(i);
    }

    ZdbServer data(int i) {
        return data.get(i);
    }

    /**
     * The config text for {@code k}+{@code parity} coding over the first {@code dataBackends} data servers of
     * one group, where one backend may be lost ({@code redundant_nodes = 1}); same keys every time.
     */
    String toml(int k, int n, int dataBackends) {
        StringBuilder t = new StringBuilder();
        t.append("minimal_shards = ").append(k).append('\n');
        t.append("expected_shards = ").append(n).append('\n');
        t.append("redundant_groups = 0\nredundant_nodes = 1\n");
        t.append("\n[encryption]\nalgorithm = \"AES\"\nkey = \"").append(dataKey).append("\"\n");
        t.append("\n[compression]\nalgorithm = \"snappy\"\n");
        t.append("\n[meta]\ntype = \"zdb\"\n\n[meta.config]\nprefix = \"daemon-it\"\n");
        t.append("\n[meta.config.encryption]\nalgorithm = \"AES\"\nkey = \"").append(metaKey).append("\"\n");
        for (ZdbServer m : meta) {
            t.append("\n[[meta.config.backends]]\naddress = \"").append(m.address()).append("\"\n");
        }
        t.append("\n[[groups]]\n");
        for (int i = 0; i < dataBackends; i++) {
            t.append("\n[[groups.backends]]\naddress = \"").append(data.get(i).address()).append("\"\n");
        }
        return t.toString();
    }

    /** Writes {@link #toml} to {@code file}. */
    Path write(Path file, int k, int n, int dataBackends) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, toml(k, n, dataBackends));
        return file;
    }

    private static String key(SecureRandom random) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return HexFormat.of().formatHex(k);
    }

    @Override
    public void close() throws InterruptedException {
        for (ZdbServer s : data) {
            s.close();
        }
        for (ZdbServer s : meta) {
            s.close();
        }
    }
}
