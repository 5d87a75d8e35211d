package io.zstor.it.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on loopback between zstor and one zdb, with runtime fault controls: per-chunk
 * {@linkplain #latency latency}, a {@linkplain #bandwidth bandwidth cap}, {@linkplain #resetAll resets} (RST
 * via {@code SO_LINGER 0}) now or {@linkplain #resetAfterUpstreamBytes after n more request bytes} (mid-command),
 * {@linkplain #blackhole blackhole} (connections are accepted, nothing is forwarded), {@linkplain #refuse
 * refusal} (accepted then reset at once), a movable {@linkplain #upstream upstream} (a restarted zdb), and
 * {@linkplain #heal heal}.
 *
 * <p>Test code on plain blocking sockets: two daemon pump threads per connection, never a reactor thread.
 */
final class FaultProxy implements AutoCloseable {

    private static final int CHUNK = 16 << 10;

    private final ServerSocket listener;
    private final ExecutorService threads;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile InetSocketAddress upstream;
    private volatile long latencyNanos;
    private volatile long bytesPerSecond;
    private volatile boolean blackhole;
    private volatile boolean refuse;
    private volatile long resetBudget = -1;
    private volatile long resetDownBudget = -1;
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy-" + listener.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    /** Starts a proxy on a free loopback port forwarding to {@code upstream}. */
    static FaultProxy start(InetSocketAddress upstream) {
        try {
            return new FaultProxy(upstream);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start fault proxy: " + e, e);
        }
    }

    /** {@code 127.0.0.1:port} for the zstor config. */
    String address() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** Points new connections at another upstream (e.g. a zdb restarted on another port). */
    FaultProxy upstream(InetSocketAddress address) {
        this.upstream = address;
        return this;
    }

    /** Delays every forwarded chunk, both directions. */
    FaultProxy latency(long millis) {
        this.latencyNanos = millis * 1_000_000L;
        return this;
    }

    /** Caps each direction of each connection to about this many bytes per second (0 = no cap). */
    FaultProxy bandwidth(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        return this;
    }

    /** Stops forwarding in both directions; new connections are accepted and then left silent. */
    FaultProxy blackhole(boolean on) {
        this.blackhole = on;
        return this;
    }

    /** Accepts new connections and resets them at once (a dead backend whose port still answers). */
    FaultProxy refuse(boolean on) {
        this.refuse = on;
        return this;
    }

    /** Resets every connection after {@code bytes} more bytes flowed towards the zdb (0 = next byte). */
    FaultProxy resetAfterUpstreamBytes(long bytes) {
        this.resetBudget = bytes;
        return this;
    }

    /** Resets every connection after {@code bytes} more bytes flowed back from the zdb (mid-reply). */
    FaultProxy resetAfterDownstreamBytes(long bytes) {
        this.resetDownBudget = bytes;
        return this;
    }

    /** Resets (RST) every open connection now. */
    FaultProxy resetAll() {
        for (Link l : links) {
            l.reset();
        }
        return this;
    }

    /** Removes every fault: no latency, no cap, forwarding, no pending reset; open connections stay. */
    FaultProxy heal() {
        latencyNanos = 0;
        bytesPerSecond = 0;
        blackhole = false;
        refuse = false;
        resetBudget = -1;
        resetDownBudget = -1;
        return this;
    }

    /** Bytes forwarded so far, both directions. */
    long forwardedBytes() {
        return forwarded.get();
    }

    /** Connections accepted so far. */
    int acceptedConnections() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            if (refuse) {
                rst(client);
                continue;
            }
            threads.execute(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        try {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            server.connect(upstream, 2000);
        } catch (IOException e) {
            rst(client);
            closeQuietly(server);
            return;
        }
        Link link = new Link(client, server);
        links.add(link);
        if (closed) {
            link.reset();
            return;
        }
        threads.execute(() -> link.pump(client, server, true));
        threads.execute(() -> link.pump(server, client, false));
    }

    /** One proxied connection. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private volatile boolean done;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void pump(Socket from, Socket to, boolean towardsZdb) {
            byte[] buffer = new byte[CHUNK];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (!done) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    while (blackhole && !done && !closed) {
                        LockSupport.parkNanos(5_000_000L);
                    }
                    if (done) {
                        break;
                    }
                    long delay = latencyNanos;
                    if (delay > 0) {
                        LockSupport.parkNanos(delay);
                    }
                    long budget = towardsZdb ? resetBudget : resetDownBudget;
                    if (budget >= 0) {
                        if (n > budget) {
                            out.write(buffer, 0, (int) budget);
                            out.flush();
                            if (towardsZdb) {
                                resetBudget = -1;
                            } else {
                                resetDownBudget = -1;
                            }
                            resetAll();
                            return;
                        }
                        if (towardsZdb) {
                            resetBudget = budget - n;
                        } else {
                            resetDownBudget = budget - n;
                        }
                    }
                    writePaced(out, buffer, n);
                    forwarded.addAndGet(n);
                }
            } catch (IOException e) {
                // the other side went away: reset below
            }
            finish();
        }

        private void writePaced(OutputStream out, byte[] buffer, int n) throws IOException {
            long cap = bytesPerSecond;
            if (cap <= 0) {
                out.write(buffer, 0, n);
                return;
            }
            int slice = (int) Math.max(1, Math.min(n, cap / 50));
            for (int off = 0; off < n; off += slice) {
                int len = Math.min(slice, n - off);
                out.write(buffer, off, len);
                LockSupport.parkNanos(len * 1_000_000_000L / cap);
            }
        }

        private void finish() {
            if (!done) {
                done = true;
                closeQuietly(client);
                closeQuietly(server);
                links.remove(this);
            }
        }

        void reset() {
            done = true;
            rst(client);
            rst(server);
            links.remove(this);
        }
    }

    private static void rst(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        resetAll();
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "FaultProxy[" + address() + " -> " + upstream + "]";
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
