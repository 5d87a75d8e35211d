package io.zstor.perf.e2e;

import java.time.Duration;

/**
 * What one finished child process cost: wall time from start to exit, CPU time of all its threads (user +
 * system), peak resident set (VmHWM), exit code and its standard output.
 *
 * @param wall start to exit
 * @param cpu user + system CPU time, last sample before exit (sampling period of {@link MeteredProcess})
 * @param peakRssBytes VmHWM, last sample before exit
 * @param exitCode the exit code
 * @param stdout everything the process printed on standard output
 */
public record ProcessStats(Duration wall, Duration cpu, long peakRssBytes, int exitCode, String stdout) {

    /** Wall seconds. */
    public double wallSeconds() {
        return wall.toNanos() / 1e9;
    }

    /**
     * This, when the process exited 0.
     *
     * @throws IllegalStateException naming {@code what} and the exit code otherwise
     */
    public ProcessStats requireSuccess(String what) {
        if (exitCode != 0) {
            throw new IllegalStateException(what + " exited " + exitCode + " (see processes.log in the work dir)");
        }
        return this;
    }

    /** CPU seconds. */
    public double cpuSeconds() {
        return cpu.toNanos() / 1e9;
    }
}
