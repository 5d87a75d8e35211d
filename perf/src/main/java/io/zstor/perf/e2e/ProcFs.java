package io.zstor.perf.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Reads a live process's CPU time and peak resident set from Linux {@code /proc}: {@code utime + stime} of
 * {@code /proc/PID/stat} (all threads) and {@code VmHWM} of {@code /proc/PID/status}. Empty once the process
 * is gone. Also the machine's free memory ({@code MemFree} of {@code /proc/meminfo}).
 */
final class ProcFs {

    /** Clock ticks per second of {@code /proc/PID/stat} ({@code getconf CLK_TCK}; 100 on every Linux x86). */
    private static final long TICKS_PER_SECOND = 100;

    private ProcFs() {
    }

    /** CPU nanoseconds (user + system) of {@code pid}, or empty when it is gone or not on Linux. */
    static OptionalLong cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the ")" that ends the command name: state is field 3, utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return OptionalLong.of(ticks * (1_000_000_000L / TICKS_PER_SECOND));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The direct children of {@code pid} ({@code /proc/PID/task/TID/children} of each of its threads), empty when
     * it is gone or has none.
     */
    static List<Long> children(long pid) {
        List<Long> l = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                for (String c : Files.readString(task.resolve("children")).trim().split("\\s+")) {
                    if (!c.isEmpty()) {
                        l.add(Long.parseLong(c));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone (or a thread ended while listing): what was read so far
        }
        return l;
    }

    /** Peak resident set in bytes ({@code VmHWM}) of {@code pid}, or empty when it is gone. */
    static OptionalLong peakRssBytes(long pid) {
        return kibField(Path.of("/proc", Long.toString(pid), "status"), "VmHWM:");
    }

    /** The machine's free memory in bytes ({@code MemFree}), or empty when not on Linux. */
    static OptionalLong memFreeBytes() {
        return kibField(Path.of("/proc/meminfo"), "MemFree:");
    }

    /** The value in bytes of a {@code "Name:   N kB"} line of {@code file}, or empty when unreadable or absent. */
    private static OptionalLong kibField(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(name)) {
                    String kb = line.substring(name.length()).trim().split("\\s+")[0];
                    return OptionalLong.of(Long.parseLong(kb) * 1024);
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
