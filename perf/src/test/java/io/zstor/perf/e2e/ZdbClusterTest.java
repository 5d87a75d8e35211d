package io.zstor.perf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.zstor.engine.codec.AeadCipher;
import io.zstor.engine.config.ConfigLoader;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.meta.BlockMeta;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts a real 2+1 cluster (7 server JVMs, in memory) and runs the I/O ceiling client against it as its own
 * process, exactly as the benchmark does; checks the bytes on the wire and on the servers, then the thread dumps
 * a failed case takes.
 */
class ZdbClusterTest {

    @TempDir
    Path dir;

    @Test
    void ceilingWritesAndReadsTheSamePiecesAZstorStoreWould() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        long size = (9L << 20) + 123; // 3 blocks of 4 MiB, the last one short
        try (ZdbCluster cluster = ZdbCluster.start(dir.resolve("c"), 2, 1, true, java, cp)) {
            ZstorConfig config = ConfigLoader.load(cluster.config());
            assertThat(config.minimalShards()).isEqualTo(2);
            assertThat(config.expectedShards()).isEqualTo(3);
            assertThat(config.meta().backends()).hasSize(4);

            List<String> base = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", cp, IoCeiling.class.getName()));
            Path keys = dir.resolve("keys");
            List<String> write = new ArrayList<>(base);
            write.addAll(List.of("write", cluster.config().toString(), Long.toString(size), keys.toString()));
            long cpuBefore = cluster.serversCpuNanos();
            ProcessStats w = MeteredProcess.run(write, dir.resolve("err.log"), Duration.ofMinutes(5));
            assertThat(w.exitCode()).isZero();

            int full = BlockMeta.pieceLength((4 << 20) + AeadCipher.OVERHEAD, 2);
            int last = BlockMeta.pieceLength((1 << 20) + 123 + AeadCipher.OVERHEAD, 2);
            long wire = 3L * (2L * full + last);
            assertThat(w.stdout()).contains("payload=" + size, "wire=" + wire);
            assertThat(DataUsage.dataBytes(cluster.config())).isGreaterThanOrEqualTo(wire);
            assertThat(cluster.serversCpuNanos()).isGreaterThan(cpuBefore);

            List<String> read = new ArrayList<>(base);
            read.addAll(List.of("read", cluster.config().toString(), keys.toString()));
            ProcessStats r = MeteredProcess.run(read, dir.resolve("err.log"), Duration.ofMinutes(5));
            assertThat(r.exitCode()).isZero();
            assertThat(r.stdout()).contains("ceiling read", "wire=" + 2L * (2L * full + last));
            assertThat(r.peakRssBytes()).isPositive();
            assertThat(r.cpuSeconds()).isPositive();

            // what a failed case leaves for diagnosis: every server's threads, by name
            cluster.dumpThreads(dir);
            for (String name : List.of("meta-0", "meta-3", "data-0", "data-2")) {
                assertThat(dir.resolve(name + ".threads.txt")).content()
                        .contains("\"zdb-server-1-io-1\"", "ZdbServerMain");
            }
        }
    }
}
