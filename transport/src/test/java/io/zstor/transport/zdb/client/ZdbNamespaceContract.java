package io.zstor.transport.zdb.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zstor.engine.backend.NamespaceInfo;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ScanEntry;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.backend.ZdbNamespace;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The behaviour every {@link ZdbNamespace} must show, as 0-db defines it (zdb-protocol.md): run it against a
 * TCP client and a real server, or against an in-memory fake, by extending this class and returning fresh,
 * empty namespaces. Tests block on the JUnit thread only.
 */
public abstract class ZdbNamespaceContract {

    /** How long a single blocking wait in a test may take. */
    protected static final Duration WAIT = Duration.ofSeconds(30);

    /** A fresh, empty, writable namespace in sequential mode. */
    protected abstract ZdbNamespace newSequentialNamespace();

    /** A fresh, empty, writable namespace in user-key mode. */
    protected abstract ZdbNamespace newUserNamespace();

    private static ByteBuffer buf(String s) {
        return ByteBuffer.wrap(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String str(ByteBuffer b) {
        return java.nio.charset.StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }

    private static long keyNumber(byte[] key) {
        ByteBuffer b = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN);
        return key.length == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
    }

    private static ZdbErrorKind kindOf(Runnable r) {
        try {
            r.run();
        } catch (ZdbException e) {
            return e.kind();
        }
        throw new AssertionError("expected a ZdbException");
    }

    @Test
    void sequentialSetGeneratesIncreasingKeysAndGetReadsThemBack() {
        ZdbNamespace ns = newSequentialNamespace();
        byte[] k0 = ns.set(new byte[0], buf("first")).block(WAIT);
        byte[] k1 = ns.set(new byte[0], buf("second")).block(WAIT);
        byte[] k2 = ns.set(new byte[0], buf("third")).block(WAIT);
        for (byte[] k : List.of(k0, k1, k2)) {
            assertThat(k.length).isIn(4, 8);
        }
        assertThat(keyNumber(k1)).isGreaterThan(keyNumber(k0));
        assertThat(keyNumber(k2)).isGreaterThan(keyNumber(k1));
        assertThat(str(ns.get(k0).block(WAIT))).isEqualTo("first");
        assertThat(str(ns.get(k1).block(WAIT))).isEqualTo("second");
        assertThat(str(ns.get(k2).block(WAIT))).isEqualTo("third");
        assertThat(ns.size().block(WAIT)).isEqualTo(3);
    }

    @Test
    void sequentialOverwriteKeepsTheKeyAndAnIdenticalValueStoresNothing() {
        ZdbNamespace ns = newSequentialNamespace();
        byte[] k = ns.set(new byte[0], buf("v1")).block(WAIT);
        assertThat(ns.set(k, buf("v2")).block(WAIT)).isEqualTo(k);
        assertThat(str(ns.get(k).block(WAIT))).isEqualTo("v2");
        assertThat(ns.set(k, buf("v2")).blockOptional(WAIT)).isEmpty();
        assertThat(ns.size().block(WAIT)).isEqualTo(1);
    }

    @Test
    void sequentialNamespaceRejectsUnknownKeysAndMissesWrongLengthKeys() {
        ZdbNamespace ns = newSequentialNamespace();
        byte[] k = ns.set(new byte[0], buf("x")).block(WAIT);
        byte[] unknown = k.clone();
        unknown[0] = 0x7f;
        assertThat(kindOf(() -> ns.set(unknown, buf("nope")).block(WAIT))).isEqualTo(ZdbErrorKind.WRONG_MODE);
        assertThat(kindOf(() -> ns.set("userkey".getBytes(), buf("nope")).block(WAIT))).isEqualTo(ZdbErrorKind.WRONG_MODE);
        assertThat(ns.get(new byte[] {0, 0, 0}).blockOptional(WAIT)).isEmpty();
        assertThat(ns.exists(unknown).block(WAIT)).isFalse();
    }

    @Test
    void deletedSequentialIdsAreNotReused() {
        ZdbNamespace ns = newSequentialNamespace();
        byte[] a = ns.set(new byte[0], buf("a")).block(WAIT);
        byte[] b = ns.set(new byte[0], buf("b")).block(WAIT);
        assertThat(ns.delete(b).block(WAIT)).isTrue();
        byte[] c = ns.set(new byte[0], buf("c")).block(WAIT);
        assertThat(keyNumber(c)).isGreaterThan(keyNumber(b)).isGreaterThan(keyNumber(a));
        assertThat(ns.get(b).blockOptional(WAIT)).isEmpty();
    }

    @Test
    void userKeysAndValuesAreBinarySafe() {
        ZdbNamespace ns = newUserNamespace();
        byte[] key = {0, '\r', '\n', (byte) 0xff, '$', '*', ' '};
        byte[] value = new byte[100 * 1024 + 7];
        new Random(42).nextBytes(value);
        value[0] = '\r';
        value[1] = '\n';
        assertThat(ns.set(key, ByteBuffer.wrap(value)).block(WAIT)).isEqualTo(key);
        ByteBuffer back = ns.get(key).block(WAIT);
        byte[] got = new byte[back.remaining()];
        back.get(got);
        assertThat(got).isEqualTo(value);
    }

    @Test
    void getWithALenderReadsTheSameValuesAsGet() {
        ZdbNamespace ns = newSequentialNamespace();
        byte[] value = new byte[300 * 1024 + 3];
        new Random(7).nextBytes(value);
        byte[] k = ns.set(new byte[0], ByteBuffer.wrap(value)).block(WAIT);
        ByteBuffer back = ns.get(k, byte[]::new).block(WAIT);
        byte[] got = new byte[back.remaining()];
        back.get(got);
        assertThat(got).isEqualTo(value);
        assertThat(ns.get(new byte[] {9, 9, 9, 9}, byte[]::new).blockOptional(WAIT)).isEmpty();
    }

    @Test
    void emptyValueIsStoredAndReadAsEmptyBuffer() {
        ZdbNamespace ns = newUserNamespace();
        ns.set("empty".getBytes(), ByteBuffer.allocate(0)).block(WAIT);
        ByteBuffer back = ns.get("empty".getBytes()).block(WAIT);
        assertThat(back).isNotNull();
        assertThat(back.remaining()).isZero();
        assertThat(ns.exists("empty".getBytes()).block(WAIT)).isTrue();
    }

    @Test
    void userSetOverwriteAndIdenticalValue() {
        ZdbNamespace ns = newUserNamespace();
        assertThat(ns.set("k1".getBytes(), buf("hello")).block(WAIT)).isEqualTo("k1".getBytes());
        assertThat(ns.set("k1".getBytes(), buf("hello")).blockOptional(WAIT)).isEmpty();
        assertThat(ns.set("k1".getBytes(), buf("hello2")).block(WAIT)).isEqualTo("k1".getBytes());
        assertThat(str(ns.get("k1".getBytes()).block(WAIT))).isEqualTo("hello2");
        assertThat(ns.size().block(WAIT)).isEqualTo(1);
    }

    @Test
    void userNamespaceNeedsAKey() {
        ZdbNamespace ns = newUserNamespace();
        assertThat(kindOf(() -> ns.set(new byte[0], buf("v")).block(WAIT))).isEqualTo(ZdbErrorKind.WRONG_MODE);
    }

    @Test
    void getExistsDeleteLifecycle() {
        ZdbNamespace ns = newUserNamespace();
        byte[] k = "life".getBytes();
        assertThat(ns.get(k).blockOptional(WAIT)).isEmpty();
        assertThat(ns.exists(k).block(WAIT)).isFalse();
        assertThat(ns.delete(k).block(WAIT)).isFalse();
        ns.set(k, buf("v")).block(WAIT);
        assertThat(ns.exists(k).block(WAIT)).isTrue();
        assertThat(ns.delete(k).block(WAIT)).isTrue();
        assertThat(ns.delete(k).block(WAIT)).isFalse();
        assertThat(ns.exists(k).block(WAIT)).isFalse();
        assertThat(ns.get(k).blockOptional(WAIT)).isEmpty();
        assertThat(ns.size().block(WAIT)).isZero();
    }

    @Test
    void keyLimitIs255Bytes() {
        ZdbNamespace ns = newUserNamespace();
        byte[] k255 = new byte[255];
        java.util.Arrays.fill(k255, (byte) 'k');
        assertThat(ns.set(k255, buf("x")).block(WAIT)).isEqualTo(k255);
        assertThat(kindOf(() -> ns.set(new byte[256], buf("x")).block(WAIT))).isEqualTo(ZdbErrorKind.VALUE_TOO_LARGE);
    }

    @Test
    void valueLimitIs8MiB() {
        ZdbNamespace ns = newSequentialNamespace();
        ByteBuffer exact = ByteBuffer.allocate(8 * 1024 * 1024);
        exact.put(0, (byte) 1).put(exact.capacity() - 1, (byte) 2);
        byte[] k = ns.set(new byte[0], exact).block(WAIT);
        ByteBuffer back = ns.get(k).block(WAIT);
        assertThat(back.remaining()).isEqualTo(8 * 1024 * 1024);
        assertThat(back.get(back.limit() - 1)).isEqualTo((byte) 2);
        assertThat(kindOf(() -> ns.set(new byte[0], ByteBuffer.allocate(8 * 1024 * 1024 + 1)).block(WAIT)))
                .isEqualTo(ZdbErrorKind.VALUE_TOO_LARGE);
        assertThat(ns.size().block(WAIT)).isEqualTo(1);
    }

    @Test
    void setSendsOnlyTheRemainingBytesAndLeavesTheBufferAlone() {
        ZdbNamespace ns = newUserNamespace();
        ByteBuffer value = buf("xxHELLOyy");
        value.position(2).limit(7);
        ns.set("p".getBytes(), value).block(WAIT);
        assertThat(value.position()).isEqualTo(2);
        assertThat(value.limit()).isEqualTo(7);
        assertThat(str(ns.get("p".getBytes()).block(WAIT))).isEqualTo("HELLO");
    }

    @Test
    void scanOfEmptyNamespaceIsEmpty() {
        assertThat(newUserNamespace().scan().collectList().block(WAIT)).isEmpty();
        assertThat(newSequentialNamespace().scan().collectList().block(WAIT)).isEmpty();
    }

    @Test
    void scanWalksTheWholeNamespaceAcrossPagesAndSkipsDeletedEntries() {
        ZdbNamespace ns = newUserNamespace();
        int n = 1050;
        Flux.range(0, n)
                .flatMap(i -> ns.set(("key-" + i).getBytes(), ByteBuffer.allocate(i % 17)), 64)
                .then().block(WAIT);
        ns.delete("key-7".getBytes()).block(WAIT);
        ns.set("key-8".getBytes(), ByteBuffer.allocate(100)).block(WAIT); // overwrite: one live version
        List<ScanEntry> all = ns.scan().collectList().block(WAIT);
        Set<String> keys = all.stream().map(e -> new String(e.key())).collect(Collectors.toSet());
        assertThat(all).hasSize(n - 1);
        assertThat(keys).hasSize(n - 1).doesNotContain("key-7").contains("key-0", "key-8", "key-" + (n - 1));
        for (ScanEntry e : all) {
            String key = new String(e.key());
            int i = Integer.parseInt(key.substring(4));
            assertThat(e.size()).isEqualTo(i == 8 ? 100 : i % 17);
            assertThat(e.timestamp()).isGreaterThan(1_600_000_000L);
        }
        assertThat(ns.size().block(WAIT)).isEqualTo(n - 1);
    }

    @Test
    void scanIsLazyAndCanStopEarly() {
        ZdbNamespace ns = newSequentialNamespace();
        Flux.range(0, 250).concatMap(i -> ns.set(new byte[0], ByteBuffer.allocate(1))).then().block(WAIT);
        assertThat(ns.scan().take(5).collectList().block(WAIT)).hasSize(5);
        Set<String> keys = new HashSet<>();
        ns.scan().doOnNext(e -> keys.add(HexFormat.of().formatHex(e.key()))).then().block(WAIT);
        assertThat(keys).hasSize(250);
    }

    @Test
    void infoReportsModeAndCounts() {
        ZdbNamespace seq = newSequentialNamespace();
        seq.set(new byte[0], buf("12345")).block(WAIT);
        seq.set(new byte[0], buf("678")).block(WAIT);
        NamespaceInfo info = seq.info().block(WAIT);
        assertThat(info.mode()).isEqualTo(NamespaceMode.SEQUENTIAL);
        assertThat(info.name()).isEqualTo(seq.spec().namespaceName());
        assertThat(info.entries()).isEqualTo(2);
        assertThat(info.dataSizeBytes()).isEqualTo(8);
        assertThat(newUserNamespace().info().block(WAIT).mode()).isEqualTo(NamespaceMode.USER);
    }

    @Test
    void concurrentCallersArePipelinedAndAllAnswered() {
        ZdbNamespace ns = newSequentialNamespace();
        int n = 400;
        List<byte[]> keys = Flux.range(0, n)
                .flatMap(i -> ns.set(new byte[0], ByteBuffer.wrap(("v" + i).getBytes()))
                        .map(k -> new Object[] {k, i}), n)
                .collectList()
                .flatMapMany(pairs -> Flux.fromIterable(pairs)
                        .flatMap(p -> ns.get((byte[]) p[0]).map(v -> {
                            assertThat(str(v)).isEqualTo("v" + p[1]);
                            return (byte[]) p[0];
                        }), 64))
                .collectList()
                .block(WAIT);
        assertThat(keys.stream().map(HexFormat.of()::formatHex).distinct().count()).isEqualTo(n);
        assertThat(ns.size().block(WAIT)).isEqualTo(n);
    }

    @Test
    void commandsAreLazyUntilSubscribed() {
        ZdbNamespace ns = newSequentialNamespace();
        Mono<byte[]> pending = ns.set(new byte[0], buf("later"));
        ns.delete(new byte[8]);
        assertThat(ns.size().block(WAIT)).isZero();
        pending.block(WAIT);
        assertThat(ns.size().block(WAIT)).isEqualTo(1);
    }

    @Test
    void pingAnswers() {
        assertThat(newUserNamespace().ping().then(Mono.just("done")).block(WAIT)).isEqualTo("done");
    }
}
