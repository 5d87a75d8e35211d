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
            List<Integer> ok = eachClient(server, 8, (id, c) -> {
                int matched = 0;
                for (int i = 0; i < 200; i++) {
                    String key = "t" + id + "-" + i;
                    if (c.cmd("SET", key, "v" + i).equals("$" + key.length() + "\r\n" + key + "\r\n")
                            && c.cmd("GET", key).equals("$" + ("v" + i).length() + "\r\nv" + i + "\r\n")) {
                        matched++;
                    }
                }
                return matched;
            });
            assertThat(ok).containsOnly(200);
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
            List<Integer> answered = eachClient(server, 4, (id, c) -> {
                SplittableRandom random = new SplittableRandom(id);
                int replies = 0;
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
                    c.sendRaw(burst.toByteArray()); // then only reads: a reply must not wait for more input
                    for (int i = 0; i < n; i++) {
                        assertThat(RawZdbClient.s(c.readReply()))
                                .as("client %d round %d reply %d of %d", id, round, i, n).isEqualTo(expected.get(i));
                        replies++;
                    }
                }
                return replies;
            });
            assertThat(answered).hasSize(4).allMatch(n -> n >= 400);
        }
    }

    /** What one client does on its own connection; returns a count the test checks. */
    @FunctionalInterface
    private interface ClientWork {
        int run(int id, RawZdbClient client) throws Exception;
    }

    /** Runs {@code work} on {@code clients} connections at once; each client's count, in client order. */
    private static List<Integer> eachClient(ZdbServer server, int clients, ClientWork work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    try (RawZdbClient c = new RawZdbClient(server.address())) {
                        return work.run(id, c);
                    }
                }));
            }
            List<Integer> counts = new ArrayList<>();
            for (Future<Integer> f : results) {
                counts.add(f.get(120, TimeUnit.SECONDS));
            }
            return counts;
        } finally {
            pool.shutdownNow();
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
