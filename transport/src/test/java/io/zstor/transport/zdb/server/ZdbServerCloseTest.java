package io.zstor.transport.zdb.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.zstor.transport.zdb.server.RawZdbClient.b;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping a persistent server while clients hold connections with commands in flight: {@link ZdbServer#close()}
 * returns promptly, ends every connection, keeps every acknowledged write, and leaves the data directory and
 * port free for the next server at once.
 */
class ZdbServerCloseTest {

    private static final int VALUE = 64 * 1024;

    @TempDir
    Path dir;

    private ZdbServerOptions options(int port) {
        return ZdbServerOptions.builder().host("127.0.0.1").port(port).dataDir(dir.resolve("data"))
                .indexDir(dir.resolve("index")).mode(ZdbMode.USER).build();
    }

    @Test
    void closeWithPipelinedWritersAStalledReaderAndAnIdleClientIsPromptAndKeepsAcknowledgedWrites()
            throws Exception {
        ZdbServer server = ZdbServer.start(options(0));
        int port = server.port();
        List<PipelinedWriter> writers = new ArrayList<>();
        for (int id = 0; id < 6; id++) {
            writers.add(new PipelinedWriter(server.address(), id));
        }
        try (RawZdbClient setup = new RawZdbClient(server.address());
             Socket stalled = new Socket("127.0.0.1", port);
             Socket idle = new Socket("127.0.0.1", port)) {
            assertThat(RawZdbClient.s(setup.call(b("SET"), b("big"), new byte[1 << 20]))).isEqualTo("$3\r\nbig\r\n");
            // a client that sends GETs of 1 MiB and never reads: the server's outbound buffer fills and stays full
            stalled.setReceiveBufferSize(4096);
            OutputStream out = stalled.getOutputStream();
            for (int i = 0; i < 40; i++) {
                out.write(RawZdbClient.frame(b("GET"), b("big")));
            }
            out.flush();
            writers.forEach(PipelinedWriter::start);
            for (PipelinedWriter w : writers) {
                assertThat(w.acknowledged(10)).as("writer %d got replies", w.id).isTrue();
            }

            long start = System.nanoTime();
            server.close();
            long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(closeMillis).as("close() with %d writers in flight took %d ms", writers.size(), closeMillis)
                    .isLessThan(5000);

            idle.setSoTimeout(5000);
            assertThat(idle.getInputStream().read()).as("idle connection ended by the server").isEqualTo(-1);
            for (PipelinedWriter w : writers) {
                assertThat(w.awaitEnd(5)).as("writer %d saw its connection end", w.id).isTrue();
                assertThat(w.wrongReply.get()).as("writer %d replies", w.id).isNull();
            }
        }

        // the same port and data directory at once: lock released, and every acknowledged SET is there intact
        try (ZdbServer again = ZdbServer.start(options(port)); RawZdbClient c = new RawZdbClient(again.address())) {
            int checked = 0;
            for (PipelinedWriter w : writers) {
                assertThat(w.acked.get()).as("writer %d acknowledged writes", w.id).isPositive();
                for (int n = 0; n < w.acked.get(); n++) {
                    byte[] reply = c.call(b("GET"), b(key(w.id, n)));
                    assertThat(reply).as("GET %s after restart", key(w.id, n)).isEqualTo(bulk(value(w.id, n)));
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(writers.size());
        }
    }

    @Test
    void closeRightAfterABurstOfCommandsNeverHangsAcrossRestarts() throws Exception {
        // each fresh server gets a burst of pipelined SETs on many connections and is closed while they run: the
        // hand-off of a command to the I/O threads races the stop. With a lock on that path, an event loop
        // rejected by BlockHound left the lock unusable and close() hung forever in the pool's awaitTermination.
        byte[] frame = RawZdbClient.frame(b("SET"), b("k"), new byte[2000]);
        for (int cycle = 0; cycle < 40; cycle++) {
            ZdbServer server = ZdbServer.start(options(0));
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 16; i++) {
                    Socket s = new Socket("127.0.0.1", server.port());
                    s.setTcpNoDelay(true);
                    sockets.add(s);
                }
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> senders = new ArrayList<>();
                for (Socket s : sockets) {
                    Thread t = new Thread(() -> {
                        try {
                            OutputStream out = s.getOutputStream();
                            go.await();
                            for (int k = 0; k < 3; k++) {
                                out.write(frame);
                            }
                        } catch (IOException | InterruptedException ignored) {
                            // the server may already be closing: that is the point
                        }
                    });
                    t.start();
                    senders.add(t);
                }
                go.countDown();
                for (Thread t : senders) {
                    t.join(5000);
                }
                Thread closer = new Thread(server::close, "closer-" + cycle);
                closer.start();
                closer.join(15_000);
                assertThat(closer.isAlive()).as("close() still running after 15 s in cycle %d, at %s", cycle,
                        Arrays.toString(closer.getStackTrace())).isFalse();
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    private static String key(int id, int n) {
        return "w" + id + "-" + n;
    }

    private static byte[] value(int id, int n) {
        byte[] v = new byte[VALUE];
        Arrays.fill(v, (byte) (id * 31 + n));
        ByteBuffer.wrap(v).putInt(id).putInt(n);
        return v;
    }

    private static byte[] bulk(byte[] v) {
        byte[] head = b("$" + v.length + "\r\n");
        byte[] out = new byte[head.length + v.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(v, 0, out, head.length, v.length);
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        return out;
    }

    /** One connection with up to 8 SETs in flight; counts the SETs whose reply arrived, in order. */
    private static final class PipelinedWriter {

        final int id;
        final AtomicInteger acked = new AtomicInteger();
        final AtomicReference<String> wrongReply = new AtomicReference<>();
        private final RawZdbClient client;
        private final Semaphore inFlight = new Semaphore(8);
        private final CountDownLatch firstReply = new CountDownLatch(1);
        private final CountDownLatch ended = new CountDownLatch(1);

        PipelinedWriter(InetSocketAddress address, int id) throws IOException {
            this.id = id;
            this.client = new RawZdbClient(address);
        }

        void start() {
            Thread writer = new Thread(() -> {
                try {
                    for (int n = 0; ; n++) {
                        inFlight.acquire();
                        client.sendRaw(RawZdbClient.frame(b("SET"), b(key(id, n)), value(id, n)));
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed the connection
                }
            }, "writer-" + id);
            Thread reader = new Thread(() -> {
                try {
                    for (int n = 0; ; n++) {
                        String reply = RawZdbClient.s(client.readReply());
                        String expected = "$" + key(id, n).length() + "\r\n" + key(id, n) + "\r\n";
                        if (!reply.equals(expected)) {
                            wrongReply.set("reply " + n + " was " + reply + ", expected " + expected);
                            return;
                        }
                        acked.incrementAndGet();
                        firstReply.countDown();
                        inFlight.release();
                    }
                } catch (IOException e) {
                    // the end of the stream: the server closed the connection
                } finally {
                    inFlight.release(100);
                    ended.countDown();
                    try {
                        client.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }, "reader-" + id);
            writer.setDaemon(true);
            reader.setDaemon(true);
            writer.start();
            reader.start();
        }

        boolean acknowledged(int seconds) throws InterruptedException {
            return firstReply.await(seconds, TimeUnit.SECONDS);
        }

        boolean awaitEnd(int seconds) throws InterruptedException {
            return ended.await(seconds, TimeUnit.SECONDS);
        }
    }
}
