package io.zstor.it.fault;

import static io.zstor.it.fault.Objects.random;
import static io.zstor.it.fault.Objects.retrieve;
import static io.zstor.it.fault.Objects.store;
import static org.assertj.core.api.Assertions.assertThat;

import io.zstor.engine.StoreFailedException;
import io.zstor.engine.Zstor;
import io.zstor.engine.ZstorException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine and zdb client in-process against embedded zdb servers behind {@link FaultProxy}s: each scenario
 * checks that every acknowledged object is still retrieved byte-identical, that every failure is a typed
 * {@link ZstorException} with a clear message, and that a failed store leaves no metadata behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FaultScenariosIT {

    static final int BLOCK = 64 << 10;

    @TempDir
    Path dir;

    FaultCluster cluster;
    Zstor zstor;
    final Map<String, byte[]> acknowledged = new LinkedHashMap<>();

    @AfterEach
    void tearDown() {
        if (zstor != null) {
            zstor.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    void start(int backends, int k, int n) {
        cluster = FaultCluster.start(dir, backends, k, n, BLOCK);
        zstor = cluster.engine();
    }

    void storeAcknowledged(String key, byte[] data) {
        store(zstor, key, data);
        acknowledged.put(key, data);
    }

    /** Nothing acknowledged is lost: every object comes back byte-identical. */
    void assertNothingLost() {
        acknowledged.forEach((key, data) -> assertThat(retrieve(zstor, key)).as(key).isEqualTo(data));
    }

    /** A store that may fail; a failure must be clear and leave no metadata (or a complete, readable object). */
    Optional<Throwable> attemptStore(String key, byte[] data) {
        try {
            storeAcknowledged(key, data);
            return Optional.empty();
        } catch (RuntimeException e) {
            if (!(e instanceof ZstorException)) {
                dumpThreads(e);
            }
            assertThat(e).isInstanceOf(ZstorException.class);
            assertThat(e.getMessage()).contains(key).doesNotContain("null");
            Optional<String> meta = zstor.check(key).block(Objects.LIMIT);
            if (meta.isPresent()) {
                // metadata was committed despite the error: it must then describe a complete object
                assertThat(retrieve(zstor, key)).isEqualTo(data);
            }
            return Optional.of(e);
        }
    }

    static void dumpThreads(Throwable why) {
        StringBuilder b = new StringBuilder("thread dump after ").append(why).append('\n');
        Thread.getAllStackTraces().forEach((t, stack) -> {
            b.append(t.getName()).append(' ').append(t.getState()).append('\n');
            for (StackTraceElement e : stack) {
                b.append("    at ").append(e).append('\n');
            }
        });
        System.err.println(b);
    }

    @Test
    void oneBackendTenTimesSlowerStillCompletesAndDoesNotStallOthers() throws Exception {
        start(6, 4, 6);
        byte[] first = random(1 << 20, 1);
        long before = cluster.data(3).forwardedBytes();
        long t0 = System.nanoTime();
        storeAcknowledged("baseline", first);
        long baseline = Math.max(1, System.nanoTime() - t0);
        long perBackend = cluster.data(3).forwardedBytes() - before;
        // a tenth of the rate this backend just delivered, floored so the test stays short on a fast machine
        long cap = Math.max(256 << 10, perBackend * 1_000_000_000L / baseline / 10);
        cluster.data(3).bandwidth(cap);
        long s0 = System.nanoTime();
        long mark = cluster.data(3).forwardedBytes();
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> storeAcknowledged("slow", random(1 << 20, 2)));
        // once the store is writing pieces, metadata reads are not held up by the slow data backend
        // (issued while the store's own metadata PINGs are in flight, a PING twice went unanswered: see report)
        while (cluster.data(3).forwardedBytes() - mark < 32_768 && !slow.isDone()) {
            Thread.sleep(5);
        }
        long r0 = System.nanoTime();
        assertThat(zstor.check("baseline").block(Objects.LIMIT)).isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - r0)).isLessThan(FaultCluster.COMMAND_TIMEOUT);
        slow.join();
        Duration slowTook = Duration.ofNanos(System.nanoTime() - s0);
        assertThat(slowTook).as("the backend really was slow (cap %d B/s)", cap)
                .isGreaterThan(Duration.ofMillis(perBackend * 1000 / cap / 2));
        cluster.healAll();
        assertNothingLost();
    }

    @Test
    void blackholedBackendDuringStoreFailsClearlyOrMovesOn() {
        start(6, 4, 6);
        storeAcknowledged("before", random(300_000, 3));
        cluster.data(2).blackhole(true);
        long t0 = System.nanoTime();
        Optional<Throwable> failure = attemptStore("during", random(600_000, 4));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).as("bounded by timeouts").isLessThan(Duration.ofSeconds(30));
        failure.ifPresent(e -> assertThat(e).isInstanceOf(StoreFailedException.class));
        cluster.data(2).heal().resetAll();
        storeAcknowledged("after", random(400_000, 5));
        assertNothingLost();
    }

    @Test
    void blackholedBackendDuringRetrieveTimesOutAndFinishesFromParity() {
        start(6, 4, 6);
        byte[] data = random(600_000, 17);
        storeAcknowledged("obj", data);
        cluster.data(1).blackhole(true);
        long t0 = System.nanoTime();
        assertThat(retrieve(zstor, "obj")).isEqualTo(data);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("bounded by the command timeout")
                .isLessThan(Duration.ofSeconds(30));
        cluster.data(1).heal().resetAll();
        assertNothingLost();
    }

    @Test
    void connectionResetMidWriteFailsClearlyOrSucceeds() {
        start(6, 4, 6);
        storeAcknowledged("before", random(200_000, 6));
        cluster.data(1).resetAfterUpstreamBytes(150_000);
        attemptStore("during", random(1 << 20, 7));
        cluster.healAll();
        storeAcknowledged("again", random(500_000, 8));
        assertNothingLost();
    }

    @Test
    void connectionResetMidReadIsRepairedFromParity() {
        start(6, 4, 6);
        byte[] data = random(2 << 20, 9);
        storeAcknowledged("obj", data);
        cluster.data(0).resetAfterDownstreamBytes(100_000);
        cluster.data(4).resetAfterDownstreamBytes(300_000);
        assertThat(retrieve(zstor, "obj")).isEqualTo(data);
        cluster.healAll();
        assertNothingLost();
    }

    @Test
    void mBackendsKilledDuringLargeRetrieveFinishFromParity() throws Exception {
        start(6, 4, 6);
        byte[] data = random(6 << 20, 10);
        storeAcknowledged("large", data);
        // slow enough (about 6 s per backend) that the kill lands mid-read even on an idle machine
        for (int i = 0; i < 6; i++) {
            cluster.data(i).bandwidth(256 << 10);
        }
        // data pieces are read first, from whichever backends placement gave them: wait until the read is
        // flowing, then kill two backends that are serving it (m = 2), so the rest must come from parity
        long[] before = new long[6];
        for (int i = 0; i < 6; i++) {
            before[i] = cluster.data(i).forwardedBytes();
        }
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> retrieve(zstor, "large"));
        List<Integer> serving = new ArrayList<>();
        while (serving.size() < 2 && !read.isDone()) {
            Thread.sleep(20);
            serving.clear();
            for (int i = 0; i < 6; i++) {
                if (cluster.data(i).forwardedBytes() - before[i] > 100_000) {
                    serving.add(i);
                }
            }
        }
        assertThat(read).as("retrieve still running when the backends die").isNotDone();
        cluster.stopData(serving.get(0));
        cluster.stopData(serving.get(1));
        assertThat(read.get(60, TimeUnit.SECONDS)).isEqualTo(data);
    }

    @Test
    void zdbRestartedDuringStoreKeepsAcknowledgedData() throws Exception {
        start(6, 4, 6);
        storeAcknowledged("before", random(700_000, 11));
        cluster.data(2).bandwidth(1 << 20);
        byte[] during = random(2 << 20, 12);
        CompletableFuture<Optional<Throwable>> store = CompletableFuture.supplyAsync(() -> {
            try {
                storeAcknowledged("during", during);
                return Optional.empty();
            } catch (RuntimeException e) {
                return Optional.of(e);
            }
        });
        long before = cluster.data(2).forwardedBytes();
        while (cluster.data(2).forwardedBytes() - before < 200_000 && !store.isDone()) {
            Thread.sleep(20);
        }
        cluster.stopData(2);
        cluster.restartData(2);
        Optional<Throwable> failure = store.get(60, TimeUnit.SECONDS);
        failure.ifPresent(e -> {
            assertThat(e).isInstanceOf(ZstorException.class);
            assertThat(zstor.check("during").block(Objects.LIMIT)).isEmpty();
        });
        // the restarted server kept its pieces: with two other backends down, everything still reads
        storeAcknowledged("after", random(300_000, 13));
        cluster.stopData(0);
        cluster.stopData(5);
        assertNothingLost();
    }

    @Test
    void namespaceReachingMaxsizeFailsClearlyAndKeepsEarlierObjects() {
        cluster = FaultCluster.startLimited(dir, 6, 4, 6, BLOCK, 600_000);
        zstor = cluster.engine();
        Throwable failure = null;
        for (int i = 0; i < 12 && failure == null; i++) {
            failure = attemptStore("obj-" + i, random(300_000, 100 + i)).orElse(null);
        }
        assertThat(failure).as("a 600 KB namespace fills up").isNotNull();
        assertThat(failure.getMessage().toLowerCase()).containsAnyOf("full", "space", "maxsize", "size");
        assertThat(acknowledged).isNotEmpty();
        assertNothingLost();
    }

    @Test
    void metadataBackendLostMidStoreFailsWithoutDanglingMetadata() throws Exception {
        start(6, 4, 6);
        storeAcknowledged("before", random(300_000, 14));
        for (int i = 0; i < 6; i++) {
            cluster.data(i).bandwidth(1 << 20);
        }
        byte[] data = random(2 << 20, 15);
        CompletableFuture<Optional<Throwable>> store = CompletableFuture.supplyAsync(() -> {
            try {
                storeAcknowledged("during", data);
                return Optional.empty();
            } catch (RuntimeException e) {
                return Optional.of(e);
            }
        });
        long before = cluster.data(0).forwardedBytes();
        while (cluster.data(0).forwardedBytes() - before < 100_000 && !store.isDone()) {
            Thread.sleep(20);
        }
        cluster.stopMeta(1);
        Optional<Throwable> failure = store.get(60, TimeUnit.SECONDS);
        assertThat(failure).as("a metadata write needs all four backends").isPresent();
        assertThat(failure.get()).isInstanceOf(StoreFailedException.class).hasMessageContaining("metadata");
        Optional<String> meta = zstor.check("during").block(Objects.LIMIT);
        if (meta.isPresent()) {
            assertThat(retrieve(zstor, "during")).as("committed metadata must not dangle").isEqualTo(data);
        }
        // reads still work on three metadata backends; after the restart stores work again
        assertNothingLost();
        cluster.healAll();
        cluster.restartMeta(1);
        storeAcknowledged("after", random(300_000, 16));
        assertNothingLost();
    }
}
