package io.zstor.transport.metrics;

import io.zstor.transport.daemon.DaemonHandler;
import io.zstor.transport.daemon.DaemonRequest;
import io.zstor.transport.daemon.Fields;
import io.zstor.transport.daemon.ObjectRef;
import io.zstor.transport.daemon.ProgressSink;
import java.nio.ByteBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A handler that does nothing, for tests that only need a running daemon. */
final class NoopHandler implements DaemonHandler {
    @Override public Mono<Fields> store(DaemonRequest.Store request, ProgressSink progress) { return Mono.just(Fields.EMPTY); }
    @Override public Mono<Fields> storeStream(ObjectRef target, Flux<ByteBuffer> data, ProgressSink progress) { return data.then(Mono.just(Fields.EMPTY)); }
    @Override public Mono<Fields> retrieve(String file, ProgressSink progress) { return Mono.just(Fields.EMPTY); }
    @Override public Flux<ByteBuffer> retrieveStream(ObjectRef target, ProgressSink progress) { return Flux.empty(); }
    @Override public Mono<Fields> rebuild(ObjectRef target) { return Mono.just(Fields.EMPTY); }
    @Override public Mono<Fields> check(ObjectRef target) { return Mono.just(Fields.EMPTY); }
    @Override public Mono<Fields> delete(ObjectRef target) { return Mono.just(Fields.EMPTY); }
    @Override public Flux<Fields> list() { return Flux.empty(); }
    @Override public Flux<Fields> status() { return Flux.empty(); }
    @Override public Flux<Fields> failures() { return Flux.empty(); }
    @Override public Mono<Void> test() { return Mono.empty(); }
    @Override public Mono<Void> recordFailure(String file, String reason) { return Mono.empty(); }
}
