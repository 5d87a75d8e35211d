package io.zstor.it.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shaded {@code zstor.jar} as a separate process, the way users and scripts do, and captures its
 * exit code, standard output and standard error.
 */
public final class ZstorProcess {

    private static final Path JAR = Path.of(System.getProperty("zstor.cli.jar", "../cli/target/zstor.jar"));
    /** The JVM options file bin/zstor starts zstor with. */
    private static final Path JVM_OPTIONS = Path.of(System.getProperty("zstor.jvm.options", "../bin/jvm.options"));
    private static final String JAVA = System.getProperty("zstor.java", Path.of(System.getProperty("java.home"), "bin", "java").toString());

    private ZstorProcess() {
    }

    /** The java command line that runs the jar with {@code args}. */
    public static List<String> command(List<String> prefix, String... args) {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("zstor.jar not built: " + JAR.toAbsolutePath());
        }
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(JAVA);
        cmd.add("@" + JVM_OPTIONS.toAbsolutePath()); // what bin/zstor passes
        cmd.add("-XX:TieredStopAtLevel=1"); // short-lived test JVMs on small files start faster with C1 only
        cmd.add("-jar");
        cmd.add(JAR.toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs zstor in {@code cwd} with {@code stdin} (may be null) and waits at most two minutes. */
    public static Result run(Path cwd, byte[] stdin, List<String> prefix, String... args) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command(prefix, args)).directory(cwd.toFile());
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread o = pump(p.getInputStream(), out);
            Thread e = pump(p.getErrorStream(), err);
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("zstor " + String.join(" ", args) + " did not finish in 120 s");
            }
            o.join();
            e.join();
            return new Result(p.exitValue(), out.toByteArray(), withoutJvmWarning(err.toString(StandardCharsets.UTF_8)));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** Runs {@code zstor -c config args...} in {@code cwd} (no stdin). */
    public static Result withConfig(Path cwd, Path config, String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "-c";
        full[1] = config.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        return run(cwd, full);
    }

    /** Runs zstor in {@code cwd} without input. */
    public static Result run(Path cwd, String... args) {
        return run(cwd, null, List.of(), args);
    }

    /** Drops the JVM's own start-up line about the incubator module (bin/zstor drops it too). */
    static String withoutJvmWarning(String stderr) {
        return stderr.replaceFirst("^WARNING: Using incubator modules: jdk\\.incubator\\.vector\\R", "");
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** What a finished zstor process left. */
    public record Result(int exitCode, byte[] stdoutBytes, String stderr) {
        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout: " + stdout() + "\nstderr: " + stderr;
        }
    }
}
