package io.zstor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.zstor.engine.codec.Blake2b128;
import io.zstor.engine.testing.TestCluster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

class ZstorRoundTripTest {

    static final int BLOCK = 64 << 10;
    static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    Zstor zstor;

    @AfterEach
    void close() {
        if (zstor != null) {
            zstor.close();
        }
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] compressible(int size) {
        byte[] line = "the quick brown fox jumps over the lazy dog 0123456789\n".getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = line[i % line.length];
        }
        return b;
    }

    static Flux<ByteBuffer> chunked(byte[] data, int chunk) {
        return Flux.range(0, (data.length + chunk - 1) / chunk)
                .map(i -> ByteBuffer.wrap(data, i * chunk, Math.min(chunk, data.length - i * chunk)).slice());
    }

    static byte[] collect(Flux<ByteBuffer> flux) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        flux.doOnNext(b -> {
            byte[] a = new byte[b.remaining()];
            b.get(a);
            out.writeBytes(a);
        }).blockLast(T);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 5 * BLOCK + 123})
    void fileRoundTripOfEdgeSizes(int size) throws Exception {
        zstor = TestCluster.builder().blockSize(BLOCK).build().engine();
        byte[] data = random(size, size);
        Path file = dir.resolve("f" + size);
        Files.write(file, data);

        StoreResult stored = zstor.store(file, StoreOptions.DEFAULTS, ProgressListener.NONE).block(T);
        assertThat(stored.size()).isEqualTo(size);
        assertThat(stored.checksumHex()).isEqualTo(Blake2b128.toHex(Blake2b128.hash(data)));
        assertThat(stored.blocks()).isEqualTo((size + BLOCK - 1) / BLOCK);
        assertThat(stored.key()).isEqualTo(file.toRealPath().toString());

        Path out = dir.resolve("out/restored");
        RetrieveResult got = zstor.retrieve(stored.key(), out, ProgressListener.NONE).block(T);
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
        assertThat(got.piecesFromParity()).isZero();
        assertThat(got.checksumHex()).isEqualTo(stored.checksumHex());
        assertThat(zstor.check(stored.key()).block(T)).contains(stored.checksumHex());
    }

    @ParameterizedTest
    @CsvSource({"1,2", "2,3", "4,6", "10,15", "3,8"})
    void streamRoundTripWithSeveralShardSettings(int k, int n) {
        zstor = TestCluster.builder().groups(1, n + 1).shards(k, n).blockSize(BLOCK).build().engine();
        byte[] data = random(3 * BLOCK + 77, k * 31L + n);
        zstor.store("k", chunked(data, 10_000), ProgressListener.NONE).block(T);
        assertThat(collect(zstor.retrieve("k", ProgressListener.NONE))).isEqualTo(data);
    }

    @Test
    void aReadReusesItsPieceArraysAndConcurrentReadsDoNotShareThem() {
        TestCluster c = TestCluster.builder().groups(1, 6).shards(4, 6).blockSize(BLOCK).blocksInFlight(2).build();
        zstor = c.engine();
        byte[] a = random(40 * BLOCK + 999, 41);
        byte[] b = random(40 * BLOCK + 5, 42);
        zstor.store("a", chunked(a, 10_000), ProgressListener.NONE).block(T);
        zstor.store("b", chunked(b, 10_000), ProgressListener.NONE).block(T);

        List<byte[]> both = Flux.merge(
                        Flux.just("a", "b").map(k -> zstor.retrieve(k, ProgressListener.NONE).map(buf -> {
                            byte[] copy = new byte[buf.remaining()];
                            buf.get(copy);
                            return copy;
                        }).reduce(new java.io.ByteArrayOutputStream(), (out, part) -> {
                            out.writeBytes(part);
                            return out;
                        }).map(java.io.ByteArrayOutputStream::toByteArray)))
                .collectList().block(T);
        assertThat(both).hasSize(2);
        assertThat(both).anySatisfy(x -> assertThat(x).isEqualTo(a));
        assertThat(both).anySatisfy(x -> assertThat(x).isEqualTo(b));

        int gets = c.dataBackends().stream().mapToInt(s -> c.zdb(s).lentGets()).sum();
        int arrays = c.dataBackends().stream().mapToInt(s -> c.zdb(s).distinctLentArrays()).sum();
        assertThat(gets).isEqualTo(2 * 41 * 4); // every data piece of 41 blocks, twice, into lent arrays
        // each read keeps at most (2 + 2) x 6 arrays of its usual length; without reuse it would be one per GET
        assertThat(arrays).isLessThanOrEqualTo(2 * (4 * 6 + 4)).isLessThan(gets / 4);
    }

    @Test
    void concurrentStoresReuseTheirBlockAndPieceArraysAndReadBackIdentical() {
        TestCluster c = TestCluster.builder().groups(1, 6).shards(4, 6).blockSize(BLOCK).blocksInFlight(2).build();
        zstor = c.engine();
        byte[] random = random(40 * BLOCK + 999, 43);
        byte[] text = compressible(30 * BLOCK + 17); // pieces shorter than the pool's, of varying lengths
        byte[] small = random(BLOCK / 2, 44); // one block: no pool, arrays of its own size
        long setsBefore = c.dataBackends().stream().mapToLong(s -> c.zdb(s).setCount()).sum();

        Flux.merge(zstor.store("random", chunked(random, 10_000), ProgressListener.NONE),
                zstor.store("text", chunked(text, 7_000), ProgressListener.NONE),
                zstor.store("small", chunked(small, 1_000), ProgressListener.NONE)).blockLast(T);

        assertThat(collect(zstor.retrieve("random", ProgressListener.NONE))).isEqualTo(random);
        assertThat(collect(zstor.retrieve("text", ProgressListener.NONE))).isEqualTo(text);
        assertThat(collect(zstor.retrieve("small", ProgressListener.NONE))).isEqualTo(small);
        long sets = c.dataBackends().stream().mapToLong(s -> c.zdb(s).setCount()).sum() - setsBefore;
        assertThat(sets).isEqualTo((41 + 31 + 1) * 6);
        // each multi-block store keeps at most (2 + 1) x 6 piece arrays (an array may carry any piece index, so
        // count them across backends); the small one has 6 of its own
        java.util.Set<byte[]> arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        c.dataBackends().forEach(s -> arrays.addAll(c.zdb(s).setArrays()));
        assertThat(arrays).hasSizeLessThanOrEqualTo(2 * (3 * 6) + 6).hasSizeLessThan((int) sets / 4);
    }

    @Test
    void concurrentFileRetrievesOfBlocksOfEveryCompressedSizeReadBackWhileReusingTheirArrays() throws Exception {
        TestCluster c = TestCluster.builder().groups(1, 6).shards(4, 6).blockSize(BLOCK).blocksInFlight(2).build();
        zstor = c.engine();
        // block b: a random head of a varying share, then text, so every block compresses to another length;
        // every fifth block is all random (kept raw: the longest pieces), and the last block is short
        byte[] mixed = compressible(30 * BLOCK + 1234);
        Random r = new Random(5);
        for (int b = 0; b < 31; b++) {
            int from = b * BLOCK;
            int head = Math.min(mixed.length - from, b % 5 == 0 ? BLOCK : (b * 7 % 50) * BLOCK / 100);
            byte[] noise = new byte[head];
            r.nextBytes(noise);
            System.arraycopy(noise, 0, mixed, from, head);
        }
        byte[] plain = random(25 * BLOCK + 3, 6);
        zstor.store("mixed", chunked(mixed, 10_000), ProgressListener.NONE).block(T);
        zstor.store("plain", chunked(plain, 10_000), ProgressListener.NONE).block(T);
        int lentBefore = c.dataBackends().stream().mapToInt(s -> c.zdb(s).lentGets()).sum();

        Path outMixed = dir.resolve("mixed.out");
        Path outPlain = dir.resolve("plain.out");
        Flux.merge(zstor.retrieve("mixed", outMixed, ProgressListener.NONE),
                zstor.retrieve("plain", outPlain, ProgressListener.NONE)).blockLast(T);

        assertThat(outMixed).hasBinaryContent(mixed);
        assertThat(outPlain).hasBinaryContent(plain);
        int gets = c.dataBackends().stream().mapToInt(s -> c.zdb(s).lentGets()).sum() - lentBefore;
        assertThat(gets).isEqualTo((31 + 26) * 4); // every data piece into a lent array
        // pieces of every length share the arrays of their read: (2 + 2) x 6 at most per read, not one per GET
        int arrays = c.dataBackends().stream().mapToInt(s -> c.zdb(s).distinctLentArrays()).sum();
        assertThat(arrays).isLessThanOrEqualTo(2 * (4 * 6 + 4)).isLessThan(gets / 2);
    }

    @Test
    void aLargeFileIsRetrievedWholeBlocksAroundThePageCacheAndItsTailThroughIt() throws Exception {
        TestCluster c = TestCluster.builder().groups(1, 6).shards(4, 6).blockSize(1 << 20).build();
        zstor = c.engine();
        byte[] data = random(9 * (1 << 20) + 123, 8); // over the 8 MiB from which files go around the cache
        zstor.store("big", chunked(data, 100_000), ProgressListener.NONE).block(T);
        Path out = dir.resolve("big.out");
        Files.writeString(out, "the previous version");

        zstor.retrieve("big", out, ProgressListener.NONE).block(T);

        assertThat(out).hasBinaryContent(data);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("big.out"); // no temporary file
        }
    }

    @Test
    void standardEngineSpreadsPiecesOverGroups() {
        TestCluster cluster = TestCluster.builder().groups(3, 3).shards(4, 6).blockSize(BLOCK).build();
        io.zstor.engine.config.ZstorConfig c = cluster.config();
        io.zstor.engine.config.ZstorConfig policy = new io.zstor.engine.config.ZstorConfig(4, 6, 1, 0, c.root(), c.socket(),
                c.pidFile(), c.zdbDataDirPath(), c.maxZdbDataDirSizeMib(), c.zdbfsMountpoint(), c.prometheusPort(),
                c.encryption(), c.compression(), c.meta(), c.groups(), c.tuning());
        zstor = Zstor.create(policy, cluster.connector());
        byte[] data = random(2 * BLOCK + 5, 99);
        zstor.store("spread", chunked(data, 7000), ProgressListener.NONE).block(T);
        // 3 groups, one may be lost: every group holds exactly 2 of the 6 pieces of each block
        for (io.zstor.engine.config.GroupConfig g : c.groups()) {
            long pieces = g.backends().stream().mapToLong(s -> cluster.zdb(s).entryCount()).sum();
            assertThat(pieces).isEqualTo(2 * 3);
        }
        for (io.zstor.engine.backend.BackendSpec s : c.groups().get(1).backends()) {
            cluster.zdb(s).offline(true);
        }
        assertThat(collect(zstor.retrieve("spread", ProgressListener.NONE))).isEqualTo(data);
    }

    @Test
    void compressibleDataIsStoredCompressedAndRoundTrips() {
        TestCluster cluster = TestCluster.builder().blockSize(BLOCK).build();
        zstor = cluster.engine();
        byte[] data = compressible(10 * BLOCK);
        zstor.store("text", chunked(data, 4096), ProgressListener.NONE).block(T);
        long stored = cluster.dataBackends().stream().mapToLong(s -> cluster.zdb(s).dataBytes()).sum();
        assertThat(stored).isLessThan(data.length / 4);
        assertThat(collect(zstor.retrieve("text", ProgressListener.NONE))).isEqualTo(data);
    }

    @Test
    void skipsUnchangedFilesAndReplacesChangedOnes() throws Exception {
        TestCluster cluster = TestCluster.builder().blockSize(BLOCK).build();
        zstor = cluster.engine();
        Path file = dir.resolve("same");
        Files.write(file, random(2 * BLOCK, 1));
        assertThat(zstor.store(file, StoreOptions.DEFAULTS, ProgressListener.NONE).block(T).skipped()).isFalse();
        long sets = cluster.zdb(cluster.dataBackends().get(0)).setCount();
        StoreResult again = zstor.store(file, StoreOptions.DEFAULTS, ProgressListener.NONE).block(T);
        assertThat(again.skipped()).isTrue();
        assertThat(cluster.zdb(cluster.dataBackends().get(0)).setCount()).isEqualTo(sets);

        byte[] changed = random(2 * BLOCK, 2);
        Files.write(file, changed);
        assertThat(zstor.store(file, StoreOptions.DEFAULTS, ProgressListener.NONE).block(T).skipped()).isFalse();
        Path out = dir.resolve("same.out");
        zstor.retrieve(file.toRealPath().toString(), out, ProgressListener.NONE).block(T);
        assertThat(Files.readAllBytes(out)).isEqualTo(changed);
        // the old version's pieces were deleted: 2 blocks -> 2 pieces per backend
        assertThat(cluster.zdb(cluster.dataBackends().get(0)).entryCount()).isEqualTo(2);
    }

    @Test
    void progressReachesTheTotal() throws Exception {
        zstor = TestCluster.builder().blockSize(BLOCK).build().engine();
        Path file = dir.resolve("p");
        Files.write(file, random(3 * BLOCK + 5, 3));
        AtomicLong last = new AtomicLong();
        AtomicLong total = new AtomicLong();
        zstor.store(file, StoreOptions.DEFAULTS, (done, all) -> {
            last.accumulateAndGet(done, Math::max);
            total.set(all);
        }).block(T);
        assertThat(last.get()).isEqualTo(3 * BLOCK + 5);
        assertThat(total.get()).isEqualTo(3 * BLOCK + 5);
    }

    @Test
    void keyPathAndRootFollowTheOriginal() throws Exception {
        Path root = dir.toRealPath();
        zstor = TestCluster.builder().root(root).build().engine();
        Files.createDirectories(root.resolve("a"));
        Path file = root.resolve("a/f.txt");
        Files.writeString(file, "x");
        assertThat(zstor.keyFor(file, java.util.Optional.empty())).isEqualTo("a/f.txt");
        Files.createDirectories(root.resolve("b"));
        assertThat(zstor.keyFor(file, java.util.Optional.of(root.resolve("b")))).isEqualTo("b/f.txt");
        assertThat(zstor.lookupKey(root.resolve("a/./x/../f.txt"))).isEqualTo("a/f.txt");
        assertThat(zstor.pathFor("a/f.txt")).isEqualTo(root.resolve("a/f.txt"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> zstor.keyFor(Path.of("/etc/hostname"), java.util.Optional.empty()))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("not in the file tree rooted at");
    }
}
