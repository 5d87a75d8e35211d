package io.zstor.transport.daemon;

import java.nio.ByteBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the daemon does for each command; the {@link DaemonServer} owns the wire, concurrency, queueing and
 * shutdown and calls exactly one method per request. Implementations never block the calling thread
 * (blocking work goes to a bounded elastic scheduler) and report failures as error signals, preferably a
 * {@link DaemonCommandException} naming the {@link ErrorKind}; any other exception becomes
 * {@link ErrorKind#FAILED} with the exception's message. Result field names are listed in
 * {@code docs/daemon-protocol.md}.
 *
 * <p>The production implementation is {@link EngineDaemonHandler}.
 */
public interface DaemonHandler {

    /** Stores a local file; see {@link DaemonRequest.Store}. Result fields: {@code key}, {@code size}, {@code checksum}. */
    Mono<Fields> store(DaemonRequest.Store request, ProgressSink progress);

    /** Stores a byte stream under {@code target}. Result fields as for {@link #store(DaemonRequest.Store, ProgressSink)}. */
    Mono<Fields> storeStream(ObjectRef target, Flux<ByteBuffer> data, ProgressSink progress);

    /** Retrieves an object into {@code file}. Result fields: {@code key}, {@code size}, {@code checksum}. */
    Mono<Fields> retrieve(String file, ProgressSink progress);

    /**
     * Retrieves an object as a byte stream; an error signal at the end means the content is not trustworthy. The
     * server sends a buffer's bytes after it has been emitted, without copying them: a buffer must not change
     * once emitted.
     */
    Flux<ByteBuffer> retrieveStream(ObjectRef target, ProgressSink progress);

    /** Re-encodes an object onto healthy backends. */
    Mono<Fields> rebuild(ObjectRef target);

    /** The stored checksum: field {@code checksum}, absent when the object does not exist. */
    Mono<Fields> check(ObjectRef target);

    /** Deletes an object: field {@code deleted} is {@code true} or {@code false} (absent object). */
    Mono<Fields> delete(ObjectRef target);

    /** One row per stored object: {@code key}, {@code size}, {@code stored}. */
    Flux<Fields> list();

    /** One row per backend (never passwords). */
    Flux<Fields> status();

    /** One row per recorded failure: {@code key}, {@code reason}, {@code time}. */
    Flux<Fields> failures();

    /** Completes when every backend answers; the error names the failing ones. */
    Mono<Void> test();

    /**
     * Records a failed store so that {@code failures} shows it (non-blocking stores that ran out of retries,
     * blocking stores with {@code --save-failure}).
     *
     * @param file the file that could not be stored
     * @param reason one-line reason
     */
    Mono<Void> recordFailure(String file, String reason);
}
