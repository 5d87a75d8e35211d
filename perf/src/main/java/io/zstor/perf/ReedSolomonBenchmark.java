package io.zstor.perf;

import io.zstor.engine.codec.rs.Kernel;
import io.zstor.engine.codec.rs.ReedSolomon;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Single-thread Reed-Solomon throughput on 1 MiB of data per call (shard = 1 MiB / k, rounded down):
 * parity encoding, and reconstruction of {@code m} missing data shards. The {@code dataBytes} secondary
 * result counts data bytes coded per second, so {@code dataBytes / 10^6} is MB/s of data.
 *
 * <p>Run with {@code --add-modules jdk.incubator.vector} so the vector kernel is available.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class ReedSolomonBenchmark {

    /** Data bytes per call. */
    static final int DATA_BYTES = 1 << 20;

    /** {@code k+m}. */
    @Param({"10+5", "4+2"})
    public String shape;

    /** Which kernel codes. */
    @Param({"VECTOR", "SCALAR"})
    public Kernel kernel;

    private ReedSolomon codec;
    private byte[][] shards;
    private boolean[] present;
    private int shardLength;
    private int dataBytes;

    /** Counts the data bytes coded, reported per second next to the call rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        /** Data bytes coded (per second in the report). */
        public long dataBytes;
    }

    /** Builds the codec and random data with parity. */
    @Setup(Level.Trial)
    public void setUp() {
        String[] km = shape.split("\\+");
        int k = Integer.parseInt(km[0]);
        int m = Integer.parseInt(km[1]);
        codec = ReedSolomon.create(k, m, kernel);
        shardLength = DATA_BYTES / k;
        dataBytes = shardLength * k;
        shards = new byte[k + m][shardLength];
        Random random = new Random(1);
        for (int d = 0; d < k; d++) {
            random.nextBytes(shards[d]);
        }
        codec.encodeParity(shards, 0, shardLength);
        present = new boolean[k + m];
        for (int s = m; s < k + m; s++) {
            present[s] = true; // the first m data shards are missing
        }
    }

    /** Computes the m parity shards. */
    @Benchmark
    public byte[][] encode(Bytes bytes) {
        codec.encodeParity(shards, 0, shardLength);
        bytes.dataBytes += dataBytes;
        return shards;
    }

    /** Rebuilds m missing data shards from the k survivors (decode matrix cached after the first call). */
    @Benchmark
    public byte[][] reconstruct(Bytes bytes) {
        codec.reconstruct(shards, present, 0, shardLength);
        bytes.dataBytes += dataBytes;
        return shards;
    }
}
