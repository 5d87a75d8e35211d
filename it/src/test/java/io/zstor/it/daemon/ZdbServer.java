package io.zstor.it.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One embedded 0-db server ({@code zstor zdb}) in its own process, with its data on disk so it can be
 * stopped, tampered with and restarted on the same port.
 */
final class ZdbServer implements AutoCloseable {

    private static final String READY = "zdb listening on";

    private final Path dir;
    private final String mode;
    private int port;
    private ServerProcess process;

    private ZdbServer(Path dir, String mode) {
        this.dir = dir;
        this.mode = mode;
    }

    /**
     * Starts a server in {@code mode} ({@code seq} for data, {@code user} for metadata) keeping its files in
     * {@code dir}. It binds a port of the system's choosing and the port is read from its ready line, so no
     * other process can take the port between choosing and binding it; restarts bind that port again.
     */
    static ZdbServer start(Path dir, String mode) throws IOException {
        ZdbServer s = new ZdbServer(dir, mode);
        Files.createDirectories(dir);
        s.port = 0;
        s.restart();
        String ready = s.process.readyLine();
        s.port = Integer.parseInt(ready.substring(ready.lastIndexOf(':') + 1).trim());
        return s;
    }

    /** (Re)starts the server on its port with its existing files. */
    void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running: " + address());
        }
        process = ServerProcess.start(dir, READY, "zdb", "--listen", address(), "--data",
                dataDir().toString(), "--mode", mode);
    }

    /** Kills the server abruptly (SIGKILL). */
    void kill() throws InterruptedException {
        process.kill();
    }

    /** Stops the server gracefully (SIGTERM) so its files are flushed. */
    void stop() throws InterruptedException {
        process.close();
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** The {@code --data} directory. */
    Path dataDir() {
        return dir.resolve("data");
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.close();
        }
    }
}
