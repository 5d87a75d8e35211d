package io.zstor.perf.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeteredProcessTest {

    @TempDir
    Path dir;

    @Test
    void measuresCpuRssOutputAndExitCodeOfTheProcessAndItsChildren() {
        // a CPU-bound grandchild: the shell forks sha256sum, which hashes 300 MB of zeros
        ProcessStats s = MeteredProcess.run(List.of("/bin/sh", "-c",
                "echo started; head -c 300000000 /dev/zero | sha256sum > /dev/null; exit 3"),
                dir.resolve("err.log"), Duration.ofMinutes(5));
        assertThat(s.exitCode()).isEqualTo(3);
        assertThat(s.stdout()).isEqualTo("started\n");
        assertThat(s.wallSeconds()).isPositive();
        assertThat(s.peakRssBytes()).isPositive();
        // the shell itself does next to nothing: the CPU is sha256sum's (and head's), seen as descendants
        assertThat(s.cpuSeconds()).isGreaterThan(0.2);
    }

    @Test
    void ownProcessFiguresAreReadFromProc() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcFs.cpuNanos(pid).orElseThrow()).isPositive();
        assertThat(ProcFs.peakRssBytes(pid).orElseThrow()).isGreaterThan(1L << 20);
        assertThat(ProcFs.memFreeBytes().orElseThrow()).isPositive();
        assertThat(ProcFs.cpuNanos(Long.MAX_VALUE)).isEmpty();
        assertThat(ProcFs.children(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void childrenAreListed() throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", "sleep 30 & sleep 30 & wait").start();
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (ProcFs.children(p.pid()).size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(ProcFs.children(p.pid())).hasSize(2)
                    .containsExactlyInAnyOrderElementsOf(p.descendants().map(ProcessHandle::pid).toList());
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void killsAProcessThatRunsPastItsTimeout() {
        assertThatThrownBy(() -> MeteredProcess.run(List.of("/bin/sleep", "30"), dir.resolve("err.log"),
                Duration.ofMillis(300)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ran past");
    }
}
