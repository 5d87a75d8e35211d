package io.zstor.cli.session;

import io.zstor.engine.BackendStatus;
import io.zstor.engine.ClusterStatus;
import io.zstor.engine.ProgressListener;
import io.zstor.engine.RebuildResult;
import io.zstor.engine.RetrieveResult;
import io.zstor.engine.StoreOptions;
import io.zstor.engine.StoreResult;
import io.zstor.engine.Zstor;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.transport.zdb.client.LettuceZdbConnector;
import io.zstor.transport.zdb.client.LettuceZdbOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Runs commands on an engine inside the CLI process, talking to the backends directly (no {@code socket} in
 * the config). The engine's reactive results are awaited on the calling thread, which is the CLI's main
 * thread, never a reactor thread.
 */
public final class InProcessSession implements ZstorSession {

    private static final int STDIN_CHUNK = 1 << 20;
    private final Zstor zstor;

    private InProcessSession(Zstor zstor) {
        this.zstor = zstor;
    }

    /** An engine over {@code config} with the lettuce zdb client, using the config's timeouts and bounds. */
    public static InProcessSession open(ZstorConfig config) {
        LettuceZdbOptions options = LettuceZdbOptions.builder()
                .connectTimeout(config.tuning().zdbConnectTimeout())
                .commandTimeout(config.tuning().zdbTimeout())
                .maxInFlight(config.tuning().zdbMaxInFlight())
                .build();
        return new InProcessSession(Zstor.create(config, LettuceZdbConnector.create(options)));
    }

    /** The engine (for the daemon and tests). */
    public Zstor engine() {
        return zstor;
    }

    @Override
    public Stored store(Path file, Optional<Path> keyPath, boolean blocking, ProgressListener progress) {
        StoreResult r = zstor.store(file, new StoreOptions(keyPath, false), progress).block();
        return new Stored(r.key(), r.size(), r.checksumHex(), false);
    }

    @Override
    public Stored store(Path asPath, InputStream data, ProgressListener progress) {
        Flux<ByteBuffer> chunks = StdinChunks.of(data, STDIN_CHUNK);
        StoreResult r = zstor.store(zstor.lookupKey(asPath), chunks, progress).block();
        return new Stored(r.key(), r.size(), r.checksumHex(), false);
    }

    @Override
    public Retrieved retrieve(Path file, Path out, ProgressListener progress) {
        RetrieveResult r = zstor.retrieve(zstor.lookupKey(file), out, progress).block();
        return new Retrieved(r.key(), r.size(), r.checksumHex());
    }

    @Override
    public Retrieved retrieve(Path file, OutputStream out, ProgressListener progress) {
        String key = zstor.lookupKey(file);
        long size;
        try {
            size = OutputCopy.copy(zstor.retrieve(key, progress), 4, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write standard output: " + e.getMessage(), e);
        }
        String checksum = zstor.check(key).block().orElse("");
        return new Retrieved(key, size, checksum);
    }

    @Override
    public String rebuild(Optional<Path> file, Optional<String> key) {
        RebuildResult r = zstor.rebuild(file.map(zstor::lookupKey).orElseGet(key::orElseThrow)).block();
        return "rebuilt " + r.key() + ": " + r.piecesRewritten() + " pieces rewritten";
    }

    @Override
    public Optional<String> check(Path file) {
        return zstor.check(zstor.lookupKey(file)).block();
    }

    @Override
    public boolean delete(Optional<Path> file, Optional<String> key) {
        return Boolean.TRUE.equals(zstor.delete(file.map(zstor::lookupKey).orElseGet(key::orElseThrow)).block());
    }

    @Override
    public List<Listed> list() {
        return zstor.list().map(o -> new Listed(o.key(), o.size(), o.checksumHex(), o.storedAt().toEpochMilli()))
                .collectList().block();
    }

    @Override
    public List<BackendRow> status() {
        ClusterStatus status = zstor.status().block();
        List<BackendRow> rows = new ArrayList<>();
        status.metadata().forEach(b -> rows.add(row("meta", b)));
        status.data().forEach(b -> rows.add(row("data", b)));
        return rows;
    }

    private static BackendRow row(String kind, BackendStatus b) {
        return new BackendRow(kind, b.backend(), b.reachable(), b.reachable() ? "healthy" : "unreachable",
                b.entries(), b.usedBytes(), b.freeBytes());
    }

    @Override
    public void test() {
        zstor.test().block();
    }

    @Override
    public void saveFailure(String path, String reason) {
        zstor.saveFailure(path, reason).block();
    }

    @Override
    public List<Failure> failures() {
        return zstor.failures().map(f -> new Failure(f.key(), f.reason(), f.failedAt().toEpochMilli(), 1))
                .collectList().block();
    }

    @Override
    public void close() {
        zstor.close();
    }
}
