package io.zstor.cli.command;

import io.zstor.cli.ExitCode;
import io.zstor.cli.UserError;
import io.zstor.cli.output.ProgressBar;
import io.zstor.cli.session.ZstorSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zstor store}: one file, every regular file directly in a directory, or standard input
 * ({@code -f -} with {@code -k KEY}). Unlike the original, {@code -e} and {@code -s} work: a directory store
 * continues past a failing file unless {@code -e} (then it stops and exits 1), and {@code -s} records each
 * failure in the metadata store ({@code zstor failures}). {@code -d} deletes a source only after its store
 * succeeded.
 */
@Command(name = "store", description = "store a file, every file of a directory, or standard input (-f -)")
public final class StoreCommand extends BaseCommand {

    @picocli.CommandLine.Mixin
    io.zstor.cli.StoreLocalOptions local;

    @Override
    public io.zstor.cli.GlobalOptions localOptions() {
        return local;
    }

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "PATH",
            description = "file or directory to store, or - for standard input")
    Path file;

    @Option(names = {"-k", "--key-path"}, paramLabel = "DIR|KEY",
            description = "store as if the file lived in DIR; with -f -, the path to store standard input as")
    String keyPath;

    @Option(names = {"-e", "--error-on-failure"},
            description = "in directory mode, stop at the first failing file and exit 1 (default: continue, exit 0)")
    boolean errorOnFailure;

    @Option(names = {"-s", "--save-failure"}, description = "record failed stores so they can be listed and retried")
    boolean saveFailure;

    @Option(names = {"-d", "--delete"}, description = "delete each source file after it was stored")
    boolean delete;

    @Option(names = {"-n", "--notblocking", "--non-blocking"},
            description = "daemon only: return once the daemon accepted the store")
    boolean nonBlocking;

    @Override
    public Integer call() {
        try (ZstorSession session = openSession()) {
            if (file.toString().equals("-")) {
                return storeStdin(session);
            }
            if (Files.isDirectory(file)) {
                return storeDirectory(session);
            }
            storeOne(session, file);
            return ExitCode.OK;
        }
    }

    private int storeStdin(ZstorSession session) {
        if (keyPath == null || keyPath.isBlank()) {
            throw new UserError(ExitCode.USAGE, "store -f - needs -k PATH: the path to store standard input as");
        }
        Path asPath = Path.of(keyPath).toAbsolutePath().normalize();
        ZstorSession.Stored stored = session.store(asPath, System.in, ProgressBar.forTerminal(keyPath));
        if (global().debug()) {
            err().println("stored " + stored.key() + " (" + stored.size() + " bytes)");
        }
        return ExitCode.OK;
    }

    private int storeDirectory(ZstorSession session) {
        List<Path> files = regularFilesIn(file);
        int failed = 0;
        for (Path f : files) {
            try {
                storeOne(session, f);
            } catch (RuntimeException e) {
                failed++;
                if (errorOnFailure) {
                    throw e;
                }
                err().println("zstor: " + f + ": " + io.zstor.cli.Failures.oneLine(e));
            }
        }
        if (failed > 0) {
            err().println("zstor: " + failed + " of " + files.size() + " files failed to store"
                    + (saveFailure ? " (recorded, see zstor failures)" : ""));
        }
        return ExitCode.OK;
    }

    private void storeOne(ZstorSession session, Path f) {
        Optional<Path> dir = Optional.ofNullable(keyPath).map(Path::of);
        dir.ifPresent(d -> {
            if (!Files.isDirectory(d)) {
                throw new UserError(ExitCode.USAGE, "--key-path " + d + ": not a directory");
            }
        });
        try {
            if (!Files.exists(f)) {
                throw new UserError(ExitCode.FAILED, "no such file: " + f);
            }
            if (!Files.isRegularFile(f)) {
                throw new UserError(ExitCode.FAILED, f + ": not a regular file");
            }
            if (!Files.isReadable(f)) {
                throw new UserError(ExitCode.FAILED, "cannot read " + f + ": permission denied");
            }
            session.store(f.toAbsolutePath(), dir.map(Path::toAbsolutePath), !nonBlocking,
                    ProgressBar.forTerminal(f.getFileName().toString()));
        } catch (RuntimeException e) {
            if (saveFailure) {
                try {
                    session.saveFailure(f.toAbsolutePath().toString(), io.zstor.cli.Failures.oneLine(e));
                } catch (RuntimeException saveError) {
                    e.addSuppressed(saveError);
                }
            }
            throw e;
        }
        if (delete) {
            try {
                Files.delete(f);
            } catch (IOException e) {
                err().println("zstor: stored " + f + " but could not delete it: " + e.getMessage());
            }
        }
    }

    private static List<Path> regularFilesIn(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> files = new ArrayList<>();
            entries.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().forEach(files::add);
            return files;
        } catch (IOException e) {
            throw new UserError(ExitCode.FAILED, "cannot list " + dir + ": " + e.getMessage());
        }
    }
}
