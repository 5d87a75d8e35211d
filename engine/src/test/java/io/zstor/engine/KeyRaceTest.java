package io.zstor.engine;

import static io.zstor.engine.ZstorRoundTripTest.T;
import static io.zstor.engine.ZstorRoundTripTest.collect;
import static io.zstor.engine.ZstorRoundTripTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.codec.Blake2b128;
import io.zstor.engine.meta.ObjectMeta;
import io.zstor.engine.testing.FirstFitPlacement;
import io.zstor.engine.testing.HookedConnector;
import io.zstor.engine.testing.InMemoryZdb;
import io.zstor.engine.testing.TestCluster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Two operations on one key at once (stores, deletes, rebuilds, repairs), each interleaving forced by holding
 * one command of the first until the second has run or is seen waiting: an acknowledged store is never undone,
 * a deleted object never comes back, and no metadata points at deleted pieces, whichever metadata backends
 * answer afterwards. Also the failed metadata writes whose outcome is uncertain, and a repair meeting a key a
 * re-created 0-db namespace handed to another object.
 */
class KeyRaceTest {

    static final int BLOCK = 16 << 10;

    final TestCluster cluster = TestCluster.builder().groups(1, 4).shards(2, 4).blockSize(BLOCK).build();
    final HookedConnector hooked = new HookedConnector(cluster.connector());
    final Zstor zstor = Zstor.builder(cluster.config(), hooked).codecs(StandardCodecs.codecs())
            .placement(new FirstFitPlacement()).build();
    final byte[] metaKey = zstor.metadata().keys().objectKey("obj").getBytes(StandardCharsets.UTF_8);

    @AfterEach
    void close() {
        zstor.close();
    }

    /** One command held back until {@link #release()}. */
    static final class Held {
        final CountDownLatch reached = new CountDownLatch(1);
        final CompletableFuture<Void> gate = new CompletableFuture<>();

        void awaitReached() throws InterruptedException {
            assertThat(reached.await(10, TimeUnit.SECONDS)).as("the held command was sent").isTrue();
        }

        void release() {
            gate.complete(null);
        }
    }

    /** Holds the {@code nth} command matching {@code which} (1-based); every other command passes. */
    Held hold(String op, Predicate<BackendSpec> backend, Predicate<byte[]> key, int nth) {
        Held held = new Held();
        AtomicInteger seen = new AtomicInteger();
        hooked.hook((spec, o, k) -> {
            if (o.equals(op) && backend.test(spec) && key.test(k) && seen.incrementAndGet() == nth) {
                held.reached.countDown();
                return Mono.fromFuture(held.gate);
            }
            return Mono.empty();
        });
        return held;
    }

    BackendSpec data(int i) {
        return cluster.dataBackends().get(i);
    }

    BackendSpec meta(int i) {
        return cluster.config().meta().backends().get(i);
    }

    boolean isMetaKey(byte[] key) {
        return Arrays.equals(key, metaKey);
    }

    byte[] store(long seed) {
        byte[] v = random(BLOCK / 2, seed);
        zstor.store("obj", Flux.just(ByteBuffer.wrap(v)), ProgressListener.NONE).block(T);
        return v;
    }

    CompletableFuture<StoreResult> storeLater(byte[] v) {
        return zstor.store("obj", Flux.just(ByteBuffer.wrap(v)), ProgressListener.NONE).toFuture();
    }

    /** Stores v1 and corrupts its piece on data backend 0, so a rebuild or repair rewrites that piece. */
    byte[] storeDamaged() {
        byte[] v1 = store(1);
        InMemoryZdb d0 = cluster.zdb(data(0));
        assertThat(d0.corrupt(d0.keys().get(0))).isTrue();
        return v1;
    }

    String sum(byte[] v) {
        return Blake2b128.toHex(Blake2b128.hash(v));
    }

    void assertHolds(byte[] v) {
        assertThat(zstor.check("obj").block(T)).contains(sum(v));
        assertThat(collect(zstor.retrieve("obj", ProgressListener.NONE))).isEqualTo(v);
    }

    /** Each data backend holds exactly the one piece of the one-block object stored last. */
    void assertOnlyThePiecesOfTheStoredVersion() {
        for (int i = 0; i < 4; i++) {
            assertThat(cluster.zdb(data(i)).entryCount()).as("pieces on data backend %d", i).isEqualTo(1);
        }
    }

    static void assertWaiting(CompletableFuture<?> f) throws InterruptedException {
        Thread.sleep(300);
        assertThat(f).as("waits for the key's turn").isNotDone();
    }

    @Test
    void anOverwriteDuringARebuildWinsAndTheRebuildStepsAside() throws Exception {
        storeDamaged();
        Held rewrite = hold("SET", b -> b.equals(data(0)), k -> true, 1);
        CompletableFuture<RebuildResult> rebuild = zstor.rebuild("obj").toFuture();
        rewrite.awaitReached();
        hooked.clear();
        byte[] v2 = store(2);
        rewrite.release();
        assertThatThrownBy(() -> rebuild.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RebuildFailedException.class).hasMessage(
                        "rebuilding obj skipped: the object changed meanwhile");
        assertHolds(v2);
        assertOnlyThePiecesOfTheStoredVersion(); // the rebuild's own piece was deleted again
    }

    @Test
    void aDeleteDuringARebuildStaysDeleted() throws Exception {
        storeDamaged();
        Held rewrite = hold("SET", b -> b.equals(data(0)), k -> true, 1);
        CompletableFuture<RebuildResult> rebuild = zstor.rebuild("obj").toFuture();
        rewrite.awaitReached();
        hooked.clear();
        assertThat(zstor.delete("obj").block(T)).isTrue();
        rewrite.release();
        assertThatThrownBy(() -> rebuild.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(RebuildFailedException.class);
        assertThat(zstor.check("obj").block(T)).isEmpty();
        assertThat(zstor.list().collectList().block(T)).isEmpty();
    }

    @Test
    void anOverwriteArrivingWhileARepairCommitsWaitsForItAndThenReplacesIt() throws Exception {
        storeDamaged();
        ObjectMeta before = zstor.metadata().load("obj").block(T).orElseThrow();
        // the repair's commit reads the key twice on meta 0 (its check, then the head its save replaces)
        Held save = hold("GET", b -> b.equals(meta(0)), this::isMetaKey, 2);
        CompletableFuture<RebuildResult> repair = zstor.repair(before).toFuture();
        save.awaitReached();
        byte[] v2 = random(BLOCK / 2, 2);
        CompletableFuture<StoreResult> store = storeLater(v2);
        assertWaiting(store);
        save.release();
        assertThat(repair.get(30, TimeUnit.SECONDS).piecesRewritten()).isEqualTo(1);
        store.get(30, TimeUnit.SECONDS);
        assertHolds(v2);
    }

    @Test
    void aDeleteArrivingWhileARepairCommitsWaitsForItAndThenDeletes() throws Exception {
        storeDamaged();
        ObjectMeta before = zstor.metadata().load("obj").block(T).orElseThrow();
        Held save = hold("GET", b -> b.equals(meta(0)), this::isMetaKey, 2);
        CompletableFuture<RebuildResult> repair = zstor.repair(before).toFuture();
        save.awaitReached();
        CompletableFuture<Boolean> delete = zstor.delete("obj").toFuture();
        assertWaiting(delete);
        save.release();
        repair.get(30, TimeUnit.SECONDS);
        assertThat(delete.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(zstor.check("obj").block(T)).isEmpty();
    }

    @Test
    void twoStoresOfOneKeyCommitOneAfterTheOther() throws Exception {
        store(1);
        // store A's metadata write is held on meta 2 while store B comes
        Held slow = hold("SET", b -> b.equals(meta(2)), this::isMetaKey, 1);
        CompletableFuture<StoreResult> a = storeLater(random(BLOCK / 2, 2));
        slow.awaitReached();
        byte[] v3 = random(BLOCK / 2, 3);
        CompletableFuture<StoreResult> b = storeLater(v3);
        assertWaiting(b);
        slow.release();
        a.get(30, TimeUnit.SECONDS);
        b.get(30, TimeUnit.SECONDS);
        assertHolds(v3);
        assertOnlyThePiecesOfTheStoredVersion(); // v1's and A's pieces deleted, each by the store that replaced it
        cluster.metaZdbs().get(0).offline(true); // any one metadata backend may go: the record is v3 everywhere
        assertHolds(v3);
    }

    @Test
    void aFailedOverwriteWhoseMetadataMayHaveLandedKeepsThePiecesOfBothVersions() {
        byte[] v1 = store(1);
        // meta 2 and 3 time out on the new head (it may still land there); meta 0 then fails one read, so a
        // store that re-read the key to learn what landed would decode v1 and delete v2's pieces
        java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean failedRead = new java.util.concurrent.atomic.AtomicBoolean();
        hooked.hook((spec, op, key) -> {
            if (isMetaKey(key) && op.equals("SET") && (spec.equals(meta(2)) || spec.equals(meta(3)))) {
                timedOut.set(true);
                return Mono.error(new ZdbException(ZdbErrorKind.TIMEOUT, spec.displayName(), "no reply in time"));
            }
            if (isMetaKey(key) && op.equals("GET") && spec.equals(meta(0)) && timedOut.get()
                    && failedRead.compareAndSet(false, true)) {
                return Mono.error(new ZdbException(ZdbErrorKind.TIMEOUT, spec.displayName(), "no reply in time"));
            }
            return Mono.empty();
        });
        byte[] v2 = random(BLOCK / 2, 2);
        assertThatThrownBy(() -> storeLater(v2).join()).cause().isInstanceOf(StoreFailedException.class)
                .hasMessageContaining("the new version may be readable");
        hooked.clear();
        assertHolds(v2); // two pieces of each version: the newer is read
        List<InMemoryZdb> meta = cluster.metaZdbs();
        meta.get(0).offline(true); // now v1's two pieces are what decodes: its data must still be there
        assertHolds(v1);
        meta.get(0).offline(false);
        meta.get(2).offline(true);
        assertHolds(v2);
    }

    @Test
    void aRefusedOverwriteDiscardsItsPiecesAndLeavesTheOldVersion() {
        byte[] v1 = store(1);
        hooked.hook((spec, op, key) -> isMetaKey(key) && op.equals("SET") && !spec.equals(meta(0))
                ? Mono.error(new ZdbException(ZdbErrorKind.NAMESPACE_FULL, spec.displayName(), "No space left"))
                : Mono.empty());
        assertThatThrownBy(() -> storeLater(random(BLOCK / 2, 2)).join()).cause()
                .isInstanceOf(StoreFailedException.class).hasMessageContaining("metadata not saved");
        hooked.clear();
        assertHolds(v1);
        assertOnlyThePiecesOfTheStoredVersion();
    }

    @Test
    void aRebuildCancelledWhileAPieceIsOnItsWayLeavesNoPieceBehind() throws Exception {
        byte[] v1 = storeDamaged();
        InMemoryZdb d0 = cluster.zdb(data(0));
        // the rewritten piece lands on data backend 0, its answer is held, and the rebuild is cancelled then
        Held answer = hold("SET-REPLY", b -> b.equals(data(0)), k -> true, 1);
        reactor.core.Disposable rebuild = zstor.rebuild("obj").subscribe(r -> { }, e -> { });
        answer.awaitReached();
        assertThat(d0.entryCount()).isEqualTo(2); // the corrupt piece and the new one
        rebuild.dispose();
        answer.release();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (d0.entryCount() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(d0.entryCount()).as("the cancelled rebuild's piece is deleted again").isEqualTo(1);
        assertHolds(v1); // unchanged: read around its corrupt piece
    }

    @Test
    void aRebuildWhoseMetadataWasRefusedDeletesThePiecesItWrote() {
        byte[] v1 = storeDamaged();
        hooked.hook((spec, op, key) -> isMetaKey(key) && op.equals("SET") && !spec.equals(meta(0))
                ? Mono.error(new ZdbException(ZdbErrorKind.NAMESPACE_FULL, spec.displayName(), "No space left"))
                : Mono.empty());
        assertThatThrownBy(() -> zstor.rebuild("obj").block(T)).isInstanceOf(MetadataUnavailableException.class)
                .hasMessageContaining("No space left");
        hooked.clear();
        assertHolds(v1);
        // data backend 0 holds the corrupt piece only: the rewritten one went with the refused record
        assertOnlyThePiecesOfTheStoredVersion();
    }

    @Test
    void aRepairLeavesAloneAPieceKeyThatARecreatedNamespaceGaveToAnotherObject() {
        byte[] a = random(BLOCK / 2, 11);
        byte[] b = random(BLOCK / 2, 12);
        zstor.store("a", Flux.just(ByteBuffer.wrap(a)), ProgressListener.NONE).block(T);
        cluster.zdb(data(0)).wipeAndRestartKeys(); // re-created empty: its sequential keys start again
        zstor.store("b", Flux.just(ByteBuffer.wrap(b)), ProgressListener.NONE).block(T);
        // b's piece 0 sits under the key a's piece 0 had: to a's repair it is a corrupt piece of a
        ObjectMeta metaA = zstor.metadata().load("a").block(T).orElseThrow();
        assertThat(zstor.repair(metaA).block(T).piecesRewritten()).isEqualTo(1);
        assertThat(collect(zstor.retrieve("a", ProgressListener.NONE))).isEqualTo(a);
        // b lost nothing: any two of its four backends may fail
        cluster.zdb(data(1)).offline(true);
        cluster.zdb(data(2)).offline(true);
        assertThat(collect(zstor.retrieve("b", ProgressListener.NONE))).isEqualTo(b);
    }
}
