package io.zstor.it.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zstor.cli.cluster.ClusterLayout;
import io.zstor.engine.Zstor;
import io.zstor.engine.background.BackgroundServices;
import io.zstor.engine.config.ConfigLoader;
import io.zstor.transport.daemon.DaemonClient;
import io.zstor.transport.daemon.DaemonCommandException;
import io.zstor.transport.daemon.DaemonRequest;
import io.zstor.transport.daemon.DaemonServer;
import io.zstor.transport.daemon.DaemonServerOptions;
import io.zstor.transport.daemon.ErrorKind;
import io.zstor.transport.daemon.ObjectRef;
import io.zstor.transport.daemon.EngineDaemonHandler;
import io.zstor.transport.zdb.client.LettuceZdbConnector;
import io.zstor.transport.zdb.client.LettuceZdbOptions;
import io.zstor.transport.zdb.server.ZdbMode;
import io.zstor.transport.zdb.server.ZdbServer;
import io.zstor.transport.zdb.server.ZdbServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * Mixed store / retrieve / delete / rebuild from several concurrent clients through the daemon socket, while
 * data backends are killed and restarted at random and the repair loop runs. Besides its own files each
 * client overwrites and rebuilds a few keys that all clients share, so operations on one key race each other
 * and the repair loop. Proves that under that churn every acknowledged object reads back byte-identical,
 * nothing deleted comes back, every shared key reads back as one of the versions sent to it (never
 * unreadable, never anything else), no daemon command stalls
 * (one silent for the daemon's idle timeout, here 30 s, is aborted with {@code TIMEOUT} and fails the test),
 * and stopping and restarting a backend is always bounded.
 *
 * <p>Runs 60 s in every build; {@code -Dsoak.seconds=600} makes a long run. A client or the chaos thread that
 * fails, or does not finish within 90 s of the end, fails the test with its name (and a thread dump when it hung).
 */
class SoakIT {

    private static final int CLIENTS = 4;
    /** Keys every client overwrites and rebuilds. */
    private static final int SHARED_KEYS = 3;
    /** How long after the end a client or the chaos thread may take to finish its last step. */
    private static final Duration GRACE = Duration.ofSeconds(90);
    /** Bound on stopping one backend (each step of ZdbServer.close() is bounded by 5 s). */
    private static final Duration STOP_BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void acknowledgedObjectsSurviveChurnAndDeletedOnesStayDeleted() throws Exception {
        long seconds = Long.getLong("soak.seconds", 60);
        assertThat(seconds).isPositive();
        List<ZdbServer> meta = new ArrayList<>();
        List<ZdbServer> data = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        List<String> metaAddresses = new ArrayList<>();
        List<String> dataAddresses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            meta.add(server("meta-" + i, 0, ZdbMode.USER));
            metaAddresses.add("127.0.0.1:" + meta.get(i).port());
        }
        for (int i = 0; i < 6; i++) {
            data.add(server("data-" + i, 0, ZdbMode.SEQ));
            ports.add(data.get(i).port());
            dataAddresses.add("127.0.0.1:" + ports.get(i));
        }
        String toml = "block_size = 65536\nzdb_timeout_secs = 3\nzdb_connect_timeout_secs = 1\n"
                + "health_check_interval_secs = 1\nunreachable_grace_secs = 2\nrepair_interval_secs = 5\n"
                + ClusterLayout.of(6, 2, 4).toml(metaAddresses, dataAddresses, "SoakIT");
        Zstor engine = Zstor.create(ConfigLoader.parse(toml, "soak.toml"), LettuceZdbConnector.create(
                LettuceZdbOptions.builder().connectTimeout(Duration.ofSeconds(1)).commandTimeout(Duration.ofSeconds(3))
                        .reconnectAttempts(1).build()));
        BackgroundServices background = BackgroundServices.start(engine, new SimpleMeterRegistry());
        Path socket = dir.resolve("zstor.sock");
        DaemonServer daemon = DaemonServer.start(DaemonServerOptions.defaults(socket)
                .withPidFile(Optional.of(dir.resolve("zstor.pid"))).withMaxConcurrentCommands(4)
                .withCommandIdleTimeout(Duration.ofSeconds(30)),
                new EngineDaemonHandler(engine));
        DaemonClient client = DaemonClient.create(socket);

        Map<Path, byte[]> acknowledged = new ConcurrentHashMap<>();
        Map<Path, Boolean> deleted = new ConcurrentHashMap<>();
        Shared shared = new Shared();
        AtomicLong ops = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong stalls = new AtomicLong();
        AtomicLong restarts = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
        try {
            Map<String, Future<?>> running = new LinkedHashMap<>();
            for (int c = 0; c < CLIENTS; c++) {
                int id = c;
                running.put("client " + id, pool.submit(() -> {
                    client(id, client, end, acknowledged, deleted, shared, ops, failures, stalls);
                    return null;
                }));
            }
            running.put("chaos thread", pool.submit(() -> {
                chaos(data, ports, end, restarts);
                return null;
            }));
            awaitAll(running, end + GRACE.toNanos());
            // every backend back, then a repair sweep restores whatever the churn left missing
            for (int i = 0; i < data.size(); i++) {
                if (data.get(i) == null) {
                    data.set(i, server("data-" + i, ports.get(i), ZdbMode.SEQ));
                }
            }
            Thread.sleep(3000);
            background.repair().repairNow().block(Duration.ofMinutes(3));

            assertThat(ops.get()).as("operations done").isGreaterThan(CLIENTS);
            assertThat(stalls.get()).as("commands aborted for making no progress").isZero();
            for (Map.Entry<Path, byte[]> e : acknowledged.entrySet()) {
                assertThat(read(client, e.getKey())).as("acknowledged %s", e.getKey()).isEqualTo(e.getValue());
            }
            for (Path gone : deleted.keySet()) {
                assertThat(client.call(new DaemonRequest.Check(DaemonClient.file(gone))).result().block().get("checksum"))
                        .as("deleted %s", gone).isEmpty();
            }
            for (int n = 0; n < SHARED_KEYS; n++) {
                if (shared.stored(n) > 0) {
                    assertThat(shared.sent(n)).as("shared/%d reads back as a version sent to it", n)
                            .contains(Shared.digest(readKey(client, Shared.key(n))));
                }
            }
            System.out.printf("soak: %d s, %d operations, %d failed under churn, %d backend restarts, %d objects "
                    + "verified, %d deletions, %d stores of %d shared keys%n", seconds, ops.get(), failures.get(),
                    restarts.get(), acknowledged.size(), deleted.size(), shared.storedTotal(), SHARED_KEYS);
        } finally {
            pool.shutdownNow();
            daemon.close();
            background.close();
            engine.close();
            data.stream().filter(s -> s != null).forEach(ZdbServer::close);
            meta.forEach(ZdbServer::close);
        }
    }

    private void client(int id, DaemonClient client, long end, Map<Path, byte[]> acknowledged, Map<Path, Boolean> deleted,
            Shared shared, AtomicLong ops, AtomicLong failures, AtomicLong stalls) throws IOException {
        SplittableRandom random = new SplittableRandom(id * 7919L);
        List<Path> mine = new ArrayList<>();
        int next = 0;
        while (System.nanoTime() < end) {
            int op = random.nextInt(10);
            try {
                if (op < 4 || mine.isEmpty()) {
                    Path f = dir.resolve("c" + id + "-" + next++);
                    byte[] bytes = new byte[1 + random.nextInt(300_000)];
                    random.nextBytes(bytes);
                    Files.write(f, bytes);
                    client.call(DaemonClient.store(f, Optional.empty(), false, false, true)).result().block();
                    acknowledged.put(f, bytes);
                    mine.add(f);
                    deleted.remove(f);
                } else if (op < 7) {
                    Path f = mine.get(random.nextInt(mine.size()));
                    assertThat(read(client, f)).as("read of %s", f).isEqualTo(acknowledged.get(f));
                } else if (op < 8) {
                    int n = random.nextInt(SHARED_KEYS);
                    if (random.nextBoolean()) {
                        byte[] bytes = new byte[1 + random.nextInt(100_000)];
                        random.nextBytes(bytes);
                        shared.sending(n, bytes); // before: a store that fails may still have committed
                        client.call(new DaemonRequest.StoreStream(ObjectRef.key(Shared.key(n))),
                                Flux.just(ByteBuffer.wrap(bytes))).result().block();
                        shared.acknowledged(n);
                    } else {
                        client.call(new DaemonRequest.Rebuild(ObjectRef.key(Shared.key(n)))).result().block();
                    }
                } else if (op < 9) {
                    // a failed delete leaves the object in an unknown state: it is checked neither way
                    Path f = mine.remove(random.nextInt(mine.size()));
                    acknowledged.remove(f);
                    client.call(new DaemonRequest.Delete(DaemonClient.file(f))).result().block();
                    deleted.put(f, true);
                } else {
                    Path f = mine.get(random.nextInt(mine.size()));
                    client.call(new DaemonRequest.Rebuild(DaemonClient.file(f))).result().block();
                }
                ops.incrementAndGet();
            } catch (AssertionError wrongBytes) {
                throw wrongBytes;
            } catch (RuntimeException expectedUnderChurn) {
                // a store or delete that failed was not acknowledged: the object keeps its previous state
                failures.incrementAndGet();
                if (expectedUnderChurn instanceof DaemonCommandException d && d.kind() == ErrorKind.TIMEOUT) {
                    System.out.println("soak: stalled command: " + d.getMessage());
                    stalls.incrementAndGet();
                }
            }
        }
    }

    /**
     * Until {@code end}: every 2-5 s stops a random data backend, and brings it back on the same port and
     * directory 1-4 s later. Never starts a kill it could not undo before {@code end}, so it has stopped and
     * every backend is up when it returns (the test's final verification runs after it).
     */
    private void chaos(List<ZdbServer> data, List<Integer> ports, long end, AtomicLong restarts) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        while (true) {
            long pause = 2000 + random.nextInt(3000);
            long down = 1000 + random.nextInt(3000);
            if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause + down) > end) {
                return;
            }
            Thread.sleep(pause);
            int victim = random.nextInt(data.size());
            stop(data.get(victim), "data-" + victim);
            data.set(victim, null);
            Thread.sleep(down);
            data.set(victim, server("data-" + victim, ports.get(victim), ZdbMode.SEQ));
            restarts.incrementAndGet();
        }
    }

    private static void stop(ZdbServer server, String name) {
        long start = System.nanoTime();
        try {
            server.stop().block(STOP_BOUND);
        } catch (IllegalStateException timedOut) {
            dumpThreads();
            throw new AssertionError("chaos: stopping backend " + name + " (" + server + ") took more than "
                    + STOP_BOUND.toSeconds() + " s", timedOut);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (millis > 5000) {
            System.out.println("soak: stopping backend " + name + " took " + millis + " ms");
        }
    }

    /** Waits for every task until {@code deadline} (nanoTime); fails naming the first that failed or hung. */
    private static void awaitAll(Map<String, Future<?>> running, long deadline) throws InterruptedException {
        for (Map.Entry<String, Future<?>> task : running.entrySet()) {
            try {
                task.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException failed) {
                throw new AssertionError(task.getKey() + " failed: " + failed.getCause(), failed.getCause());
            } catch (TimeoutException hung) {
                dumpThreads();
                throw new AssertionError(task.getKey() + " still running " + GRACE.toSeconds()
                        + " s after the end of the soak (thread dump in the test output)");
            }
        }
    }

    private static void dumpThreads() {
        Thread.getAllStackTraces().forEach((t, stack) -> {
            System.out.println("THREAD " + t.getName() + " " + t.getState());
            for (StackTraceElement e : stack) {
                System.out.println("    at " + e);
            }
        });
    }

    private static byte[] read(DaemonClient client, Path f) {
        return read(client, DaemonClient.file(f));
    }

    private static byte[] readKey(DaemonClient client, String key) {
        return read(client, ObjectRef.key(key));
    }

    private static byte[] read(DaemonClient client, ObjectRef target) {
        // collected on the event loop and handed over once: toIterable() would take a lock on the netty
        // thread for every chunk, which BlockHound rejects under contention (that lost a signal and hung
        // this test before, looking like a stalled retrieve)
        return client.call(new DaemonRequest.RetrieveStream(target)).data()
                .collect(ByteArrayOutputStream::new, (out, b) -> {
                    byte[] chunk = new byte[b.remaining()];
                    b.get(chunk);
                    out.write(chunk, 0, chunk.length);
                })
                .map(ByteArrayOutputStream::toByteArray)
                .block();
    }

    /** The keys all clients write: a digest of every version sent to each, and how many stores were acknowledged. */
    private static final class Shared {
        private final Map<Integer, Set<String>> sent = new ConcurrentHashMap<>();
        private final Map<Integer, AtomicLong> stored = new ConcurrentHashMap<>();

        static String key(int n) {
            return "soak/shared-" + n;
        }

        static String digest(byte[] content) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void sending(int n, byte[] content) {
            sent.computeIfAbsent(n, k -> ConcurrentHashMap.newKeySet()).add(digest(content));
        }

        void acknowledged(int n) {
            stored.computeIfAbsent(n, k -> new AtomicLong()).incrementAndGet();
        }

        Set<String> sent(int n) {
            return sent.getOrDefault(n, Set.of());
        }

        long stored(int n) {
            AtomicLong count = stored.get(n);
            return count == null ? 0 : count.get();
        }

        long storedTotal() {
            return stored.values().stream().mapToLong(AtomicLong::get).sum();
        }
    }

    private ZdbServer server(String name, int port, ZdbMode mode) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        return ZdbServer.start(ZdbServerOptions.builder().host("127.0.0.1").port(port)
                .dataDir(home.resolve("data")).indexDir(home.resolve("index")).mode(mode).build());
    }
}
