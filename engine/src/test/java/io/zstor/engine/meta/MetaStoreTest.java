package io.zstor.engine.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.engine.MetadataUnavailableException;
import io.zstor.engine.NamespacePool;
import io.zstor.engine.StandardCodecs;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.Secret;
import io.zstor.engine.codec.CorruptDataException;
import io.zstor.engine.testing.InMemoryZdb;
import io.zstor.engine.testing.TestCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MetaStoreTest {

    static final Duration T = Duration.ofSeconds(30);

    final TestCluster cluster = TestCluster.builder().prefix("pfx").build();
    final MetaStore store = create(cluster);

    static MetaStore create(TestCluster c) {
        return create(c, System::currentTimeMillis);
    }

    /** A store of {@code c} whose writer reads the wall clock from {@code clock}. */
    static MetaStore create(TestCluster c, java.util.function.LongSupplier clock) {
        var codecs = StandardCodecs.codecs();
        return new MetaStore(c.config().meta().backends(), new MetaKeys(c.config().meta().prefix()),
                codecs.cipher().forKey(c.config().meta().encryption().key()), codecs.erasure().create(2, 2),
                new NamespacePool(c.connector()), io.zstor.engine.latency.StageListener.NONE, clock);
    }

    static ObjectMeta sample(String key, int blocks) {
        List<BackendSpec> backends = List.of(BackendSpec.of("1.2.3.4:9900", "a"),
                new BackendSpec("[2a02::1]:9900", Optional.empty(), Optional.of(Secret.of("secret-pw"))),
                BackendSpec.of("1.2.3.5:9900", "c"));
        Random r = new Random(blocks);
        List<BlockMeta> list = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            List<PieceRef> pieces = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] k = new byte[i == 2 ? 8 : 4];
                r.nextBytes(k);
                pieces.add(new PieceRef(k, r.nextLong()));
            }
            list.add(new BlockMeta(1000 + b, b == 3 ? BlockMeta.NO_PLAIN_CHECKSUM : r.nextLong(), b % 2 == 0, 1028 + b, pieces));
        }
        byte[] id = new byte[16];
        r.nextBytes(id);
        byte[] sum = new byte[16];
        r.nextBytes(sum);
        return new ObjectMeta(key, id, 12345L * blocks, sum, Instant.ofEpochMilli(1_700_000_000_123L), 2, 1, 4 << 20,
                backends, list);
    }

    @Test
    void codecRoundTripsAndRejectsGarbage() {
        ObjectMeta meta = sample("/some/päth", 5);
        byte[] encoded = MetaCodec.encode(meta);
        assertThat(MetaCodec.decodeObject(encoded)).isEqualTo(meta);
        assertThat(MetaCodec.decodeObject(encoded).backends().get(1).password()).contains(Secret.of("secret-pw"));
        assertThat(meta.toString()).doesNotContain("secret-pw");
        assertThatThrownBy(() -> MetaCodec.decodeObject(java.util.Arrays.copyOf(encoded, encoded.length - 3)))
                .isInstanceOf(CorruptDataException.class).hasMessageContaining("truncated");
        encoded[4] = 9;
        assertThatThrownBy(() -> MetaCodec.decodeObject(encoded)).hasMessageContaining("unsupported format version 9");
        FailureRecord f = new FailureRecord("/x", "boom", Instant.ofEpochMilli(5));
        assertThat(MetaCodec.decodeFailure(MetaCodec.encode(f))).isEqualTo(f);
    }

    /** A record as format version 1 wrote it (the code of commit 7b023bc), before blocks had plaintext checksums. */
    static final String VERSION_1_RECORD = "5a53544d010000000c6469722f66696c652e62696ea0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
            + "0000000000000640101112131415161718191a1b1c1d1e1f0000019adc5be00000020001000003e80100030000000e3132372e302e30"
            + "2e313a3939303001000000036e7330000000000a5b3a3a315d3a393930310001000000037077310000000d31302e302e302e333a3939"
            + "303201000000036e73320000000002000003e801000002d80400000000112233445566770004000000011122334455667701040000"
            + "00021122334455667702000002580000000274040100000011223344556677100401000001112233445566771104010000021122"
            + "334455667712";

    @Test
    void version1RecordsAreStillReadAndHaveNoBlockChecksums() {
        ObjectMeta meta = MetaCodec.decodeObject(HexFormat.of().parseHex(VERSION_1_RECORD));
        assertThat(meta.key()).isEqualTo("dir/file.bin");
        assertThat(meta.size()).isEqualTo(1600);
        assertThat(meta.storedAt()).isEqualTo(Instant.ofEpochMilli(1764633600000L));
        assertThat(meta.dataShards()).isEqualTo(2);
        assertThat(meta.parityShards()).isEqualTo(1);
        assertThat(meta.backends()).extracting(BackendSpec::address)
                .containsExactly("127.0.0.1:9900", "[::1]:9901", "10.0.0.3:9902");
        assertThat(meta.backends().get(1).password()).contains(Secret.of("pw1"));
        assertThat(meta.blocks()).extracting(BlockMeta::plainLength).containsExactly(1000, 600);
        assertThat(meta.blocks()).extracting(BlockMeta::compressed).containsExactly(true, false);
        assertThat(meta.blocks()).extracting(BlockMeta::sealedLength).containsExactly(728, 628);
        assertThat(meta.blocks()).allSatisfy(b -> assertThat(b.hasPlainChecksum()).isFalse());
        assertThat(meta.blocks().get(1).pieces().get(2).key()).containsExactly(1, 0, 0, 2);
        assertThat(meta.blocks().get(1).pieces().get(2).checksum()).isEqualTo(0x1122334455667712L);

        // written again (e.g. after a rebuild) it becomes a version 2 record that still says "no block checksum"
        byte[] again = MetaCodec.encode(meta);
        assertThat(again[4]).isEqualTo((byte) MetaCodec.VERSION);
        assertThat(MetaCodec.decodeObject(again)).isEqualTo(meta);
    }

    @Test
    void keysFollowTheOriginalLayout() {
        MetaKeys keys = new MetaKeys("pfx");
        // BLAKE2b-128("a/b")
        String hex = io.zstor.engine.codec.Blake2b128.toHex(
                io.zstor.engine.codec.Blake2b128.hash("a/b".getBytes(StandardCharsets.UTF_8)));
        assertThat(keys.objectKey("a/b")).isEqualTo("/pfx/meta/" + hex);
        assertThat(keys.isObjectKey(keys.objectKey("a/b"))).isTrue();
        assertThat(keys.isObjectKey(keys.objectKey("a/b") + ".part1")).isFalse();
        assertThat(keys.failureKey("a/b")).isEqualTo("/pfx/failures/" + hex);
    }

    @Test
    void savesLoadsListsAndDeletes() {
        ObjectMeta a = sample("a", 3);
        ObjectMeta b = sample("b", 1);
        store.save(a).block(T);
        store.save(b).block(T);
        assertThat(store.load("a").block(T)).contains(a);
        assertThat(store.load("zzz").block(T)).isEmpty();
        assertThat(store.list().map(ObjectMeta::key).collectList().block(T)).containsExactlyInAnyOrder("a", "b");
        assertThat(store.delete("a").block(T)).isTrue();
        assertThat(store.delete("a").block(T)).isFalse();
        assertThat(store.load("a").block(T)).isEmpty();
        // each metadata value is a self-checking piece, none holds the plaintext key name
        for (InMemoryZdb z : cluster.metaZdbs()) {
            assertThat(z.entryCount()).isEqualTo(1);
        }
    }

    @Test
    void largeRecordsAreSplitUnderTheValueLimitAndReadBackWhole() {
        ObjectMeta huge = sample("huge", 100_000); // ~ 5.4 MB encoded: three parts of at most 2 MiB
        store.save(huge).block(Duration.ofSeconds(60));
        for (InMemoryZdb z : cluster.metaZdbs()) {
            assertThat(z.entryCount()).isGreaterThan(2);
            for (byte[] k : z.keys()) {
                assertThat(z.dataBytes()).isPositive();
            }
        }
        assertThat(store.load("huge").block(Duration.ofSeconds(60))).contains(huge);
        assertThat(store.list().map(ObjectMeta::key).collectList().block(T)).containsExactly("huge");
        assertThat(store.delete("huge").block(T)).isTrue();
        cluster.metaZdbs().forEach(z -> assertThat(z.entryCount()).isZero());
    }

    @Test
    void readsToleratesTwoBadBackendsAndRejectsOneValidPiece() {
        ObjectMeta a = sample("a", 2);
        store.save(a).block(T);
        List<InMemoryZdb> meta = cluster.metaZdbs();
        meta.get(0).offline(true);
        meta.get(3).corruptAll();
        assertThat(store.load("a").block(T)).contains(a);
        meta.get(1).dropAll();
        assertThatThrownBy(() -> store.load("a").block(T)).isInstanceOf(MetadataUnavailableException.class)
                .hasMessageContaining("1 valid of 4 pieces");
    }

    @Test
    void aPartialRewriteNeverMixesGenerations() {
        ObjectMeta v1 = sample("k", 2);
        ObjectMeta v2 = sample("k", 3);
        store.save(v1).block(T);
        List<InMemoryZdb> meta = cluster.metaZdbs();
        meta.get(3).offline(true);
        assertThatThrownBy(() -> store.save(v2).block(T)).isInstanceOf(MetadataUnavailableException.class);
        meta.get(3).offline(false);
        // whatever happened, the record decodes to exactly one of the versions
        assertThat(store.load("k").block(T)).isPresent().get().isIn(v1, v2);
    }

    @Test
    void aWriteThatReachedOneBackendLeavesANewKeyAbsent() {
        List<InMemoryZdb> meta = cluster.metaZdbs();
        for (int i = 1; i < 4; i++) {
            meta.get(i).full(true);
        }
        assertThatThrownBy(() -> store.save(sample("new", 2)).block(T)).isInstanceOf(MetadataUnavailableException.class)
                .hasMessageContaining("writing metadata to")
                .satisfies(e -> assertThat(((MetadataUnavailableException) e).partlyWritten()).isFalse());
        meta.forEach(z -> z.full(false));
        // the one piece that landed is gone again: "not stored", not "unreadable: 1 valid of 4 pieces"
        assertThat(meta.get(0).entryCount()).isZero();
        assertThat(store.load("new").block(T)).isEmpty();
    }

    @Test
    void aWriteWhoseSetsMayStillLandIsNotRolledBack() {
        store.save(sample("other", 1)).block(T); // the four namespaces are open
        List<InMemoryZdb> meta = cluster.metaZdbs();
        meta.get(1).offline(true); // connection lost: the SET may or may not have been applied
        meta.get(2).offline(true);
        meta.get(3).full(true); // an error reply: certainly not applied
        assertThatThrownBy(() -> store.save(sample("new", 2)).block(T)).isInstanceOf(MetadataUnavailableException.class)
                .satisfies(e -> assertThat(((MetadataUnavailableException) e).partlyWritten()).isTrue());
        meta.forEach(z -> {
            z.offline(false);
            z.full(false);
        });
        // one piece landed and two may have: deleting the one would not stop the others from making a record
        assertThat(meta.get(0).entryCount()).isEqualTo(2);
    }

    @Test
    void aRewriteThatReachedOneBackendLeavesTheOldVersionWithItsOtherPieces() {
        ObjectMeta v1 = sample("k", 2);
        store.save(v1).block(T);
        List<InMemoryZdb> meta = cluster.metaZdbs();
        for (int i = 1; i < 4; i++) {
            meta.get(i).full(true);
        }
        assertThatThrownBy(() -> store.save(sample("k", 3)).block(T)).isInstanceOf(MetadataUnavailableException.class);
        meta.forEach(z -> z.full(false));
        assertThat(meta.get(0).entryCount()).isZero();
        assertThat(store.load("k").block(T)).contains(v1);
    }

    @Test
    void aRewriteThatReachedTwoBackendsIsReadableAsTheNewVersion() {
        MetaStore frozen = create(cluster, () -> 1_800_000_000_000L); // both writes in the same millisecond
        frozen.save(sample("k", 2)).block(T);
        ObjectMeta v2 = sample("k", 3);
        List<InMemoryZdb> meta = cluster.metaZdbs();
        meta.get(1).full(true);
        meta.get(2).full(true);
        assertThatThrownBy(() -> frozen.save(v2).block(T)).isInstanceOf(MetadataUnavailableException.class);
        meta.forEach(z -> z.full(false));
        assertThat(frozen.load("k").block(T)).contains(v2);
    }

    @Test
    void aHalfWrittenRewriteIsNewerThanItsOldVersionEvenWhenTheOldWritersClockWasAhead() {
        MetaStore ahead = create(cluster, () -> System.currentTimeMillis() + 3_600_000);
        ahead.save(sample("k", 2)).block(T);
        ObjectMeta v2 = sample("k", 3);
        List<InMemoryZdb> meta = cluster.metaZdbs();
        meta.get(1).full(true);
        meta.get(2).full(true);
        assertThatThrownBy(() -> store.save(v2).block(T)).isInstanceOf(MetadataUnavailableException.class);
        meta.forEach(z -> z.full(false));
        // two pieces of each version: the reader takes the newer, which is the one written last
        assertThat(store.load("k").block(T)).contains(v2);
        assertThat(ahead.load("k").block(T)).contains(v2);
    }

    @Test
    void aFailedRewriteOfASplitRecordKeepsTheOldVersionWhole() {
        Duration slow = Duration.ofSeconds(60);
        ObjectMeta v1 = sample("huge", 100_000);
        store.save(v1).block(slow);
        Set<String> before = keysOf(cluster.metaZdbs().get(0));
        List<InMemoryZdb> meta = cluster.metaZdbs();
        meta.get(3).full(true); // the new parts reach three backends, then the write stops
        assertThatThrownBy(() -> store.save(sample("huge", 100_001)).block(slow))
                .isInstanceOf(MetadataUnavailableException.class);
        meta.get(3).full(false);
        assertThat(store.load("huge").block(slow)).contains(v1);
        assertThat(keysOf(meta.get(0))).isEqualTo(before); // and the failed write's parts are gone
    }

    @Test
    void aCompleteRewriteOfASplitRecordDeletesTheOldParts() {
        Duration slow = Duration.ofSeconds(60);
        store.save(sample("huge", 100_000)).block(slow);
        ObjectMeta small = sample("huge", 2);
        store.save(small).block(slow);
        assertThat(store.load("huge").block(slow)).contains(small);
        cluster.metaZdbs().forEach(z -> assertThat(z.entryCount()).isOne());
    }

    @Test
    void partsUnderKeysWithoutTheirGenerationAreStillReadAndDeleted() {
        Duration slow = Duration.ofSeconds(60);
        ObjectMeta huge = sample("huge", 100_000);
        store.save(huge).block(slow);
        String head = store.keys().objectKey("huge");
        for (InMemoryZdb z : cluster.metaZdbs()) { // rename the parts as earlier versions named them
            for (String k : keysOf(z)) {
                if (k.startsWith(head + ".part")) {
                    z.rename(k.getBytes(StandardCharsets.UTF_8),
                            k.substring(0, k.lastIndexOf('.')).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(keysOf(cluster.metaZdbs().get(0))).contains(head + ".part1", head + ".part2");
        assertThat(store.load("huge").block(slow)).contains(huge);
        assertThat(store.delete("huge").block(T)).isTrue();
        cluster.metaZdbs().forEach(z -> assertThat(z.entryCount()).isZero());
    }

    static Set<String> keysOf(InMemoryZdb zdb) {
        return zdb.keys().stream().map(k -> new String(k, StandardCharsets.UTF_8)).collect(Collectors.toSet());
    }

    @Test
    void failuresAreRecordedAndListed() {
        store.saveFailure(new FailureRecord("/a", "backend down", Instant.ofEpochMilli(1))).block(T);
        store.saveFailure(new FailureRecord("/b", "no space", Instant.ofEpochMilli(2))).block(T);
        store.save(sample("obj", 1)).block(T);
        assertThat(store.failures().map(FailureRecord::key).collectList().block(T)).containsExactlyInAnyOrder("/a", "/b");
        assertThat(store.deleteFailure("/a").block(T)).isTrue();
        assertThat(store.failures().map(FailureRecord::reason).collectList().block(T)).containsExactly("no space");
        assertThat(store.list().map(ObjectMeta::key).collectList().block(T)).containsExactly("obj");
    }
}
