package io.zstor.transport.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a single daemon serves a socket. The epoll transport binds over an existing socket file
 * silently (stealing a live daemon's socket), so before binding this guard: takes an exclusive lock on
 * {@code <socket>.lock} (held for the daemon's life, released by the OS even on SIGKILL), probes the socket
 * with a connect, and checks the pid file for a live zstor process. Only then is a stale socket file
 * removed. Blocking file and socket calls: use at start-up, off reactor threads.
 */
final class InstanceGuard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceGuard.class);

    private final Path socket;
    private final Optional<Path> pidFile;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private boolean pidWritten;

    private InstanceGuard(Path socket, Optional<Path> pidFile, FileChannel lockChannel, FileLock lock) {
        this.socket = socket;
        this.pidFile = pidFile;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Acquires the socket for this process.
     *
     * @throws DaemonAlreadyRunningException when another daemon holds the lock, answers on the socket or owns the pid file
     * @throws UncheckedIOException when the lock file cannot be created or a stale socket cannot be removed
     */
    static InstanceGuard acquire(Path socket, Optional<Path> pidFile) {
        Path lockPath = socket.resolveSibling(socket.getFileName() + ".lock");
        FileChannel ch;
        try {
            ch = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create lock file " + lockPath + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot lock " + lockPath + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            closeQuietly(ch);
            throw new DaemonAlreadyRunningException("another zstor daemon holds " + lockPath + " for socket " + socket);
        }
        InstanceGuard guard = new InstanceGuard(socket, pidFile, ch, lock);
        try {
            guard.checkSocket();
            guard.checkPidFile();
            return guard;
        } catch (RuntimeException e) {
            guard.releaseLock();
            throw e;
        }
    }

    /** Writes this process's pid to the pid file (atomically, via a temporary file). */
    void writePidFile() {
        if (pidFile.isEmpty()) {
            return;
        }
        Path file = pidFile.get();
        try {
            Path parent = file.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
            Files.writeString(tmp, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            pidWritten = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pid file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes the socket file and the pid file (if it still names this process), then releases the lock. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("cannot remove socket {}: {}", socket, e.getMessage());
        }
        if (pidWritten) {
            Path file = pidFile.orElseThrow();
            try {
                if (readPid(file).orElse(-1L) == ProcessHandle.current().pid()) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                LOG.warn("cannot remove pid file {}: {}", file, e.getMessage());
            }
        }
        releaseLock();
    }

    private void checkSocket() {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(socket, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(socket, LinkOption.NOFOLLOW_LINKS)
                || Files.isSymbolicLink(socket)) {
            throw new IllegalStateException("socket path " + socket + " exists and is not a socket; refusing to replace it");
        }
        if (answers(socket)) {
            throw new DaemonAlreadyRunningException("another zstor daemon answers on " + socket);
        }
        try {
            Files.deleteIfExists(socket);
            LOG.info("removed stale socket {}", socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove stale socket " + socket + ": " + e.getMessage(), e);
        }
    }

    private void checkPidFile() {
        if (pidFile.isEmpty() || !Files.exists(pidFile.get())) {
            return;
        }
        Path file = pidFile.get();
        Optional<Long> pid;
        try {
            pid = readPid(file);
        } catch (IOException e) {
            LOG.warn("cannot read pid file {} ({}); treating it as stale", file, e.getMessage());
            return;
        }
        if (pid.isEmpty() || pid.get() == ProcessHandle.current().pid()) {
            return;
        }
        Optional<ProcessHandle> other = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (other.isPresent() && sameProgram(other.get())) {
            throw new DaemonAlreadyRunningException("pid file " + file + " names the live process " + pid.get()
                    + "; stop it first or remove the pid file");
        }
        LOG.info("pid file {} is stale (process {} is gone or not zstor)", file, pid.get());
    }

    /** Whether a live process runs the same executable as this JVM (pid reuse by another program is ignored). */
    private static boolean sameProgram(ProcessHandle other) {
        Optional<String> mine = ProcessHandle.current().info().command();
        Optional<String> theirs = other.info().command();
        return mine.isEmpty() || theirs.isEmpty() || mine.get().equals(theirs.get());
    }

    private static Optional<Long> readPid(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return s.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Blocking connect probe: true when some process accepts connections on the socket. */
    static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    private void releaseLock() {
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("releasing lock failed: {}", e.getMessage());
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
