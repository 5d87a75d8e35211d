package io.zstor.perf;

import io.zstor.transport.zdb.server.SyncPolicy;
import io.zstor.transport.zdb.server.ZdbServer;
import io.zstor.transport.zdb.server.ZdbServerOptions;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * SET/GET throughput of the embedded zdb server over loopback with a raw-socket client (preallocated reader,
 * so the client is not the bottleneck), mirroring the real-0-db measurements of zdb-protocol.md.
 *
 * <p>Usage: {@code java -cp perf/target/benchmarks.jar io.zstor.perf.ZdbServerBenchmark [memory|disk]
 * [valueBytes] [requestsPerConnection] [pipeline] [connections]} (defaults: disk 1048576 300 1 1).
 */
public final class ZdbServerBenchmark {

    /** Distinct keys per connection: later SETs overwrite, so memory stays bounded on long runs. */
    private static final int KEYS = 128;

    private ZdbServerBenchmark() {
    }

    /** Runs SET then GET and prints one line per phase. */
    public static void main(String[] args) throws Exception {
        boolean disk = args.length < 1 || !"memory".equals(args[0]);
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 1 << 20;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int pipeline = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        Path dir = disk ? Files.createTempDirectory("zdb-bench") : null;
        ZdbServerOptions.Builder options = ZdbServerOptions.builder().syncPolicy(SyncPolicy.NONE);
        if (dir != null) {
            options.dataDir(dir);
        }
        try (ZdbServer server = ZdbServer.start(options.build())) {
            String label = String.format(Locale.ROOT, "%s value=%d pipeline=%d conns=%d n=%d",
                    disk ? "disk" : "memory", size, pipeline, connections, requests * connections);
            run(server.address(), "SET", label, size, requests, pipeline, connections);
            run(server.address(), "GET", label, size, requests, pipeline, connections);
        } finally {
            if (dir != null) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static void run(InetSocketAddress address, String op, String label, int size, int requests,
                            int pipeline, int connections) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Callable<Long>> tasks = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int conn = c;
                tasks.add(() -> connection(address, op, conn, size, requests, pipeline));
            }
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            long bytes = 0;
            for (Future<Long> f : pool.invokeAll(tasks)) {
                bytes += f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
            int total = requests * connections;
            System.out.printf(Locale.ROOT, "%-4s %s: %.0f req/s, %.0f MB/s (%.2f s wall, %.2f s CPU server+client"
                    + " = %.0f MB per CPU-second)%n", op, label, total / seconds, bytes / 1e6 / seconds, seconds, cpu,
                    bytes / 1e6 / cpu);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One connection: pipelined batches; returns payload bytes moved. */
    private static long connection(InetSocketAddress address, String op, int conn, int size, int requests,
                                   int pipeline) throws IOException {
        byte[] value = new byte[size];
        for (int i = 0; i < size; i++) {
            value[i] = (byte) (i * 31 + conn);
        }
        byte[] sink = new byte[Math.max(size + 64, 1 << 16)];
        long bytes = 0;
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.setReceiveBufferSize(4 << 20);
            s.setSendBufferSize(4 << 20);
            s.connect(address, 5000);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 20);
            InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 20);
            for (int done = 0; done < requests; ) {
                int batch = Math.min(pipeline, requests - done);
                for (int i = 0; i < batch; i++) {
                    byte[] key = ("c" + conn + "k" + ((done + i) % KEYS)).getBytes(StandardCharsets.US_ASCII);
                    if ("SET".equals(op)) {
                        value[0] = (byte) (done + i);
                        value[1] = (byte) ((done + i) >> 8);
                        write(out, key, value);
                    } else {
                        write(out, key, null);
                    }
                }
                out.flush();
                for (int i = 0; i < batch; i++) {
                    bytes += readReply(in, sink);
                }
                done += batch;
            }
        }
        return "SET".equals(op) ? (long) size * requests : bytes;
    }

    private static void write(OutputStream out, byte[] key, byte[] value) throws IOException {
        String head = value == null ? "*2\r\n$3\r\nGET\r\n" : "*3\r\n$3\r\nSET\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(("$" + key.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(key);
        out.write('\r');
        out.write('\n');
        if (value != null) {
            out.write(("$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(value);
            out.write('\r');
            out.write('\n');
        }
    }

    /** Reads one reply (bulk or simple), returns bulk payload length. */
    private static long readReply(InputStream in, byte[] sink) throws IOException {
        int type = in.read();
        long n = 0;
        int c;
        boolean negative = false;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("server closed");
            }
            if (c == '-') {
                negative = true;
            } else if (c >= '0' && c <= '9') {
                n = n * 10 + (c - '0');
            }
        }
        in.read();
        if (type == '-') {
            throw new IOException("server error reply");
        }
        if (type != '$' || negative) {
            return 0;
        }
        long remaining = n + 2;
        while (remaining > 0) {
            int r = in.read(sink, 0, (int) Math.min(sink.length, remaining));
            if (r < 0) {
                throw new IOException("server closed");
            }
            remaining -= r;
        }
        return n;
    }
}
