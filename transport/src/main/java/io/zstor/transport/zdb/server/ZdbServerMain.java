package io.zstor.transport.zdb.server;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an embedded 0-db server as a standalone process (also used by {@code zstor zdb}).
 *
 * <p>Options: {@code --listen HOST:PORT} (IPv6 as {@code [::1]:9900}; default 127.0.0.1:9900), {@code --port N},
 * {@code --data DIR} (absent = in memory), {@code --index DIR} (default: the data dir), {@code --mode
 * user|seq|mixed}, {@code --admin PASSWORD}, {@code --protect}, {@code --maxsize BYTES}, {@code --datasize
 * BYTES}, {@code --sync}. Once listening it prints exactly {@code zdb listening on HOST:PORT} on stdout; on
 * SIGTERM (or SIGINT) it stops, flushes and closes its files, and exits 0. Bad arguments exit 2 with a one-line
 * message on stderr.
 */
public final class ZdbServerMain {

    private ZdbServerMain() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        ZdbServerOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("zdb: " + e.getMessage());
            System.exit(2);
            return;
        }
        int code = run(options, System.out);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Starts the server, prints the listening line, and blocks until the JVM is asked to shut down. */
    static int run(ZdbServerOptions options, PrintStream out) {
        ZdbServer server;
        try {
            server = ZdbServer.start(options);
        } catch (UncheckedIOException | IllegalStateException e) {
            System.err.println("zdb: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println("zdb: cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "zdb-shutdown"));
        out.println("zdb listening on " + format(options.host(), server.port()));
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** {@code host:port}, with brackets around IPv6 literals. */
    static String format(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Parses the command line into options. */
    static ZdbServerOptions parse(String[] args) {
        ZdbServerOptions.Builder b = ZdbServerOptions.builder().port(9900);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--listen" -> {
                    InetSocketAddress addr = parseListen(value(args, ++i, a));
                    b.host(addr.getHostString()).port(addr.getPort());
                }
                case "--port" -> b.port(parseInt(value(args, ++i, a), a));
                case "--data" -> b.dataDir(Path.of(value(args, ++i, a)));
                case "--index" -> b.indexDir(Path.of(value(args, ++i, a)));
                case "--mode" -> b.mode(parseMode(value(args, ++i, a)));
                case "--admin" -> b.adminPassword(value(args, ++i, a));
                case "--protect" -> b.protect(true);
                case "--maxsize" -> b.defaultMaxSize(parseLong(value(args, ++i, a), a));
                case "--datasize" -> b.dataFileSize(parseLong(value(args, ++i, a), a));
                case "--sync" -> b.syncPolicy(SyncPolicy.EVERY_WRITE);
                default -> throw new IllegalArgumentException("unknown option " + a
                        + " (known: --listen --port --data --index --mode --admin --protect --maxsize --datasize --sync)");
            }
        }
        return b.build();
    }

    /** Parses {@code HOST:PORT}, {@code [V6]:PORT} or a bare host (port 9900). */
    static InetSocketAddress parseListen(String v) {
        String host;
        int port = 9900;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("bad --listen address " + v);
            }
            host = v.substring(1, close);
            if (close + 1 < v.length()) {
                if (v.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("bad --listen address " + v);
                }
                port = parseInt(v.substring(close + 2), "--listen");
            }
        } else if (v.indexOf(':') != v.lastIndexOf(':')) {
            host = v;
        } else if (v.indexOf(':') >= 0) {
            host = v.substring(0, v.indexOf(':'));
            port = parseInt(v.substring(v.indexOf(':') + 1), "--listen");
        } else {
            host = v;
        }
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw new IllegalArgumentException("bad --listen address " + v);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static ZdbMode parseMode(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "user" -> ZdbMode.USER;
            case "seq", "direct" -> ZdbMode.SEQ;
            case "mixed" -> ZdbMode.MIXED;
            default -> throw new IllegalArgumentException("--mode must be user, seq or mixed, got " + v);
        };
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int parseInt(String v, String option) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got " + v);
        }
    }

    private static long parseLong(String v, String option) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got " + v);
        }
    }
}
