package io.zstor.transport.daemon;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zstor.engine.BackendStatus;
import io.zstor.engine.BackendUnavailableException;
import io.zstor.engine.InvalidKeyException;
import io.zstor.engine.MetadataUnavailableException;
import io.zstor.engine.ObjectNotFoundException;
import io.zstor.engine.ProgressListener;
import io.zstor.engine.StoreOptions;
import io.zstor.engine.StoreResult;
import io.zstor.engine.Zstor;
import io.zstor.transport.metrics.ZstorCommand;
import io.zstor.transport.metrics.ZstorMetrics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;

/**
 * The production {@link DaemonHandler}: runs each command on the engine facade {@link Zstor}, maps engine
 * results to reply {@link Fields} and engine exceptions to {@link ErrorKind}s, and counts every command in
 * {@link ZstorMetrics} (the original's {@code zstore_*_commands_finished} series among them).
 *
 * <p>Keys follow the engine: a stored file's key is {@link Zstor#keyFor}, a looked-up path's key is
 * {@link Zstor#lookupKey}, {@code retrieve} writes to {@link Zstor#pathFor}. A directory given to
 * {@code store} stores each regular file directly inside it (no recursion, symlinks skipped), as the
 * original.
 */
public final class EngineDaemonHandler implements DaemonHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EngineDaemonHandler.class);

    private final Zstor zstor;
    private final ZstorMetrics metrics;

    /**
     * Creates the handler.
     *
     * @param zstor the engine (owned by the caller, who closes it after the server stopped)
     * @param metrics where commands are counted
     */
    public EngineDaemonHandler(Zstor zstor, ZstorMetrics metrics) {
        this.zstor = Objects.requireNonNull(zstor, "zstor");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** A handler whose metrics go nowhere (tests, in-process use). */
    public EngineDaemonHandler(Zstor zstor) {
        this(zstor, new ZstorMetrics(new SimpleMeterRegistry()));
    }

    @Override
    public Mono<Fields> store(DaemonRequest.Store request, ProgressSink progress) {
        Path file = Path.of(request.file());
        StoreOptions options = request.keyPath().map(k -> StoreOptions.DEFAULTS.withKeyPath(Path.of(k))).orElse(StoreOptions.DEFAULTS);
        Mono<Fields> work = blocking(() -> {
            if (Files.isDirectory(file)) {
                return regularFilesIn(file);
            }
            if (!Files.isRegularFile(file)) {
                throw new DaemonCommandException(ErrorKind.BAD_REQUEST, "no such file: " + file);
            }
            return List.of(file);
        }).flatMap(files -> {
            if (files.size() == 1 && files.get(0).equals(file)) {
                return storeOne(file, options, progress(progress), request.delete()).map(EngineDaemonHandler::fields);
            }
            AtomicLong bytes = new AtomicLong();
            return Flux.fromIterable(files)
                    .concatMap(f -> storeOne(f, options, ProgressListener.NONE, request.delete()))
                    .doOnNext(r -> bytes.addAndGet(r.size()))
                    .count()
                    .map(n -> Fields.builder().put("files", n).put("size", bytes.get()).build());
        });
        return timed(ZstorCommand.STORE, work.onErrorMap(EngineDaemonHandler::mapError));
    }

    private Mono<StoreResult> storeOne(Path file, StoreOptions options, ProgressListener progress, boolean delete) {
        Mono<StoreResult> stored = zstor.store(file, options, progress).doOnNext(r -> {
            if (!r.skipped()) {
                metrics.stored(r.size());
            }
        });
        if (!delete) {
            return stored;
        }
        // the file is deleted only if it is still what was stored: a write to it during the upload is kept
        return blocking(() -> Optional.of(FileVersion.of(file)))
                .onErrorResume(IOException.class, e -> Mono.just(Optional.empty())) // the store says what is wrong
                .flatMap(before -> stored.flatMap(r -> blocking(() -> {
            try {
                if (before.isPresent() && before.get().equals(FileVersion.of(file)) && before.get().size() == r.size()) {
                    Files.deleteIfExists(file);
                } else {
                    LOG.warn("stored {} but did not delete it: it changed while it was stored", file);
                }
            } catch (IOException e) {
                LOG.warn("stored {} but could not delete it: {}", file, e.getMessage());
            }
            return r;
        })));
    }

    /** What tells one version of a file from the next: its size, modification time and inode change time. */
    private record FileVersion(long size, Object modified, Object changed) {
        static FileVersion of(Path file) throws IOException {
            var attributes = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime");
            return new FileVersion((Long) attributes.get("size"), attributes.get("lastModifiedTime"),
                    attributes.get("ctime"));
        }
    }

    @Override
    public Mono<Fields> storeStream(ObjectRef target, Flux<ByteBuffer> data, ProgressSink progress) {
        return timed(ZstorCommand.STORE, key(target)
                .flatMap(key -> zstor.store(key, data, progress(progress)))
                .doOnNext(r -> metrics.stored(r.size()))
                .map(EngineDaemonHandler::fields)
                .onErrorMap(EngineDaemonHandler::mapError));
    }

    @Override
    public Mono<Fields> retrieve(String file, ProgressSink progress) {
        return timed(ZstorCommand.RETRIEVE, Mono.fromCallable(() -> zstor.lookupKey(Path.of(file)))
                .flatMap(key -> zstor.retrieve(key, zstor.pathFor(key), progress(progress)))
                .doOnNext(r -> metrics.retrieved(r.size()))
                .map(r -> Fields.builder().put("key", r.key()).put("size", r.size()).put("checksum", r.checksumHex())
                        .put("pieces_from_parity", r.piecesFromParity()).build())
                .onErrorMap(EngineDaemonHandler::mapError));
    }

    @Override
    public Flux<ByteBuffer> retrieveStream(ObjectRef target, ProgressSink progress) {
        return Flux.defer(() -> {
            long start = System.nanoTime();
            AtomicLong bytes = new AtomicLong();
            return key(target)
                    .flatMapMany(key -> zstor.retrieve(key, progress(progress)))
                    .doOnNext(b -> bytes.addAndGet(b.remaining()))
                    .onErrorMap(EngineDaemonHandler::mapError)
                    .doFinally(s -> {
                        if (s != SignalType.CANCEL) {
                            boolean ok = s == SignalType.ON_COMPLETE;
                            if (ok) {
                                metrics.retrieved(bytes.get());
                            }
                            metrics.commandFinished(ZstorCommand.RETRIEVE, ok, java.time.Duration.ofNanos(System.nanoTime() - start));
                        }
                    });
        });
    }

    @Override
    public Mono<Fields> rebuild(ObjectRef target) {
        return timed(ZstorCommand.REBUILD, key(target)
                .flatMap(zstor::rebuild)
                .map(r -> Fields.builder().put("key", r.key()).put("data_shards", r.dataShards())
                        .put("parity_shards", r.parityShards()).put("pieces_rewritten", r.piecesRewritten())
                        .put("backends", String.join(",", r.backends())).build())
                .onErrorMap(EngineDaemonHandler::mapError));
    }

    @Override
    public Mono<Fields> check(ObjectRef target) {
        return timed(ZstorCommand.CHECK, key(target)
                .flatMap(key -> zstor.check(key)
                        .map(c -> c.map(sum -> Fields.builder().put("key", key).put("checksum", sum).build())
                                .orElseGet(() -> Fields.builder().put("key", key).build())))
                .onErrorMap(EngineDaemonHandler::mapError));
    }

    @Override
    public Mono<Fields> delete(ObjectRef target) {
        return timed(ZstorCommand.DELETE, key(target)
                .flatMap(key -> zstor.delete(key).map(d -> Fields.builder().put("key", key).put("deleted", d).build()))
                .onErrorMap(EngineDaemonHandler::mapError));
    }

    @Override
    public Flux<Fields> list() {
        return zstor.list()
                .map(o -> Fields.builder().put("key", o.key()).put("size", o.size()).put("stored", o.storedAt().toString())
                        .put("checksum", o.checksumHex()).build())
                .onErrorMap(EngineDaemonHandler::mapError);
    }

    @Override
    public Flux<Fields> status() {
        return zstor.status()
                .flatMapMany(s -> Flux.concat(Flux.fromIterable(s.metadata()), Flux.fromIterable(s.data())))
                .map(EngineDaemonHandler::fields)
                .onErrorMap(EngineDaemonHandler::mapError);
    }

    @Override
    public Flux<Fields> failures() {
        return zstor.failures()
                .map(f -> Fields.builder().put("key", f.key()).put("reason", f.reason()).put("time", f.failedAt().toString()).build())
                .onErrorMap(EngineDaemonHandler::mapError);
    }

    @Override
    public Mono<Void> test() {
        return zstor.test().onErrorMap(EngineDaemonHandler::mapError);
    }

    @Override
    public Mono<Void> recordFailure(String file, String reason) {
        return Mono.fromCallable(() -> zstor.lookupKey(Path.of(file)))
                .flatMap(key -> zstor.saveFailure(key, reason))
                .onErrorMap(EngineDaemonHandler::mapError);
    }

    private Mono<String> key(ObjectRef ref) {
        return ref.kind() == ObjectRef.Kind.KEY
                ? Mono.just(ref.value())
                : Mono.fromCallable(() -> zstor.lookupKey(Path.of(ref.value())));
    }

    private <T> Mono<T> timed(ZstorCommand command, Mono<T> work) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return work.doOnEach(sig -> {
                if (sig.isOnComplete() || sig.isOnError()) {
                    metrics.commandFinished(command, !sig.isOnError(), java.time.Duration.ofNanos(System.nanoTime() - start));
                }
            });
        });
    }

    private static ProgressListener progress(ProgressSink sink) {
        return sink::onProgress;
    }

    private static <T> Mono<T> blocking(java.util.concurrent.Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }

    private static List<Path> regularFilesIn(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        return files;
    }

    private static Fields fields(StoreResult r) {
        return Fields.builder().put("key", r.key()).put("size", r.size()).put("checksum", r.checksumHex())
                .put("blocks", r.blocks()).put("skipped", r.skipped()).build();
    }

    private static Fields fields(BackendStatus b) {
        Fields.Builder f = Fields.builder().put("backend", b.backend())
                .put("role", b.role() == BackendStatus.Role.METADATA ? "meta" : "data")
                .put("reachable", b.reachable()).put("mode", b.mode());
        if (b.reachable()) {
            f.put("entries", b.entries()).put("used", b.usedBytes()).put("free", b.freeBytes());
        }
        b.error().ifPresent(e -> f.put("error", e.replaceAll("[\\r\\n]+", " ")));
        return f.build();
    }

    /** Engine exceptions to error kinds; the message (one line, secret-free in the engine) is kept. */
    static Throwable mapError(Throwable e) {
        if (e instanceof DaemonCommandException) {
            return e;
        }
        if (e instanceof ObjectNotFoundException) {
            return new DaemonCommandException(ErrorKind.NOT_FOUND, DaemonServer.oneLine(e), e);
        }
        if (e instanceof InvalidKeyException || e instanceof java.nio.file.InvalidPathException) {
            return new DaemonCommandException(ErrorKind.BAD_REQUEST, DaemonServer.oneLine(e), e);
        }
        if (e instanceof BackendUnavailableException || e instanceof MetadataUnavailableException) {
            return new DaemonCommandException(ErrorKind.UNAVAILABLE, DaemonServer.oneLine(e), e);
        }
        return new DaemonCommandException(ErrorKind.FAILED, DaemonServer.oneLine(e), e);
    }
}
