package io.zstor.cli.command;

import io.zstor.cli.ExitCode;
import io.zstor.cli.output.ProgressBar;
import io.zstor.cli.session.ZstorSession;
import java.io.OutputStream;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zstor retrieve -f PATH [-o OUT|-]}: restores the object stored for PATH, to PATH itself (as the
 * original does), to OUT, or to standard output. Data goes to a temporary file renamed into place only when
 * the whole object decoded and verified (every block against its checksum), so a failed retrieve leaves
 * nothing behind.
 */
@Command(name = "retrieve", description = "retrieve a stored file (to its path, to -o OUT, or -o - for stdout)")
public final class RetrieveCommand extends StandardCommand {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "PATH", description = "path the file was stored as")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "where to write it (- for standard output)")
    String output;

    @Override
    public Integer call() {
        try (ZstorSession session = openSession()) {
            Path key = file.toAbsolutePath().normalize();
            if ("-".equals(output)) {
                OutputStream stdout = System.out;
                session.retrieve(key, stdout, ProgressBar.forTerminal(file.getFileName().toString()));
                System.out.flush();
            } else {
                Path out = output == null ? key : Path.of(output).toAbsolutePath();
                session.retrieve(key, out, ProgressBar.forTerminal(file.getFileName().toString()));
            }
            return ExitCode.OK;
        }
    }
}
