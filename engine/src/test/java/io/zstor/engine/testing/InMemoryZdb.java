package io.zstor.engine.testing;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceInfo;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ScanEntry;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One 0-db namespace in memory, in user-key or sequential mode (4-byte little-endian generated keys, like
 * 0-db v1), with fault switches: {@link #offline}, {@link #full}, {@link #corrupt}, {@link #drop}. With
 * {@link #discardValues} it keeps only value lengths, for large streaming tests.
 *
 * <p>Thread-safe; every operation is synchronous and non-blocking.
 */
public final class InMemoryZdb {

    /** 0-db's value limit. */
    public static final int MAX_VALUE = 8 << 20;

    private final BackendSpec spec;
    private final NamespaceMode mode;
    private final Map<Key, byte[]> values = new LinkedHashMap<>();
    private final Map<Key, Integer> discardedLengths = new LinkedHashMap<>();
    private final Map<Key, Long> timestamps = new LinkedHashMap<>();
    private final AtomicLong sets = new AtomicLong();
    private final AtomicLong gets = new AtomicLong();
    private final AtomicInteger lentGets = new AtomicInteger();
    /** By identity: arrays do not override equals and hashCode. */
    private final Set<byte[]> lentArrays = ConcurrentHashMap.newKeySet();
    /** Arrays behind the values of SETs, by identity. */
    private final Set<byte[]> setArrays = ConcurrentHashMap.newKeySet();
    private int nextSeq;
    private volatile boolean offline;
    private volatile boolean hanging;
    private volatile boolean full;
    private volatile boolean discardValues;

    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    /**
     * @param spec address, namespace, password
     * @param mode the namespace mode
     */
    public InMemoryZdb(BackendSpec spec, NamespaceMode mode) {
        this.spec = spec;
        this.mode = mode;
    }

    /** The backend this namespace is. */
    public BackendSpec spec() {
        return spec;
    }

    /** The namespace mode. */
    public NamespaceMode mode() {
        return mode;
    }

    /** Makes every operation (and new opens) fail with {@link ZdbErrorKind#UNREACHABLE}. */
    public InMemoryZdb offline(boolean value) {
        this.offline = value;
        return this;
    }

    /** Makes GET never answer (a backend that accepts commands and hangs). */
    public InMemoryZdb hanging(boolean value) {
        this.hanging = value;
        return this;
    }

    /** Whether GET hangs. */
    public boolean isHanging() {
        return hanging;
    }

    /** Makes SET fail with {@link ZdbErrorKind#NAMESPACE_FULL}. */
    public InMemoryZdb full(boolean value) {
        this.full = value;
        return this;
    }

    /** Keeps only lengths of written values (GET then returns nothing). */
    public InMemoryZdb discardValues(boolean value) {
        this.discardValues = value;
        return this;
    }

    /** Whether it is offline. */
    public boolean isOffline() {
        return offline;
    }

    /** Flips one byte of the value under {@code key}; false when absent. */
    public synchronized boolean corrupt(byte[] key) {
        byte[] v = values.get(new Key(key));
        if (v == null || v.length == 0) {
            return false;
        }
        v[v.length / 2] ^= 0x5a;
        return true;
    }

    /** Flips one byte of every value. */
    public synchronized void corruptAll() {
        values.values().forEach(v -> {
            if (v.length > 0) {
                v[v.length / 2] ^= 0x5a;
            }
        });
    }

    /** Removes {@code key}; false when absent. */
    public synchronized boolean drop(byte[] key) {
        return values.remove(new Key(key)) != null;
    }

    /** Moves the value under {@code from} to {@code to} (as an older layout of keys would have stored it). */
    public synchronized void rename(byte[] from, byte[] to) {
        byte[] v = values.remove(new Key(from));
        if (v == null) {
            throw new IllegalArgumentException("no value under " + new String(from, java.nio.charset.StandardCharsets.UTF_8));
        }
        values.put(new Key(to.clone()), v);
        Long at = timestamps.remove(new Key(from));
        if (at != null) {
            timestamps.put(new Key(to.clone()), at);
        }
    }

    /** A namespace re-created empty (a 0-db restarted on a new disk): its generated keys start again at 0. */
    public synchronized void wipeAndRestartKeys() {
        values.clear();
        timestamps.clear();
        discardedLengths.clear();
        nextSeq = 0;
    }

    /** Removes every value (a wiped disk). */
    public synchronized void dropAll() {
        values.clear();
        timestamps.clear();
    }

    /** Copies of every key, in insertion order. */
    public synchronized List<byte[]> keys() {
        List<byte[]> out = new ArrayList<>();
        values.keySet().forEach(k -> out.add(k.bytes.clone()));
        discardedLengths.keySet().forEach(k -> out.add(k.bytes.clone()));
        return out;
    }

    /** Live entries. */
    public synchronized int entryCount() {
        return values.size() + discardedLengths.size();
    }

    /** Payload bytes of live entries. */
    public synchronized long dataBytes() {
        long n = 0;
        for (byte[] v : values.values()) {
            n += v.length;
        }
        for (int len : discardedLengths.values()) {
            n += len;
        }
        return n;
    }

    /** SET calls served. */
    public long setCount() {
        return sets.get();
    }

    /** GET calls served. */
    public long getCount() {
        return gets.get();
    }

    // ------------------------------------------------------------- operations used by the namespace handle

    void checkOnline() {
        if (offline) {
            throw new ZdbException(ZdbErrorKind.UNREACHABLE, spec.displayName(), "connection refused");
        }
    }

    synchronized byte[] set(byte[] key, ByteBuffer value) {
        checkOnline();
        if (value.remaining() > MAX_VALUE) {
            throw new ZdbException(ZdbErrorKind.VALUE_TOO_LARGE, spec.displayName(), "value too large");
        }
        if (full) {
            throw new ZdbException(ZdbErrorKind.NAMESPACE_FULL, spec.displayName(), "No space left on this namespace");
        }
        byte[] k;
        if (mode == NamespaceMode.SEQUENTIAL) {
            if (key.length != 0) {
                throw new ZdbException(ZdbErrorKind.SERVER_ERROR, spec.displayName(), "sequential namespace: key must be empty");
            }
            k = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(nextSeq++).array();
        } else {
            if (key.length == 0) {
                throw new ZdbException(ZdbErrorKind.SERVER_ERROR, spec.displayName(), "Invalid argument");
            }
            k = key.clone();
        }
        sets.incrementAndGet();
        if (value.hasArray() && !discardValues) { // a large streaming test keeps nothing of its values
            setArrays.add(value.array());
        }
        byte[] v = new byte[value.remaining()];
        value.duplicate().get(v);
        Key kk = new Key(k);
        if (discardValues) {
            discardedLengths.put(kk, v.length);
        } else {
            values.put(kk, v);
        }
        timestamps.put(kk, System.currentTimeMillis() / 1000);
        return k.clone();
    }

    /** Records an array a reader lent for a GET reply. */
    void lent(byte[] array) {
        lentArrays.add(array);
        lentGets.incrementAndGet();
    }

    /** GET replies copied into arrays a reader lent. */
    public int lentGets() {
        return lentGets.get();
    }

    /**
     * The arrays behind the values of SETs, by identity (fewer than the SETs when writers reuse them); none are
     * recorded while {@link #discardValues} is on.
     */
    public Set<byte[]> setArrays() {
        return java.util.Collections.unmodifiableSet(setArrays);
    }

    /** Distinct arrays readers lent for GET replies (fewer than {@link #lentGets()} when they reuse them). */
    public int distinctLentArrays() {
        return lentArrays.size();
    }

    synchronized byte[] get(byte[] key) {
        checkOnline();
        gets.incrementAndGet();
        byte[] v = values.get(new Key(key));
        return v == null ? null : v.clone();
    }

    synchronized boolean delete(byte[] key) {
        checkOnline();
        Key k = new Key(key);
        timestamps.remove(k);
        return values.remove(k) != null | discardedLengths.remove(k) != null;
    }

    synchronized boolean exists(byte[] key) {
        checkOnline();
        Key k = new Key(key);
        return values.containsKey(k) || discardedLengths.containsKey(k);
    }

    synchronized List<ScanEntry> scan() {
        checkOnline();
        List<ScanEntry> out = new ArrayList<>();
        values.forEach((k, v) -> out.add(new ScanEntry(k.bytes.clone(), v.length, timestamps.getOrDefault(k, 0L))));
        return out;
    }

    synchronized NamespaceInfo info() {
        checkOnline();
        long used = dataBytes();
        return new NamespaceInfo(spec.namespaceName(), entryCount(), used, 0, 0, mode, false,
                spec.password().isPresent(), false, false, OptionalLong.empty(), full ? 0 : 1L << 40, 1L << 40,
                0, 0, 0, 0, Map.of("mode", mode.nsinfoName()));
    }
}
