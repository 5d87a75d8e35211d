package io.zstor.transport.zdb.server;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of one embedded 0-db server, built with {@link #builder()}.
 *
 * <p>Without a data directory the server keeps everything in memory (tests); with one it persists every
 * namespace under {@code dataDir} and {@code indexDir} (which defaults to {@code dataDir}). The admin password
 * is never printed by {@link #toString()}.
 */
public final class ZdbServerOptions {

    /** Largest accepted default maxsize or data file size, to keep arithmetic far from overflow. */
    private static final long MAX_BYTES = 1L << 50;

    private final String host;
    private final int port;
    private final Path dataDir;
    private final Path indexDir;
    private final ZdbMode mode;
    private final String adminPassword;
    private final boolean protect;
    private final long defaultMaxSize;
    private final long dataFileSize;
    private final SyncPolicy syncPolicy;

    private ZdbServerOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.dataDir = b.dataDir;
        this.indexDir = b.indexDir != null ? b.indexDir : b.dataDir;
        this.mode = b.mode;
        this.adminPassword = b.adminPassword;
        this.protect = b.protect;
        this.defaultMaxSize = b.defaultMaxSize;
        this.dataFileSize = b.dataFileSize;
        this.syncPolicy = b.syncPolicy;
        if (protect && adminPassword == null) {
            throw new IllegalArgumentException("protect needs an admin password");
        }
        if (b.indexDir != null && b.dataDir == null) {
            throw new IllegalArgumentException("an index directory needs a data directory");
        }
    }

    /** A builder with 0-db's defaults: 127.0.0.1, ephemeral port, in memory, mixed mode, no admin. */
    public static Builder builder() {
        return new Builder();
    }

    /** Host or IP literal to bind. */
    public String host() {
        return host;
    }

    /** Port to bind; 0 picks a free ephemeral port. */
    public int port() {
        return port;
    }

    /** Data root, empty for an in-memory server. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** Index root, empty for an in-memory server; equals the data root unless set. */
    public Optional<Path> indexDir() {
        return Optional.ofNullable(indexDir);
    }

    /** Runtime mode of every namespace. */
    public ZdbMode mode() {
        return mode;
    }

    /** Admin password; empty means everyone is admin and AUTH is disabled. */
    public Optional<String> adminPassword() {
        return Optional.ofNullable(adminPassword);
    }

    /** Whether the default namespace is protected by the admin password. */
    public boolean protect() {
        return protect;
    }

    /** maxsize given to new namespaces, 0 = unlimited. */
    public long defaultMaxSize() {
        return defaultMaxSize;
    }

    /** A new data file is started when the current one would pass this size. */
    public long dataFileSize() {
        return dataFileSize;
    }

    /** When writes are forced to disk. */
    public SyncPolicy syncPolicy() {
        return syncPolicy;
    }

    @Override
    public String toString() {
        return "ZdbServerOptions[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", indexDir=" + indexDir
                + ", mode=" + mode + ", admin=" + (adminPassword != null ? "<set>" : "<none>") + ", protect=" + protect
                + ", defaultMaxSize=" + defaultMaxSize + ", dataFileSize=" + dataFileSize + ", sync=" + syncPolicy + "]";
    }

    /** Mutable builder of {@link ZdbServerOptions}; each setter validates its argument at once. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path dataDir;
        private Path indexDir;
        private ZdbMode mode = ZdbMode.MIXED;
        private String adminPassword;
        private boolean protect;
        private long defaultMaxSize;
        private long dataFileSize = 256L * 1024 * 1024;
        private SyncPolicy syncPolicy = SyncPolicy.NONE;

        private Builder() {
        }

        /** Host or IP literal to bind (IPv6 without brackets). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind, 0 for an ephemeral port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Data root; null keeps everything in memory. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Index root; null uses the data root. */
        public Builder indexDir(Path indexDir) {
            this.indexDir = indexDir;
            return this;
        }

        /** Runtime mode. */
        public Builder mode(ZdbMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Admin password (at most 128 bytes); null disables authentication. */
        public Builder adminPassword(String adminPassword) {
            if (adminPassword != null && (adminPassword.isEmpty() || adminPassword.length() > 128)) {
                throw new IllegalArgumentException("admin password must be 1..128 characters");
            }
            this.adminPassword = adminPassword;
            return this;
        }

        /** Protect the default namespace with the admin password. */
        public Builder protect(boolean protect) {
            this.protect = protect;
            return this;
        }

        /** maxsize of new namespaces in bytes, 0 = unlimited. */
        public Builder defaultMaxSize(long bytes) {
            if (bytes < 0 || bytes > MAX_BYTES) {
                throw new IllegalArgumentException("default maxsize out of range: " + bytes);
            }
            this.defaultMaxSize = bytes;
            return this;
        }

        /** Size at which a new data file is started (at least 1 MiB). */
        public Builder dataFileSize(long bytes) {
            if (bytes < (1 << 20) || bytes > MAX_BYTES) {
                throw new IllegalArgumentException("data file size must be at least 1 MiB, got " + bytes);
            }
            this.dataFileSize = bytes;
            return this;
        }

        /** Sync policy of the persistent mode. */
        public Builder syncPolicy(SyncPolicy policy) {
            this.syncPolicy = Objects.requireNonNull(policy, "syncPolicy");
            return this;
        }

        /** Validates and builds the options. */
        public ZdbServerOptions build() {
            return new ZdbServerOptions(this);
        }
    }
}
