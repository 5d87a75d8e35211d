package io.zstor.perf.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM command line of the benchmark's zstor processes (the CLI and the daemon stand-ins), built the way
 * {@code bin/zstor} builds it: {@code java @bin/jvm.options ZSTOR_JAVA_OPTS...}, the shared options file as a
 * java argument file, then {@code ZSTOR_JAVA_OPTS} split at whitespace (it comes last, so it overrides the
 * file). One source for the options, so the benchmark measures what users run and an A/B run of a JVM option
 * only needs {@code ZSTOR_JAVA_OPTS}.
 */
final class ZstorJvm {

    /** The environment variable {@code bin/zstor} appends to the options file. */
    static final String ENV = "ZSTOR_JAVA_OPTS";

    private final String java;
    private final List<String> options;

    /**
     * @param java the java executable
     * @param optionsFile the java argument file with zstor's JVM options ({@code bin/jvm.options})
     * @param extra {@code ZSTOR_JAVA_OPTS} (null or blank for none), whitespace-separated like bin/zstor splits it
     * @throws IllegalArgumentException when the options file does not exist
     */
    ZstorJvm(String java, Path optionsFile, String extra) {
        if (!Files.isRegularFile(optionsFile)) {
            throw new IllegalArgumentException("JVM options file " + optionsFile + " not found (bin/jvm.options of the"
                    + " repository; run from its root or pass --jvm-options)");
        }
        this.java = java;
        List<String> l = new ArrayList<>();
        l.add("@" + optionsFile.toAbsolutePath());
        if (extra != null && !extra.isBlank()) {
            l.addAll(List.of(extra.trim().split("\\s+")));
        }
        this.options = List.copyOf(l);
    }

    /** The options of {@code optionsFile} plus {@code ZSTOR_JAVA_OPTS} from this process's environment. */
    static ZstorJvm fromEnvironment(String java, Path optionsFile) {
        return new ZstorJvm(java, optionsFile, System.getenv(ENV));
    }

    /** {@code java OPTIONS -jar jar args...}: the CLI as bin/zstor runs it. */
    List<String> jar(Path jar, String... args) {
        List<String> l = start();
        l.add("-jar");
        l.add(jar.toString());
        l.addAll(List.of(args));
        return l;
    }

    /** {@code java OPTIONS -cp classpath main args...}: a zstor stand-in (daemon, repair) with zstor's options. */
    List<String> main(String classpath, Class<?> main, String... args) {
        List<String> l = start();
        l.add("-cp");
        l.add(classpath);
        l.add(main.getName());
        l.addAll(List.of(args));
        return l;
    }

    /**
     * The options as the JVM sees them, for the report header: the options file's options (comments and blank
     * lines dropped) followed by {@code ZSTOR_JAVA_OPTS}.
     */
    String describe() {
        List<String> l = new ArrayList<>();
        for (String o : options) {
            if (o.startsWith("@")) {
                try {
                    for (String line : Files.readAllLines(Path.of(o.substring(1)))) {
                        String code = line.replaceFirst("#.*", "").trim();
                        if (!code.isEmpty()) {
                            l.addAll(List.of(code.split("\\s+")));
                        }
                    }
                } catch (java.io.IOException e) {
                    l.add(o);
                }
            } else {
                l.add(o);
            }
        }
        return String.join(" ", l);
    }

    private List<String> start() {
        List<String> l = new ArrayList<>();
        l.add(java);
        l.addAll(options);
        return l;
    }
}
