package io.zstor.cli.session;

import io.zstor.engine.FileSink;
import io.zstor.engine.ProgressListener;
import io.zstor.transport.daemon.DaemonCall;
import io.zstor.transport.daemon.DaemonClient;
import io.zstor.transport.daemon.DaemonRequest;
import io.zstor.transport.daemon.Fields;
import io.zstor.transport.daemon.ObjectRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Runs commands in the daemon ({@code zstor monitor}) behind the config's {@code socket}. When nothing answers
 * there, every command fails with one line saying to start the daemon; there is no silent fallback to an
 * in-process engine, which would bypass the daemon's bound on parallel uploads.
 */
final class DaemonSession implements ZstorSession {

    private static final int STDIN_CHUNK = 256 * 1024;
    /** Data frames (256 KiB) received ahead of the output file's writer: one direct write's worth. */
    private static final int FRAMES_AHEAD = 16;
    private final DaemonClient client;

    private DaemonSession(DaemonClient client) {
        this.client = client;
    }

    /** A session on the daemon serving {@code socket}; the first command finds out whether it answers. */
    static ZstorSession connect(Path socket) {
        return new DaemonSession(DaemonClient.create(socket));
    }

    private static Fields run(DaemonCall call, ProgressListener progress) {
        Disposable bar = call.progress().subscribe(p -> progress.onProgress(p.bytesDone(), p.bytesTotal()));
        try {
            return call.result().block();
        } finally {
            bar.dispose();
        }
    }

    @Override
    public Stored store(Path file, Optional<Path> keyPath, boolean blocking, ProgressListener progress) {
        Fields r = run(client.call(DaemonClient.store(file, keyPath, false, false, blocking)), progress);
        return new Stored(r.get("key").orElse(file.toString()), r.getLong("size", -1), r.get("checksum").orElse(""),
                !blocking);
    }

    @Override
    public Stored store(Path asPath, InputStream data, ProgressListener progress) {
        Flux<ByteBuffer> chunks = StdinChunks.of(data, STDIN_CHUNK);
        Fields r = run(client.call(new DaemonRequest.StoreStream(DaemonClient.file(asPath)), chunks), progress);
        return new Stored(r.get("key").orElse(asPath.toString()), r.getLong("size", -1), r.get("checksum").orElse(""), false);
    }

    @Override
    public Retrieved retrieve(Path file, Path out, ProgressListener progress) {
        if (out.equals(file.toAbsolutePath().normalize())) {
            Fields r = run(client.call(DaemonClient.retrieve(file)), progress);
            return new Retrieved(r.get("key").orElse(file.toString()), r.getLong("size", -1), r.get("checksum").orElse(""));
        }
        // another output path: stream the object here, into a temporary file beside it that is renamed into
        // place only when it is complete, written as the daemon writes its own files (around the page cache)
        DaemonCall call = client.call(new DaemonRequest.RetrieveStream(DaemonClient.file(file)));
        Disposable bar = call.progress().subscribe(p -> progress.onProgress(p.bytesDone(), p.bytesTotal()));
        AtomicLong size = new AtomicLong();
        try {
            FileSink.write(call.data().doOnNext(b -> size.addAndGet(b.remaining())), out, FRAMES_AHEAD).block();
        } finally {
            bar.dispose();
        }
        return new Retrieved(file.toString(), size.get(), check(file).orElse(""));
    }

    @Override
    public Retrieved retrieve(Path file, OutputStream out, ProgressListener progress) {
        DaemonCall call = client.call(new DaemonRequest.RetrieveStream(DaemonClient.file(file)));
        Disposable bar = call.progress().subscribe(p -> progress.onProgress(p.bytesDone(), p.bytesTotal()));
        long size;
        try {
            size = OutputCopy.copy(call.data(), 8, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write output: " + e.getMessage(), e);
        } finally {
            bar.dispose();
        }
        return new Retrieved(file.toString(), size, check(file).orElse(""));
    }

    private static ObjectRef ref(Optional<Path> file, Optional<String> key) {
        return file.map(DaemonClient::file).orElseGet(() -> ObjectRef.key(key.orElseThrow()));
    }

    @Override
    public String rebuild(Optional<Path> file, Optional<String> key) {
        Fields r = client.call(new DaemonRequest.Rebuild(ref(file, key))).result().block();
        return "rebuilt " + r.get("key").orElse("") + ": " + r.getLong("pieces_rewritten", 0) + " pieces rewritten";
    }

    @Override
    public Optional<String> check(Path file) {
        return client.call(new DaemonRequest.Check(DaemonClient.file(file))).result().block().get("checksum");
    }

    @Override
    public boolean delete(Optional<Path> file, Optional<String> key) {
        return client.call(new DaemonRequest.Delete(ref(file, key))).result().block().get("deleted")
                .map(Boolean::parseBoolean).orElse(false);
    }

    @Override
    public List<Listed> list() {
        return client.call(new DaemonRequest.ListObjects()).rows()
                .map(f -> new Listed(f.require("key"), f.getLong("size", -1), f.get("checksum").orElse(""),
                        f.get("stored").map(s -> Instant.parse(s).toEpochMilli()).orElse(0L)))
                .collectList().block();
    }

    @Override
    public List<BackendRow> status() {
        return client.call(new DaemonRequest.Status()).rows()
                .map(f -> {
                    boolean reachable = f.get("reachable").map(Boolean::parseBoolean).orElse(false);
                    return new BackendRow(f.get("role").orElse("data"), f.require("backend"), reachable,
                            f.get("state").orElse(reachable ? "healthy" : "unreachable"), f.getLong("entries", 0),
                            f.getLong("used", 0), f.getLong("free", 0));
                })
                .collectList().block();
    }

    @Override
    public void test() {
        client.call(new DaemonRequest.Test()).result().block();
    }

    @Override
    public void saveFailure(String path, String reason) {
        client.call(new DaemonRequest.RecordFailure(path, reason)).result().block();
    }

    @Override
    public List<Failure> failures() {
        return client.call(new DaemonRequest.Failures()).rows()
                .map(f -> new Failure(f.require("key"), f.get("reason").orElse(""),
                        f.get("time").map(s -> Instant.parse(s).toEpochMilli()).orElse(0L), 1))
                .collectList().block();
    }

    @Override
    public void close() {
        // one connection per command: nothing stays open
    }
}
