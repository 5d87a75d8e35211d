package io.zstor.transport.daemon;

import java.nio.ByteBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One prepared command: subscribe to {@link #progress()} first (optional), then to exactly one of
 * {@link #result()}, {@link #rows()} or {@link #data()}, which opens the connection and runs the command.
 */
public final class DaemonCall {

    private final DaemonClient client;
    private final DaemonRequest request;
    private final Flux<ByteBuffer> upload;
    private final Sinks.Many<DaemonReply.Progress> progress = Sinks.many().multicast().directBestEffort();

    DaemonCall(DaemonClient client, DaemonRequest request, Flux<ByteBuffer> upload) {
        this.client = client;
        this.request = request;
        this.upload = upload;
    }

    /** Progress events of the command (hot and lossy: a slow subscriber skips events); completes with it. */
    public Flux<DaemonReply.Progress> progress() {
        return progress.asFlux();
    }

    /** Runs the command; the result fields of its final {@link DaemonReply.Ok}. Rows and data are discarded. */
    public Mono<Fields> result() {
        return replies().ofType(DaemonReply.Ok.class).map(DaemonReply.Ok::result).last();
    }

    /** Runs a listing command ({@code list}, {@code status}, {@code failures}); its rows, with back-pressure. */
    public Flux<Fields> rows() {
        return replies().ofType(DaemonReply.Row.class).map(DaemonReply.Row::fields);
    }

    /** Runs a {@link DaemonRequest.RetrieveStream}; the object's bytes, with back-pressure. */
    public Flux<ByteBuffer> data() {
        return replies().ofType(DataChunk.class).map(DataChunk::asByteBuffer);
    }

    private Flux<DaemonReply> replies() {
        return client.exchange(request, upload)
                .doOnNext(r -> {
                    if (r instanceof DaemonReply.Progress p) {
                        progress.tryEmitNext(p);
                    }
                })
                .doFinally(s -> progress.tryEmitComplete());
    }
}
