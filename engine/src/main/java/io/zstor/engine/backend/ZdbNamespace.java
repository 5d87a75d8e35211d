package io.zstor.engine.backend;

import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An open, selected 0-db namespace on one backend. Every method is non-blocking and lazy (nothing is sent
 * until subscription), fails with {@link ZdbException}, and may be called concurrently: implementations
 * pipeline commands over one connection and bound the commands in flight (backpressure per backend).
 */
public interface ZdbNamespace {

    /** Which backend and namespace this is. */
    BackendSpec spec();

    /**
     * {@code SET key value}. In a sequential namespace pass an empty key to append; the reply is the
     * generated key (its length taken from the reply). In a user-key namespace the reply is the key.
     * Completes empty when the server stored nothing because the value was unchanged. The value's bytes
     * ({@code position..limit}) are read before the returned Mono completes, successfully or empty, and not
     * after: the caller may then reuse its array (after an error it may not: a timed-out command can still
     * be sent).
     */
    Mono<byte[]> set(byte[] key, ByteBuffer value);

    /** {@code GET key}; empty when the key is missing or deleted. */
    Mono<ByteBuffer> get(byte[] key);

    /**
     * {@code GET key} with the value copied into an array from {@code arrays} instead of a new one, so that a
     * reader can reuse its piece arrays. {@code arrays} is called with the value's length, possibly on an I/O
     * thread (it must not block), and returns an array of at least that length whose first bytes are then
     * overwritten; the result wraps exactly the value (position 0, limit = the value's length, array offset 0),
     * so a reader can lend one size of array for values of varying lengths. Implementations that cannot lend
     * may ignore {@code arrays}.
     */
    default Mono<ByteBuffer> get(byte[] key, IntFunction<byte[]> arrays) {
        return get(key);
    }

    /** {@code DEL key}; true when deleted, false when the key did not exist. */
    Mono<Boolean> delete(byte[] key);

    /** {@code EXISTS key}. */
    Mono<Boolean> exists(byte[] key);

    /** Walks the whole namespace with {@code SCAN} and its cursor, page by page, on demand. */
    Flux<ScanEntry> scan();

    /** {@code DBSIZE}. */
    Mono<Long> size();

    /** {@code NSINFO} of this namespace. */
    Mono<NamespaceInfo> info();

    /** {@code PING}. */
    Mono<Void> ping();

    /** Closes the connection; further calls fail. */
    Mono<Void> close();
}
