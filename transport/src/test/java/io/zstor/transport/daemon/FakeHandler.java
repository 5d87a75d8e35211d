package io.zstor.transport.daemon;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** An in-memory {@link DaemonHandler} that records calls, measures concurrency and can be told to fail or be slow. */
final class FakeHandler implements DaemonHandler {

    /** The key of an object of endless 4 MiB blocks, produced as fast as they are requested. */
    static final String ENDLESS = "endless";
    static final int ENDLESS_BLOCK = 4 << 20;

    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    final java.util.concurrent.atomic.AtomicLong endlessBytes = new java.util.concurrent.atomic.AtomicLong();
    final List<String> failuresRecorded = new CopyOnWriteArrayList<>();
    final List<String> storeOrder = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger storeCalls = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    volatile Duration storeDelay = Duration.ZERO;
    volatile Function<String, Throwable> storeFailure = f -> null;

    @Override
    public Mono<Fields> store(DaemonRequest.Store request, ProgressSink progress) {
        return Mono.defer(() -> {
            storeCalls.incrementAndGet();
            storeOrder.add(request.file());
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            Throwable fail = storeFailure.apply(request.file());
            progress.onProgress(0, 100);
            Mono<Fields> work = Mono.delay(storeDelay).then(Mono.fromCallable(() -> {
                progress.onProgress(100, 100);
                if (fail != null) {
                    throw fail instanceof RuntimeException r ? r : new RuntimeException(fail);
                }
                byte[] content = request.file().getBytes();
                objects.put(request.file(), content);
                return Fields.builder().put("key", request.file()).put("size", content.length).build();
            }));
            return work.doOnTerminate(running::decrementAndGet).doOnCancel(running::decrementAndGet);
        });
    }

    @Override
    public Mono<Fields> storeStream(ObjectRef target, Flux<ByteBuffer> data, ProgressSink progress) {
        return data.reduce(new ByteArrayOutputStream(), (out, b) -> {
            byte[] a = new byte[b.remaining()];
            b.get(a);
            out.write(a, 0, a.length);
            progress.onProgress(out.size(), -1);
            return out;
        }).map(out -> {
            objects.put(target.value(), out.toByteArray());
            return Fields.builder().put("key", target.value()).put("size", out.size()).build();
        });
    }

    @Override
    public Mono<Fields> retrieve(String file, ProgressSink progress) {
        return Mono.fromSupplier(() -> objects.get(file))
                .switchIfEmpty(Mono.error(new DaemonCommandException(ErrorKind.NOT_FOUND, "no object stored for " + file)))
                .map(b -> Fields.builder().put("key", file).put("size", b.length).build());
    }

    @Override
    public Flux<ByteBuffer> retrieveStream(ObjectRef target, ProgressSink progress) {
        if (target.value().equals(ENDLESS)) {
            // as fast as it is asked for, like a retrieve from a fast cluster
            return Flux.<ByteBuffer>generate(sink -> {
                endlessBytes.addAndGet(ENDLESS_BLOCK);
                sink.next(ByteBuffer.wrap(new byte[ENDLESS_BLOCK]));
            }).hide(); // not fusable: clearing a fused endless source on cancel would never end
        }
        return Mono.fromSupplier(() -> objects.get(target.value()))
                .switchIfEmpty(Mono.error(new DaemonCommandException(ErrorKind.NOT_FOUND, "no object " + target.value())))
                .flatMapMany(b -> {
                    List<ByteBuffer> parts = new ArrayList<>();
                    for (int off = 0; off < b.length; off += 700_000) {
                        parts.add(ByteBuffer.wrap(b, off, Math.min(700_000, b.length - off)));
                    }
                    return Flux.fromIterable(parts);
                });
    }

    @Override
    public Mono<Fields> rebuild(ObjectRef target) {
        return Mono.just(Fields.builder().put("key", target.value()).put("rewritten", 0).build());
    }

    @Override
    public Mono<Fields> check(ObjectRef target) {
        return Mono.fromSupplier(() -> {
            byte[] b = objects.get(target.value());
            return b == null ? Fields.EMPTY : Fields.builder().put("checksum", Integer.toHexString(java.util.Arrays.hashCode(b))).build();
        });
    }

    @Override
    public Mono<Fields> delete(ObjectRef target) {
        return Mono.fromSupplier(() -> Fields.builder().put("deleted", objects.remove(target.value()) != null).build());
    }

    @Override
    public Flux<Fields> list() {
        return Flux.fromIterable(new ArrayList<>(objects.keySet())).sort()
                .map(k -> Fields.builder().put("key", k).put("size", objects.get(k).length).build());
    }

    @Override
    public Flux<Fields> status() {
        return Flux.range(0, 3).map(i -> Fields.builder().put("backend", "127.0.0.1:990" + i).put("reachable", true).build());
    }

    @Override
    public Flux<Fields> failures() {
        return Flux.fromIterable(failuresRecorded).map(f -> Fields.builder().put("key", f).build());
    }

    @Override
    public Mono<Void> test() {
        return Mono.empty();
    }

    @Override
    public Mono<Void> recordFailure(String file, String reason) {
        return Mono.fromRunnable(() -> failuresRecorded.add(file + ": " + reason));
    }
}
