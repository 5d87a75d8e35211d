package io.zstor.perf.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the benchmark starts zstor, so that it measures what users run. The CLI goes through the launcher
 * itself ({@code bin/zstor}: its JVM options file {@code bin/jvm.options}, {@code ZSTOR_JAVA_OPTS}, its
 * class-data archive), with {@code JAVA_HOME} set to the benchmark's own JDK and {@code ZSTOR_JAR} to the jar
 * under test; {@link MeteredProcess} meters the launcher together with the JVM it starts. Stand-ins that run a
 * zstor main class other than the CLI (daemon, repair) get the same JVM options as a java argument file, plus
 * what the launcher adds on this machine ({@code java @bin/jvm.options [-XX:+UseTransparentHugePages]
 * ZSTOR_JAVA_OPTS... -cp ...}). An A/B run of a JVM option needs only
 * {@code ZSTOR_JAVA_OPTS} in the benchmark's environment, which the children inherit.
 */
final class ZstorJvm {

    /** The environment variable bin/zstor appends to the options file. */
    static final String ENV = "ZSTOR_JAVA_OPTS";

    private final String javaHome;
    private final Path launcher;
    private final Path optionsFile;
    private final List<String> extra;

    /**
     * @param javaHome the JDK the launcher is to use ({@code JAVA_HOME})
     * @param launcher {@code bin/zstor}; its options file is {@code jvm.options} beside it
     * @param extraOptions {@code ZSTOR_JAVA_OPTS} (null or blank for none), split at whitespace as bin/zstor does
     * @throws IllegalArgumentException when the launcher or its options file does not exist
     */
    ZstorJvm(String javaHome, Path launcher, String extraOptions) {
        this.optionsFile = launcher.toAbsolutePath().resolveSibling("jvm.options");
        if (!Files.isExecutable(launcher) || !Files.isRegularFile(optionsFile)) {
            throw new IllegalArgumentException("launcher " + launcher + " or its " + optionsFile.getFileName()
                    + " not found (bin/zstor of the repository; run from its root or pass --launcher)");
        }
        this.javaHome = javaHome;
        this.launcher = launcher.toAbsolutePath();
        this.extra = extraOptions == null || extraOptions.isBlank() ? List.of()
                : List.of(extraOptions.trim().split("\\s+"));
    }

    /** The launcher with {@code ZSTOR_JAVA_OPTS} from this process's environment, on this process's JDK. */
    static ZstorJvm fromEnvironment(Path launcher) {
        return new ZstorJvm(System.getProperty("java.home"), launcher, System.getenv(ENV));
    }

    /** {@code env JAVA_HOME=... ZSTOR_JAR=jar bin/zstor args...}: the CLI exactly as users start it. */
    List<String> cli(Path jar, String... args) {
        List<String> l = new ArrayList<>(List.of("/usr/bin/env", "JAVA_HOME=" + javaHome,
                "ZSTOR_JAR=" + jar.toAbsolutePath(), launcher.toString()));
        l.addAll(List.of(args));
        return l;
    }

    /** {@code java @jvm.options ZSTOR_JAVA_OPTS... -cp classpath main args...}: a stand-in with zstor's options. */
    List<String> main(String classpath, Class<?> main, String... args) {
        List<String> l = new ArrayList<>();
        l.add(Path.of(javaHome, "bin", "java").toString());
        l.add("@" + optionsFile);
        l.addAll(launcherAdds());
        l.addAll(extra);
        l.add("-cp");
        l.add(classpath);
        l.add(main.getName());
        l.addAll(List.of(args));
        return l;
    }

    /**
     * The JVM options as the JVM sees them, for the report header: the options file's options (comments and
     * blank lines dropped) followed by {@code ZSTOR_JAVA_OPTS}.
     */
    String describe() {
        List<String> l = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(optionsFile)) {
                String code = line.replaceFirst("#.*", "").trim();
                if (!code.isEmpty()) {
                    l.addAll(List.of(code.split("\\s+")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        l.addAll(launcherAdds());
        l.addAll(extra);
        return String.join(" ", l);
    }

    /**
     * What bin/zstor adds to the options file on this machine: transparent huge pages where the kernel hands
     * them out on request ({@code [madvise]}).
     */
    static List<String> launcherAdds() {
        try {
            String mode = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
            return mode.contains("[madvise]") ? List.of("-XX:+UseTransparentHugePages") : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
