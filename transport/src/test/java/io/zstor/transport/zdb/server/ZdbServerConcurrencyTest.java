package io.zstor.transport.zdb.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.zstor.transport.zdb.server.RawZdbClient.b;
import static org.assertj.core.api.Assertions.assertThat;

/** Many clients at once, and a client that never reads its replies, against a persistent server. */
class ZdbServerConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    void concurrentWritersEachSeeTheirOwnDataInOrder() throws Exception {
        try (ZdbServer server = ZdbServer.start(ZdbServerOptions.builder().dataDir(dir).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int id = t;
                    results.add(pool.submit(() -> {
                        try (RawZdbClient c = new RawZdbClient(server.address())) {
                            int ok = 0;
                            for (int i = 0; i < 200; i++) {
                                String key = "t" + id + "-" + i;
                                if (c.cmd("SET", key, "v" + i).equals("$" + key.length() + "\r\n" + key + "\r\n")
                                        && c.cmd("GET", key).equals("$" + ("v" + i).length() + "\r\nv" + i + "\r\n")) {
                                    ok++;
                                }
                            }
                            return ok;
                        }
                    }));
                }
                for (Future<Integer> f : results) {
                    assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(200);
                }
            } finally {
                pool.shutdownNow();
            }
            try (RawZdbClient c = new RawZdbClient(server.address())) {
                assertThat(c.cmd("DBSIZE")).isEqualTo(":1600\r\n");
            }
        }
    }

    /**
     * Bursts of pipelined SETs (run on the I/O threads) and PINGs (answered on the event loop). A PING answered
     * after a SET's reply, with no read event after it, once stayed unflushed until the client sent something
     * else: a client waiting for it timed out (seen as "PING: no reply in time" from a metadata 0-db).
     */
    @Test
    void everyReplyOfAPipelinedBurstIsSentWithoutFurtherInput() throws Exception {
        try (ZdbServer server = ZdbServer.start(ZdbServerOptions.builder().dataDir(dir).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int id = t;
                    results.add(pool.submit(() -> {
                        SplittableRandom random = new SplittableRandom(id);
                        try (RawZdbClient c = new RawZdbClient(server.address())) {
                            int answered = 0;
                            for (int round = 0; round < 400; round++) {
                                int n = 1 + random.nextInt(40);
                                List<String> expected = new ArrayList<>();
                                ByteArrayOutputStream burst = new ByteArrayOutputStream();
                                for (int i = 0; i < n; i++) {
                                    if (random.nextInt(3) == 0) {
                                        burst.writeBytes(RawZdbClient.frame(b("PING")));
                                        expected.add("+PONG\r\n");
                                    } else {
                                        String key = "t" + id + "-" + round + "-" + i;
                                        burst.writeBytes(RawZdbClient.frame(b("SET"), b(key), new byte[random.nextInt(2000)]));
                                        expected.add("$" + key.length() + "\r\n" + key + "\r\n");
                                    }
                                }
                                c.sendRaw(burst.toByteArray()); // then only reads: a reply must not wait for input
                                for (int i = 0; i < n; i++) {
                                    assertThat(RawZdbClient.s(c.readReply())).as("client %d round %d reply %d of %d", id,
                                            round, i, n).isEqualTo(expected.get(i));
                                    answered++;
                                }
                            }
                            return answered;
                        }
                    }));
                }
                for (Future<Integer> f : results) {
                    assertThat(f.get(120, TimeUnit.SECONDS)).isPositive();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void clientThatNeverReadsDoesNotStallOthers() throws Exception {
        try (ZdbServer server = ZdbServer.start(ZdbServerOptions.builder().dataDir(dir).build());
             RawZdbClient setup = new RawZdbClient(server.address())) {
            byte[] big = new byte[1 << 20];
            assertThat(RawZdbClient.s(setup.call(b("SET"), b("big"), big))).isEqualTo("$3\r\nbig\r\n");
            try (Socket greedy = new Socket(server.address().getAddress(), server.port())) {
                greedy.setReceiveBufferSize(4096);
                OutputStream out = greedy.getOutputStream();
                byte[] get = RawZdbClient.frame(b("GET"), b("big"));
                Thread writer = new Thread(() -> {
                    try {
                        for (int i = 0; i < 200; i++) {
                            out.write(get);
                        }
                    } catch (Exception ignored) {
                        // blocked or reset: fine, the point is that it never reads
                    }
                }, "greedy-writer");
                writer.setDaemon(true);
                writer.start();
                Thread.sleep(500);
                try (RawZdbClient other = new RawZdbClient(server.address())) {
                    long start = System.nanoTime();
                    assertThat(other.cmd("SET", "x", "y")).isEqualTo("$1\r\nx\r\n");
                    assertThat(other.cmd("GET", "x")).isEqualTo("$1\r\ny\r\n");
                    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
                }
            }
        }
    }
}
