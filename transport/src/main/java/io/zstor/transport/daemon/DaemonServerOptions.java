package io.zstor.transport.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a {@link DaemonServer}.
 *
 * @param socket path of the unix socket ({@code socket} in the config)
 * @param pidFile {@code pid_file}: written once serving, removed on stop
 * @param maxConcurrentCommands data commands (store, retrieve, rebuild) running at once; more wait FIFO
 *        ({@code max_parallel_uploads})
 * @param backgroundQueueCapacity non-blocking stores accepted but not yet finished; beyond it
 *        {@code store -n} is refused with {@link ErrorKind#BUSY}
 * @param backgroundAttempts attempts per non-blocking store before it is recorded as a failure
 * @param backgroundFirstBackoff delay before the first retry (doubles each time, with jitter)
 * @param backgroundMaxBackoff upper bound of the retry delay
 * @param requestTimeout how long a connection may take to send its request frame
 * @param stopGrace how long {@link DaemonServer#stop()} lets in-flight commands finish before aborting them
 * @param commandIdleTimeout how long a running store or retrieve may go without any progress before it is
 *        aborted with {@link ErrorKind#TIMEOUT} (a safety net: a stuck command must not hold its client forever)
 */
public record DaemonServerOptions(
        Path socket,
        Optional<Path> pidFile,
        int maxConcurrentCommands,
        int backgroundQueueCapacity,
        int backgroundAttempts,
        Duration backgroundFirstBackoff,
        Duration backgroundMaxBackoff,
        Duration requestTimeout,
        Duration stopGrace,
        Duration commandIdleTimeout) {

    /** Validates. */
    public DaemonServerOptions {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(pidFile, "pidFile");
        if (maxConcurrentCommands < 1) {
            throw new IllegalArgumentException("maxConcurrentCommands must be >= 1, got " + maxConcurrentCommands);
        }
        if (backgroundQueueCapacity < 1) {
            throw new IllegalArgumentException("backgroundQueueCapacity must be >= 1, got " + backgroundQueueCapacity);
        }
        if (backgroundAttempts < 1) {
            throw new IllegalArgumentException("backgroundAttempts must be >= 1, got " + backgroundAttempts);
        }
        Objects.requireNonNull(backgroundFirstBackoff, "backgroundFirstBackoff");
        Objects.requireNonNull(backgroundMaxBackoff, "backgroundMaxBackoff");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(commandIdleTimeout, "commandIdleTimeout");
        if (commandIdleTimeout.isNegative() || commandIdleTimeout.isZero()) {
            throw new IllegalArgumentException("commandIdleTimeout must be positive, got " + commandIdleTimeout);
        }
    }

    /**
     * Defaults for a socket: 2 concurrent data commands, 10,000 queued non-blocking stores, 5 attempts with
     * back-off from 1 s to 1 min, 30 s to send a request, 30 s stop grace, 5 min without progress aborts a command.
     */
    public static DaemonServerOptions defaults(Path socket) {
        return new DaemonServerOptions(socket, Optional.empty(), 2, 10_000, 5, Duration.ofSeconds(1),
                Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    /** A copy with another pid file. */
    public DaemonServerOptions withPidFile(Optional<Path> file) {
        return new DaemonServerOptions(socket, file, maxConcurrentCommands, backgroundQueueCapacity, backgroundAttempts,
                backgroundFirstBackoff, backgroundMaxBackoff, requestTimeout, stopGrace, commandIdleTimeout);
    }

    /** A copy with another concurrency bound. */
    public DaemonServerOptions withMaxConcurrentCommands(int n) {
        return new DaemonServerOptions(socket, pidFile, n, backgroundQueueCapacity, backgroundAttempts,
                backgroundFirstBackoff, backgroundMaxBackoff, requestTimeout, stopGrace, commandIdleTimeout);
    }

    /** A copy with other non-blocking store settings. */
    public DaemonServerOptions withBackground(int capacity, int attempts, Duration firstBackoff, Duration maxBackoff) {
        return new DaemonServerOptions(socket, pidFile, maxConcurrentCommands, capacity, attempts, firstBackoff, maxBackoff,
                requestTimeout, stopGrace, commandIdleTimeout);
    }

    /** A copy with another idle timeout for running commands. */
    public DaemonServerOptions withCommandIdleTimeout(Duration idle) {
        return new DaemonServerOptions(socket, pidFile, maxConcurrentCommands, backgroundQueueCapacity, backgroundAttempts,
                backgroundFirstBackoff, backgroundMaxBackoff, requestTimeout, stopGrace, idle);
    }

    /** A copy with other timeouts. */
    public DaemonServerOptions withTimeouts(Duration request, Duration grace) {
        return new DaemonServerOptions(socket, pidFile, maxConcurrentCommands, backgroundQueueCapacity, backgroundAttempts,
                backgroundFirstBackoff, backgroundMaxBackoff, request, grace, commandIdleTimeout);
    }
}
