package io.zstor.engine;

import static io.zstor.engine.ZstorRoundTripTest.T;
import static io.zstor.engine.ZstorRoundTripTest.chunked;
import static io.zstor.engine.ZstorRoundTripTest.collect;
import static io.zstor.engine.ZstorRoundTripTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.meta.BlockMeta;
import io.zstor.engine.meta.ObjectMeta;
import io.zstor.engine.testing.InMemoryZdb;
import io.zstor.engine.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZstorFaultTest {

    static final int BLOCK = 32 << 10;

    @TempDir
    Path dir;

    Zstor zstor;

    @AfterEach
    void close() {
        if (zstor != null) {
            zstor.close();
        }
    }

    TestCluster cluster(int k, int n) {
        TestCluster c = TestCluster.builder().groups(1, n).shards(k, n).blockSize(BLOCK).build();
        zstor = c.engine();
        return c;
    }

    @Test
    void retrievesWithUpToMBackendsOffline() throws Exception {
        TestCluster c = cluster(4, 7);
        byte[] data = random(5 * BLOCK + 9, 1);
        zstor.store("obj", chunked(data, 8192), ProgressListener.NONE).block(T);
        List<BackendSpec> backends = c.dataBackends();
        // take 3 = m backends offline, two of them holding data pieces
        c.zdb(backends.get(0)).offline(true);
        c.zdb(backends.get(2)).offline(true);
        c.zdb(backends.get(6)).offline(true);
        Path out = dir.resolve("out");
        RetrieveResult r = zstor.retrieve("obj", out, ProgressListener.NONE).block(T);
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
        assertThat(r.piecesFromParity()).isGreaterThanOrEqualTo(2 * 6);
    }

    @Test
    void aBackendThatNeverAnswersCannotStallARead() throws Exception {
        TestCluster c = TestCluster.builder().groups(1, 6).shards(4, 6).blockSize(BLOCK)
                .timeouts(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1)).build();
        zstor = c.engine();
        byte[] data = random(3 * BLOCK + 5, 7);
        zstor.store("obj", chunked(data, 8192), ProgressListener.NONE).block(T);
        // a data backend accepts GETs and never answers: after the piece deadline its pieces count as missing
        c.zdb(c.dataBackends().get(1)).hanging(true);
        long start = System.nanoTime();
        Path out = dir.resolve("out");
        RetrieveResult r = zstor.retrieve("obj", out, ProgressListener.NONE).block(T);
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
        assertThat(r.piecesFromParity()).isGreaterThanOrEqualTo(4);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(30));
    }

    @Test
    void corruptPiecesAreDetectedAndRepairedFromParity() throws Exception {
        TestCluster c = cluster(4, 6);
        byte[] data = random(4 * BLOCK, 2);
        zstor.store("obj", chunked(data, 8192), ProgressListener.NONE).block(T);
        c.zdb(c.dataBackends().get(1)).corruptAll();
        InMemoryZdb third = c.zdb(c.dataBackends().get(3));
        third.drop(third.keys().get(0));
        assertThat(collect(zstor.retrieve("obj", ProgressListener.NONE))).isEqualTo(data);
    }

    @Test
    void aCorruptDataPieceIsReplacedByExactlyOneParityPiecePerBlock() throws Exception {
        TestCluster c = cluster(4, 6);
        byte[] data = random(3 * BLOCK + 11, 9);
        zstor.store("obj", chunked(data, 8192), ProgressListener.NONE).block(T);
        BackendSpec piece1 = metaStore(c).load("obj").block(T).orElseThrow().backends().get(1);
        c.zdb(piece1).corruptAll();

        Path out = dir.resolve("out");
        RetrieveResult r = zstor.retrieve("obj", out, ProgressListener.NONE).block(T);

        assertThat(Files.readAllBytes(out)).isEqualTo(data);
        assertThat(r.piecesFromParity()).isEqualTo(4); // one per block
    }

    @Test
    void tooManyMissingPiecesFailClearlyAndLeaveNoFile() throws Exception {
        TestCluster c = cluster(4, 6);
        byte[] data = random(3 * BLOCK, 3);
        zstor.store("obj", chunked(data, 8192), ProgressListener.NONE).block(T);
        c.zdb(c.dataBackends().get(0)).offline(true);
        c.zdb(c.dataBackends().get(4)).corruptAll();
        c.zdb(c.dataBackends().get(5)).dropAll();
        Path out = dir.resolve("target.bin");
        assertThatThrownBy(() -> zstor.retrieve("obj", out, ProgressListener.NONE).block(T))
                .isInstanceOf(ObjectUnreadableException.class)
                .hasMessageContaining("only 3 of 4 required pieces");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void existingTargetIsKeptWhenRetrieveFails() throws Exception {
        TestCluster c = cluster(2, 3);
        zstor.store("obj", chunked(random(BLOCK, 4), 1000), ProgressListener.NONE).block(T);
        c.dataBackends().forEach(s -> c.zdb(s).dropAll());
        Path out = dir.resolve("keep");
        Files.writeString(out, "old");
        assertThatThrownBy(() -> zstor.retrieve("obj", out, ProgressListener.NONE).block(T))
                .isInstanceOf(ObjectUnreadableException.class);
        assertThat(Files.readString(out)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void wrongDataKeyGivesAuthenticationFailed() throws Exception {
        TestCluster c = cluster(2, 4);
        zstor.store("obj", chunked(random(BLOCK, 5), 1000), ProgressListener.NONE).block(T);
        try (Zstor other = c.engine(c.withDataKey(new byte[32]))) {
            Path out = dir.resolve("x");
            assertThatThrownBy(() -> other.retrieve("obj", out, ProgressListener.NONE).block(T))
                    .hasMessageContaining("authentication failed");
            assertThat(Files.exists(out)).isFalse();
        }
    }

    @Test
    void wrongMetadataKeyGivesAuthenticationFailed() {
        TestCluster c = cluster(2, 4);
        zstor.store("obj", chunked(random(100, 6), 1000), ProgressListener.NONE).block(T);
        try (Zstor other = c.engine(c.withMetaKey(new byte[32]))) {
            assertThatThrownBy(() -> other.check("obj").block(T)).hasMessageContaining("authentication failed");
        }
    }

    @Test
    void aBlockChecksumMismatchIsReportedBeforeTheBlockIsHandedOn() {
        TestCluster c = cluster(2, 4);
        byte[] data = random(3 * BLOCK, 7);
        zstor.store("a", chunked(data, 1000), ProgressListener.NONE).block(T);
        // give a's second block another plaintext checksum: every block decrypts, block 1 does not match
        var store = metaStore(c);
        var a = store.load("a").block(T).orElseThrow();
        List<BlockMeta> blocks = new ArrayList<>(a.blocks());
        BlockMeta b1 = blocks.get(1);
        blocks.set(1, new BlockMeta(b1.plainLength(), b1.plainChecksum() ^ (1L << 40), b1.compressed(), b1.sealedLength(),
                b1.pieces()));
        store.save(new ObjectMeta(a.key(), a.objectId(), a.size(), a.checksum(), a.storedAt(), a.dataShards(),
                a.parityShards(), a.blockSize(), a.backends(), blocks)).block(T);
        List<byte[]> handedOn = new ArrayList<>();
        assertThatThrownBy(() -> zstor.retrieve("a", ProgressListener.NONE).doOnNext(buf -> {
            byte[] copy = new byte[buf.remaining()];
            buf.duplicate().get(copy);
            handedOn.add(copy);
        }).blockLast(T))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessage("checksum mismatch for a: block 1 of object a does not match the checksum taken when it was stored");
        // block 0 may or may not be out before block 1's error (they decode concurrently); block 1 never is
        assertThat(handedOn).hasSizeLessThanOrEqualTo(1);
        handedOn.forEach(block -> assertThat(block).isEqualTo(Arrays.copyOf(data, BLOCK)));
    }

    @Test
    void objectsWithoutBlockChecksumsAreCheckedAgainstTheirBlake2b() {
        TestCluster c = cluster(2, 4);
        zstor.store("a", chunked(random(2 * BLOCK, 7), 1000), ProgressListener.NONE).block(T);
        zstor.store("b", chunked(random(2 * BLOCK, 8), 1000), ProgressListener.NONE).block(T);
        // a as metadata format 1 recorded it (no block checksums), with b's file checksum grafted on: every block
        // decrypts, the file checksum does not match
        var store = metaStore(c);
        var a = store.load("a").block(T).orElseThrow();
        var b = store.load("b").block(T).orElseThrow();
        List<BlockMeta> v1Blocks = a.blocks().stream()
                .map(x -> new BlockMeta(x.plainLength(), BlockMeta.NO_PLAIN_CHECKSUM, x.compressed(), x.sealedLength(),
                        x.pieces()))
                .toList();
        store.save(new ObjectMeta(a.key(), a.objectId(), a.size(), b.checksum(), a.storedAt(), a.dataShards(),
                a.parityShards(), a.blockSize(), a.backends(), v1Blocks)).block(T);
        assertThatThrownBy(() -> collect(zstor.retrieve("a", ProgressListener.NONE)))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("checksum mismatch for a: stored " + b.checksumHex());
        Path out = dir.resolve("a.out");
        assertThatThrownBy(() -> zstor.retrieve("a", out, ProgressListener.NONE).block(T))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("checksum mismatch for a: stored " + b.checksumHex());
        assertThat(out).doesNotExist();
        // with its own checksum it reads back, as a stream and into a file (whose blocks the hash reads too)
        store.save(new ObjectMeta(a.key(), a.objectId(), a.size(), a.checksum(), a.storedAt(), a.dataShards(),
                a.parityShards(), a.blockSize(), a.backends(), v1Blocks)).block(T);
        assertThat(collect(zstor.retrieve("a", ProgressListener.NONE))).isEqualTo(random(2 * BLOCK, 7));
        zstor.retrieve("a", out, ProgressListener.NONE).block(T);
        assertThat(out).hasBinaryContent(random(2 * BLOCK, 7));
    }

    @Test
    void storeIsRefusedWhenAMetadataBackendIsDownButReadsWork() {
        TestCluster c = cluster(2, 4);
        byte[] data = random(BLOCK + 1, 9);
        zstor.store("obj", chunked(data, 1000), ProgressListener.NONE).block(T);
        c.metaZdbs().get(2).offline(true);
        assertThat(collect(zstor.retrieve("obj", ProgressListener.NONE))).isEqualTo(data);
        assertThat(zstor.list().collectList().block(T)).extracting(ObjectSummary::key).containsExactly("obj");
        long sets = c.zdb(c.dataBackends().get(0)).setCount();
        assertThatThrownBy(() -> zstor.store("new", chunked(data, 1000), ProgressListener.NONE).block(T))
                .isInstanceOf(MetadataUnavailableException.class)
                .hasMessageContaining("metadata is not writable");
        assertThat(c.zdb(c.dataBackends().get(0)).setCount()).isEqualTo(sets);
        c.metaZdbs().get(0).offline(true);
        assertThat(collect(zstor.retrieve("obj", ProgressListener.NONE))).isEqualTo(data);
        c.metaZdbs().get(1).offline(true);
        assertThatThrownBy(() -> zstor.check("obj").block(T)).isInstanceOf(MetadataUnavailableException.class);
    }

    @Test
    void failedStoreLeavesNoMetadataAndNoPieces() {
        TestCluster c = cluster(2, 4);
        c.zdb(c.dataBackends().get(3)).full(true);
        assertThatThrownBy(() -> zstor.store("obj", chunked(random(4 * BLOCK, 10), 1000), ProgressListener.NONE).block(T))
                .isInstanceOf(StoreFailedException.class)
                .hasMessageContaining("No space left");
        assertThat(zstor.check("obj").block(T)).isEmpty();
        for (BackendSpec s : c.dataBackends()) {
            assertThat(c.zdb(s).entryCount()).as(s.toString()).isZero();
        }
    }

    @Test
    void aFailingSourceAbortsTheStoreAndRemovesItsPieces() {
        TestCluster c = cluster(2, 4);
        var source = chunked(random(6 * BLOCK, 12), BLOCK)
                .concatWith(reactor.core.publisher.Flux.error(new java.io.IOException("disk read error")));
        assertThatThrownBy(() -> zstor.store("obj", source, ProgressListener.NONE).block(T))
                .isInstanceOf(StoreFailedException.class)
                .hasMessage("storing obj failed: disk read error");
        assertThat(zstor.check("obj").block(T)).isEmpty();
        for (BackendSpec s : c.dataBackends()) {
            assertThat(c.zdb(s).entryCount()).as(s.toString()).isZero();
        }
    }

    @Test
    void unreachableBackendIsAvoidedAtStore() {
        TestCluster c = TestCluster.builder().groups(1, 5).shards(2, 4).blockSize(BLOCK).build();
        zstor = c.engine();
        c.zdb(c.dataBackends().get(1)).offline(true);
        byte[] data = random(BLOCK * 2, 11);
        zstor.store("obj", chunked(data, 1000), ProgressListener.NONE).block(T);
        assertThat(c.zdb(c.dataBackends().get(4)).entryCount()).isEqualTo(2);
        assertThat(collect(zstor.retrieve("obj", ProgressListener.NONE))).isEqualTo(data);
    }

    @Test
    void missingObjectIsNotFound() {
        cluster(2, 4);
        assertThat(zstor.check("nope").block(T)).isEmpty();
        assertThatThrownBy(() -> zstor.retrieve("nope", dir.resolve("n"), ProgressListener.NONE).block(T))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessage("no metadata found for nope");
    }

    static io.zstor.engine.meta.MetaStore metaStore(TestCluster c) {
        var codecs = StandardCodecs.codecs();
        return new io.zstor.engine.meta.MetaStore(c.config().meta().backends(),
                new io.zstor.engine.meta.MetaKeys(c.config().meta().prefix()),
                codecs.cipher().forKey(c.config().meta().encryption().key()), codecs.erasure().create(2, 2),
                new NamespacePool(c.connector()));
    }

    @Test
    void metadataSavedOnThreeOfFourBackendsFailsButKeepsTheReadableObjectWhole() throws Exception {
        TestCluster c = cluster(4, 6);
        byte[] data = random(3 * BLOCK + 5, 31);
        c.metaZdbs().get(2).full(true);
        assertThatThrownBy(() -> zstor.store("obj", chunked(data, 8192), ProgressListener.NONE).block(T))
                .isInstanceOf(StoreFailedException.class)
                .hasMessageContaining("only some metadata backends");
        // the record is readable from the other three: its pieces must still be there
        assertThat(zstor.check("obj").block(T)).isPresent();
        assertThat(collect(zstor.retrieve("obj", ProgressListener.NONE))).isEqualTo(data);
    }

    @Test
    void metadataSavedOnOneBackendFailsAndDiscardsThePieces() {
        TestCluster c = cluster(4, 6);
        c.metaZdbs().get(0).full(true);
        c.metaZdbs().get(1).full(true);
        c.metaZdbs().get(3).full(true);
        assertThatThrownBy(() -> zstor.store("obj", chunked(random(2 * BLOCK, 32), 8192), ProgressListener.NONE).block(T))
                .isInstanceOf(StoreFailedException.class)
                .hasMessageContaining("metadata not saved");
        assertThat(zstor.check("obj").block(T)).isEmpty();
        assertThat(c.dataBackends()).allSatisfy(b -> assertThat(c.zdb(b).entryCount()).isZero());
    }
}
