package io.zstor.cli.cluster;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.config.ConfigLoader;
import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.transport.zdb.server.ZdbMode;
import io.zstor.transport.zdb.server.ZdbServer;
import io.zstor.transport.zdb.server.ZdbServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster of embedded 0-db servers on loopback, persistent under one directory: 4 metadata servers
 * (user-key mode) and N data servers (sequential mode), plus the {@code zstor.toml} that uses them. Started
 * again on the same directory, it reuses the ports and data recorded there, so stored objects survive.
 */
public final class LocalCluster implements AutoCloseable {

    /** Name of the config file written into the cluster directory. */
    public static final String CONFIG = "zstor.toml";

    private static final String ANY_LOOPBACK_PORT = "127.0.0.1:0";

    private final Path dir;
    private final List<ZdbServer> meta;
    private final List<ZdbServer> data;

    private LocalCluster(Path dir, List<ZdbServer> meta, List<ZdbServer> data) {
        this.dir = dir;
        this.meta = meta;
        this.data = data;
    }

    /**
     * Starts the cluster in {@code dir}: reuses {@code dir/zstor.toml} when it exists (its addresses and keys),
     * else picks free loopback ports and writes a new config with fresh random keys.
     */
    public static LocalCluster start(Path dir, ClusterLayout layout) {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve(CONFIG);
            List<String> metaAddresses = new ArrayList<>();
            List<String> dataAddresses = new ArrayList<>();
            if (Files.exists(config)) {
                ZstorConfig existing = ConfigLoader.load(config);
                existing.meta().backends().forEach(b -> metaAddresses.add(b.address()));
                for (GroupConfig g : existing.groups()) {
                    g.backends().stream().map(BackendSpec::address).forEach(dataAddresses::add);
                }
            } else {
                // port 0: each server binds a port the kernel picks, recorded below once bound (probing for free
                // ports first and binding them later lost races with other processes taking one in between)
                for (int i = 0; i < 4; i++) {
                    metaAddresses.add(ANY_LOOPBACK_PORT);
                }
                for (int i = 0; i < layout.dataBackends(); i++) {
                    dataAddresses.add(ANY_LOOPBACK_PORT);
                }
            }
            List<ZdbServer> meta = new ArrayList<>();
            List<ZdbServer> data = new ArrayList<>();
            LocalCluster cluster = new LocalCluster(dir, meta, data);
            try {
                for (int i = 0; i < metaAddresses.size(); i++) {
                    meta.add(startServer(dir.resolve("meta-" + i), metaAddresses.get(i), ZdbMode.USER));
                }
                for (int i = 0; i < dataAddresses.size(); i++) {
                    data.add(startServer(dir.resolve("data-" + i), dataAddresses.get(i), ZdbMode.SEQ));
                }
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            if (!Files.exists(config)) {
                Path tmp = dir.resolve(CONFIG + ".tmp");
                Files.writeString(tmp, layout.toml(boundAddresses(meta), boundAddresses(data),
                        "local zstor cluster in " + dir.toAbsolutePath() + " (zstor local-cluster)"));
                Files.move(tmp, config, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                try {
                    Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: keep the default mode
                }
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up local cluster in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ZdbServer startServer(Path home, String address, ZdbMode mode) throws IOException {
        Files.createDirectories(home);
        int colon = address.lastIndexOf(':');
        return ZdbServer.start(ZdbServerOptions.builder()
                .host(address.substring(0, colon))
                .port(Integer.parseInt(address.substring(colon + 1)))
                .dataDir(home.resolve("data"))
                .indexDir(home.resolve("index"))
                .mode(mode)
                .build());
    }

    private static List<String> boundAddresses(List<ZdbServer> servers) {
        return servers.stream().map(s -> "127.0.0.1:" + s.port()).toList();
    }

    /** The cluster directory. */
    public Path dir() {
        return dir;
    }

    /** The config file that uses this cluster. */
    public Path config() {
        return dir.resolve(CONFIG);
    }

    /** The number of data servers. */
    public int dataServers() {
        return data.size();
    }

    /** Stops data server {@code i} (as if its machine went away); its files stay on disk. */
    public void stopData(int i) {
        data.get(i).close();
    }

    @Override
    public void close() {
        for (ZdbServer s : data) {
            s.close();
        }
        for (ZdbServer s : meta) {
            s.close();
        }
    }
}
