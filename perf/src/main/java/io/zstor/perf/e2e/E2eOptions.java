package io.zstor.perf.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of {@link EndToEndBenchmark}.
 *
 * @param sizesMib file sizes in MiB ({@code --size-gib 1,4} or {@code --size-mib 64}; 0 skips the large files)
 * @param shapes k+m shapes ({@code --shapes 4+2,10+5})
 * @param kinds data kinds ({@code --data random,compressible})
 * @param out directory for results.md, results.csv and the chart ({@code --out})
 * @param work directory for cluster data and test files ({@code --work}; default a new temp dir)
 * @param cliJar the zstor CLI jar ({@code --cli-jar}, default cli/target/zstor.jar)
 * @param launcher the zstor launcher the CLI is run with ({@code --launcher}, default bin/zstor; its JVM options
 *     file bin/jvm.options also starts the daemon and repair stand-ins)
 * @param inMemory keep zdb data in memory instead of on disk ({@code --in-memory})
 * @param smallObjects number of 4 KiB objects for the small-object run, 0 to skip ({@code --small-objects})
 * @param repairGib GiB of objects for the repair run, 0 to skip ({@code --repair-gib}, fractions allowed)
 * @param sweepMib file size in MiB of the block-size / concurrency sweep, 0 to skip ({@code --sweep-mib})
 * @param daemon also store and retrieve each large file through a warmed-up daemon ({@code --no-daemon} skips)
 * @param ballast fill free memory with clean page cache before each measured phase ({@link PageCacheBallast};
 *     {@code --no-ballast} leaves memory as the phase before left it)
 */
record E2eOptions(List<Long> sizesMib, List<int[]> shapes, List<DataKind> kinds, Path out, Path work, Path cliJar,
                  Path launcher, boolean inMemory, int smallObjects, double repairGib, long sweepMib, boolean daemon,
                  boolean ballast) {

    static final String USAGE = "usage: EndToEndBenchmark [--size-gib 1,4 | --size-mib 64,256] [--shapes 4+2,10+5]"
            + " [--data random,compressible] [--out perf/results/e2e] [--work DIR] [--cli-jar cli/target/zstor.jar]"
            + " [--launcher bin/zstor] [--in-memory] [--small-objects 10000] [--repair-gib 1] [--sweep-mib 256] [--no-daemon]"
            + " [--no-ballast]";

    /** Parses the arguments; throws {@link IllegalArgumentException} with a one-line message. */
    static E2eOptions parse(String[] args) {
        List<Long> sizes = List.of(1024L, 4096L);
        List<int[]> shapes = List.of(new int[] {4, 2}, new int[] {10, 5});
        List<DataKind> kinds = List.of(DataKind.RANDOM, DataKind.COMPRESSIBLE);
        Path out = Path.of("perf/results/e2e");
        Path work = null;
        Path cliJar = Path.of("cli/target/zstor.jar");
        Path launcher = Path.of("bin/zstor");
        boolean inMemory = false;
        int small = 10_000;
        double repairGib = 1;
        long sweepMib = 256;
        boolean daemon = true;
        boolean ballast = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--size-gib" -> sizes = numbers(value(args, ++i, a), 1024);
                case "--size-mib" -> sizes = numbers(value(args, ++i, a), 1);
                case "--shapes" -> {
                    List<int[]> l = new ArrayList<>();
                    for (String s : value(args, ++i, a).split(",")) {
                        String[] km = s.trim().split("\\+");
                        if (km.length != 2) {
                            throw new IllegalArgumentException("--shapes takes k+m,..., got " + s);
                        }
                        int k = Integer.parseInt(km[0]);
                        int m = Integer.parseInt(km[1]);
                        if (k < 1 || m < 1 || k + m > 32) {
                            throw new IllegalArgumentException("bad shape " + s + " (k, m >= 1, k + m <= 32)");
                        }
                        l.add(new int[] {k, m});
                    }
                    shapes = l;
                }
                case "--data" -> {
                    List<DataKind> l = new ArrayList<>();
                    for (String s : value(args, ++i, a).split(",")) {
                        l.add(DataKind.parse(s));
                    }
                    kinds = l;
                }
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--work" -> work = Path.of(value(args, ++i, a));
                case "--cli-jar" -> cliJar = Path.of(value(args, ++i, a));
                case "--launcher" -> launcher = Path.of(value(args, ++i, a));
                case "--in-memory" -> inMemory = true;
                case "--no-daemon" -> daemon = false;
                case "--no-ballast" -> ballast = false;
                case "--small-objects" -> small = nonNegative(a, Integer.parseInt(value(args, ++i, a)));
                case "--repair-gib" -> {
                    repairGib = Double.parseDouble(value(args, ++i, a));
                    if (!(repairGib >= 0 && repairGib <= 1024)) {
                        throw new IllegalArgumentException("--repair-gib takes 0 (skip) to 1024, got " + args[i]);
                    }
                }
                case "--sweep-mib" -> sweepMib = nonNegative(a, Long.parseLong(value(args, ++i, a)));
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        return new E2eOptions(sizes, shapes, kinds, out, work, cliJar, launcher, inMemory, small, repairGib, sweepMib,
                daemon, ballast);
    }

    private static <T extends Number> T nonNegative(String option, T value) {
        if (value.doubleValue() < 0) {
            throw new IllegalArgumentException(option + " must not be negative, got " + value);
        }
        return value;
    }

    private static List<Long> numbers(String v, long factor) {
        List<Long> l = new ArrayList<>();
        if (v.trim().equals("0")) {
            return l; // no large files
        }
        for (String s : v.split(",")) {
            long x = Long.parseLong(s.trim());
            if (x < 1) {
                throw new IllegalArgumentException("sizes must be positive (or a single 0 to skip), got " + s);
            }
            l.add(x * factor);
        }
        return l;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
