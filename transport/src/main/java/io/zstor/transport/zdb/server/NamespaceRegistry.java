package io.zstor.transport.zdb.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * All namespaces of one server: creates the default namespace, loads persisted ones at startup (in creation
 * order), and implements NSNEW/NSDEL's naming rules. A persistent registry holds an exclusive lock on
 * {@code <data>/.lockfile} so two servers never share a directory.
 */
final class NamespaceRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceRegistry.class);

    /** Name of the namespace every connection starts in. */
    static final String DEFAULT = "default";
    /** Longest namespace name (bytes). */
    static final int MAX_NAME = 128;

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private final ZdbServerOptions options;
    private final Map<String, Namespace> namespaces = new LinkedHashMap<>();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private long nextRank;

    private NamespaceRegistry(ZdbServerOptions options, FileChannel lockChannel, FileLock lock) {
        this.options = options;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens the registry: locks and loads the data directories, or starts empty in memory. */
    static NamespaceRegistry open(ZdbServerOptions options) throws IOException {
        if (options.dataDir().isEmpty()) {
            NamespaceRegistry r = new NamespaceRegistry(options, null, null);
            r.loadDefault(null);
            return r;
        }
        Path dataRoot = options.dataDir().get();
        Path indexRoot = options.indexDir().orElse(dataRoot);
        Files.createDirectories(dataRoot);
        Files.createDirectories(indexRoot);
        FileChannel ch = FileChannel.open(dataRoot.resolve(".lockfile"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("data directory " + dataRoot + " is in use by another server");
        }
        NamespaceRegistry r = new NamespaceRegistry(options, ch, lock);
        try {
            r.loadAll(indexRoot);
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    private void loadAll(Path indexRoot) throws IOException {
        List<NamespaceSettings> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(indexRoot, Files::isDirectory)) {
            for (Path dir : dirs) {
                NamespaceSettings s = FileStorage.readSettings(dir);
                if (s != null) {
                    found.add(s);
                }
            }
        }
        found.sort(Comparator.comparingLong(s -> s.rank));
        NamespaceSettings defaultSettings = null;
        for (NamespaceSettings s : found) {
            if (DEFAULT.equals(s.name)) {
                defaultSettings = s;
            }
        }
        loadDefault(defaultSettings);
        for (NamespaceSettings s : found) {
            if (!DEFAULT.equals(s.name)) {
                applyServerMode(s);
                Namespace ns = new Namespace(s, storageFor(s.name));
                ns.load();
                namespaces.put(s.name, ns);
                nextRank = Math.max(nextRank, s.rank + 1);
                LOG.debug("loaded namespace {} with {} entries", s.name, ns.size());
            }
        }
    }

    private void loadDefault(NamespaceSettings loaded) throws IOException {
        NamespaceSettings s = loaded != null ? loaded : new NamespaceSettings(DEFAULT, 0);
        applyServerMode(s);
        if (options.protect()) {
            s.password = options.adminPassword().orElseThrow();
        } else if (loaded == null) {
            s.password = null;
        }
        Namespace ns = new Namespace(s, storageFor(DEFAULT));
        ns.load();
        ns.storage().saveSettings(s);
        namespaces.put(DEFAULT, ns);
        nextRank = Math.max(nextRank, s.rank + 1);
    }

    private void applyServerMode(NamespaceSettings s) {
        if (options.mode() == ZdbMode.SEQ) {
            s.sequential = true;
        } else if (options.mode() == ZdbMode.USER) {
            s.sequential = false;
        }
    }

    private NamespaceStorage storageFor(String name) throws IOException {
        if (options.dataDir().isEmpty()) {
            return new MemoryStorage();
        }
        String dir = directoryName(name);
        Path dataRoot = options.dataDir().get();
        Path indexRoot = options.indexDir().orElse(dataRoot);
        return FileStorage.open(dataRoot.resolve(dir), indexRoot.resolve(dir), options.dataFileSize(),
                options.syncPolicy());
    }

    /** A file-system safe directory name: the name itself when plain, else {@code ~hex}. */
    static String directoryName(String name) {
        if (PLAIN_NAME.matcher(name).matches()) {
            return name;
        }
        return "~" + HexFormat.of().formatHex(name.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The live namespace called {@code name}, or null. */
    synchronized Namespace get(String name) {
        return namespaces.get(name);
    }

    /** Namespace names, {@code default} first, then in creation order. */
    synchronized List<String> names() {
        return new ArrayList<>(namespaces.keySet());
    }

    /** NSNEW: validates the name and creates an empty namespace with the server's defaults. */
    synchronized void create(String name) throws IOException {
        if (name.length() > MAX_NAME) {
            throw new ZdbCommandException("Namespace too long");
        }
        if (name.isEmpty() || DEFAULT.equals(name) || ".".equals(name) || "..".equals(name) || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new ZdbCommandException("This name is not allowed");
        }
        if (namespaces.containsKey(name)) {
            throw new ZdbCommandException("This namespace is not available");
        }
        NamespaceSettings s = new NamespaceSettings(name, nextRank++);
        s.maxSize = options.defaultMaxSize();
        applyServerMode(s);
        NamespaceStorage storage = storageFor(name);
        Namespace ns = new Namespace(s, storage);
        ns.load();
        storage.saveSettings(s);
        namespaces.put(name, ns);
    }

    /** NSDEL: removes the namespace and its files; connections inside notice on their next command. */
    synchronized void remove(Namespace ns) throws IOException {
        namespaces.remove(ns.name());
        ns.markRemoved();
        synchronized (ns) {
            ns.releaseAll();
            ns.storage().destroy();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        IOException failure = null;
        for (Namespace ns : namespaces.values()) {
            try {
                synchronized (ns) {
                    ns.releaseAll();
                    ns.storage().close();
                }
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (lock != null) {
            lock.release();
            lockChannel.close();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
