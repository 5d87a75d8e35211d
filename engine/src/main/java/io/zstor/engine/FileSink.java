package io.zstor.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes a stream to a temporary file beside the target, flushes it to disk and renames it into place on
 * success, so a failed retrieve never leaves a truncated file at the target path. {@link OutputFile} writes
 * whole blocks around the page cache where it can, and flushes the rest in the background while the download
 * goes on, so the final fsync only has the tail left (measured here: an fsync of a whole 1 GiB file at the end
 * of a retrieve added ~5 s).
 * A failure of the file itself (disk full, permission denied) becomes an {@link OutputFileException} naming
 * the target; failures of the data stream pass through unchanged. Either way the temporary file is removed.
 */
public final class FileSink {

    /** Buffers a retrieve's sink takes ahead of its writer: whole blocks, so two. */
    private static final int BLOCKS_AHEAD = 2;

    private FileSink() {
    }

    static Mono<Void> write(Flux<ByteBuffer> data, Path out) {
        return write(data, out, buf -> { }, false);
    }

    /**
     * Writes a stream of buffers of any length to {@code out} as a retrieve writes its file (a temporary file
     * beside it, around the page cache where the file system allows, flushed, then renamed into place), for
     * callers that receive an object's bytes from elsewhere, such as a client of the daemon.
     *
     * @param ahead buffers received and not yet written, at most (enough for a few MiB keeps the sender going
     *     while a direct write waits for the disk)
     */
    public static Mono<Void> write(Flux<ByteBuffer> data, Path out, int ahead) {
        return write(data, out, buf -> { }, true, ahead);
    }

    /**
     * Like {@link #write(Flux, Path)}, handing each buffer to {@code written} once its bytes are in the file
     * (the read that made it may then reuse its array); with {@code aroundPageCache}, whole blocks are
     * written around the page cache where the file system allows it (worth it for large files only: it costs
     * a look-up of the file system and a second open).
     */
    static Mono<Void> write(Flux<ByteBuffer> data, Path out, Consumer<ByteBuffer> written, boolean aroundPageCache) {
        return write(data, out, written, aroundPageCache, BLOCKS_AHEAD);
    }

    private static Mono<Void> write(Flux<ByteBuffer> data, Path out, Consumer<ByteBuffer> written,
            boolean aroundPageCache, int ahead) {
        // assembled lazily on a blocking-capable worker: the temp name's UUID.randomUUID() may read
        // /dev/urandom, and the caller may be a netty thread (BlockHound caught it there)
        return Mono.defer(() -> assemble(data, out, written, aroundPageCache, ahead))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static Mono<Void> assemble(Flux<ByteBuffer> data, Path out, Consumer<ByteBuffer> written,
            boolean aroundPageCache, int ahead) {
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".zstor-" + UUID.randomUUID() + ".tmp");
        return Mono.using(() -> io(target, () -> {
            Files.createDirectories(dir);
            return OutputFile.create(tmp, aroundPageCache);
        }), file -> data.publishOn(Schedulers.boundedElastic(), ahead)
                .doOnNext(buf -> io(target, () -> {
                    file.write(buf);
                    written.accept(buf);
                    return null;
                }))
                .then(Mono.fromCallable(() -> io(target, () -> {
                    file.finish();
                    return true;
                }))), file -> io(target, () -> {
            file.close();
            return null;
        })).then(Mono.fromCallable(() -> io(target, () -> {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir); // the rename itself survives a crash only once its directory is on disk
            return true;
        })).then())
                .onErrorResume(e -> Mono.fromCallable(() -> Files.deleteIfExists(tmp))
                        .onErrorResume(ignored -> Mono.empty()) // the first error is the one to report
                        .subscribeOn(Schedulers.boundedElastic()).then(Mono.error(e)))
                .doOnCancel(() -> {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // best effort
                    }
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Flushes a directory's entries to disk where the platform can open a directory (Linux, macOS). */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (AccessDeniedException | UnsupportedOperationException e) {
            // Windows cannot open a directory; a directory readable by nobody cannot be flushed: the file is
            // written and renamed all the same
        }
    }

    /** One file operation, whose {@link IOException} becomes the {@link OutputFileException} naming the target. */
    @FunctionalInterface
    private interface FileStep<T> {
        T run() throws IOException;
    }

    private static <T> T io(Path target, FileStep<T> step) {
        try {
            return step.run();
        } catch (IOException e) {
            throw failure(target, e);
        }
    }

    /** "cannot write /x/out: No space left on device": the target, not the temporary name, and the OS's reason. */
    static OutputFileException failure(Path target, IOException e) {
        String reason;
        if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            reason = "no such file or directory";
        } else if (e instanceof FileAlreadyExistsException f) {
            reason = f.getFile() + " exists and is not a directory";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            reason = f.getReason();
        } else {
            reason = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new OutputFileException("cannot write " + target + ": " + reason, e);
    }
}
