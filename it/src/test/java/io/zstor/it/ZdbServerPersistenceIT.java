package io.zstor.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded zdb server as a separate JVM ({@code ZdbServerMain}): writes are acknowledged while the process
 * is killed with SIGKILL; after a restart on the same directories every acknowledged write is back.
 */
class ZdbServerPersistenceIT {

    private static final Pattern LISTENING = Pattern.compile("zdb listening on (.+):(\\d+)");

    @TempDir
    Path dir;

    /** A started server process and its port. */
    private record Server(Process process, int port) {
    }

    private Server startServer() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.zstor.transport.zdb.server.ZdbServerMain", "--listen", "127.0.0.1:0",
                "--data", dir.resolve("data").toString(), "--index", dir.resolve("index").toString(),
                "--admin", "adm"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.matches()) {
                assertThat(m.group(1)).isEqualTo("127.0.0.1");
                return new Server(p, Integer.parseInt(m.group(2)));
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        p.destroyForcibly().waitFor();
        throw new IllegalStateException("server did not print its listening line, exit " + p.exitValue());
    }

    static byte[] valueOf(int i) {
        byte[] v = new byte[1 + (i * 7919) % 65536];
        for (int j = 0; j < v.length; j++) {
            v[j] = (byte) (i * 31 + j);
        }
        return v;
    }

    @Test
    void everyAcknowledgedWriteSurvivesKill9() throws Exception {
        Server first = startServer();
        Map<Integer, Boolean> acked = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (Resp admin = new Resp(first.port())) {
            assertThat(admin.cmd("AUTH", "adm")).isEqualTo("+OK\r\n");
            assertThat(admin.cmd("NSNEW", "data")).isEqualTo("+OK\r\n");
            assertThat(admin.cmd("NSSET", "data", "password", "pw")).isEqualTo("+OK\r\n");
            assertThat(admin.cmd("NSNEW", "seq")).isEqualTo("+OK\r\n");
            assertThat(admin.cmd("NSSET", "seq", "mode", "seq")).isEqualTo("+OK\r\n");
            assertThat(admin.cmd("SELECT", "data", "pw")).isEqualTo("+OK\r\n");
            assertThat(admin.cmd("SET", "gone", "x")).isEqualTo("$4\r\ngone\r\n");
            assertThat(admin.cmd("DEL", "gone")).isEqualTo("+OK\r\n");
            assertThat(admin.cmd("SELECT", "seq")).isEqualTo("+OK\r\n");
            assertThat(admin.cmd("SET", "", "s0")).isEqualTo("$8\r\n\0\0\0\0\0\0\0\0\r\n");
        }
        Thread writer = new Thread(() -> {
            try (Resp c = new Resp(first.port())) {
                c.cmd("SELECT", "data", "pw");
                for (int i = 0; !stop.get(); i++) {
                    byte[] reply = c.call("SET".getBytes(), ("k" + i).getBytes(), valueOf(i));
                    if (Arrays.equals(reply, ("$" + ("k" + i).length() + "\r\nk" + i + "\r\n").getBytes())) {
                        acked.put(i, true);
                    }
                }
            } catch (IOException expectedWhenKilled) {
                // the server died under us: writes without a reply are not acknowledged
            }
        }, "it-writer");
        writer.start();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        while (System.nanoTime() < until || acked.size() < 50) {
            Thread.sleep(20);
        }
        first.process().destroyForcibly();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        writer.join(30_000);
        assertThat(acked).hasSizeGreaterThanOrEqualTo(50);

        Server second = startServer();
        try (Resp c = new Resp(second.port())) {
            assertThat(c.cmd("NSLIST")).isEqualTo("*3\r\n$7\r\ndefault\r\n$4\r\ndata\r\n$3\r\nseq\r\n");
            assertThat(c.cmd("SELECT", "data")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("SET", "ro", "x")).isEqualTo("-Namespace is in read-only mode\r\n");
            assertThat(c.cmd("SELECT", "data", "pw")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("GET", "gone")).isEqualTo("$-1\r\n");
            int missing = 0;
            for (int i : acked.keySet()) {
                byte[] reply = c.call("GET".getBytes(), ("k" + i).getBytes());
                byte[] v = valueOf(i);
                byte[] expected = concat(("$" + v.length + "\r\n").getBytes(), v, "\r\n".getBytes());
                if (!Arrays.equals(reply, expected)) {
                    missing++;
                }
            }
            assertThat(missing).as("acknowledged writes lost or damaged of %d", acked.size()).isZero();
            assertThat(c.cmd("SELECT", "seq")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("GET", "\0\0\0\0\0\0\0\0")).isEqualTo("$2\r\ns0\r\n");
            assertThat(c.cmd("SET", "", "s1")).isEqualTo("$8\r\n\1\0\0\0\0\0\0\0\r\n");
        } finally {
            second.process().destroy();
            assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void sigtermStopsCleanlyAndKeepsData() throws Exception {
        Server first = startServer();
        try (Resp c = new Resp(first.port())) {
            assertThat(c.cmd("SET", "k", "v")).isEqualTo("$1\r\nk\r\n");
        }
        first.process().destroy();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process().exitValue()).isIn(0, 143);
        Server second = startServer();
        try (Resp c = new Resp(second.port())) {
            assertThat(c.cmd("GET", "k")).isEqualTo("$1\r\nv\r\n");
        } finally {
            second.process().destroy();
            second.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    /** Minimal blocking RESP client returning raw reply bytes. */
    static final class Resp implements AutoCloseable {
        private final Socket socket = new Socket();
        private final InputStream in;
        private final OutputStream out;

        Resp(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = socket.getOutputStream();
        }

        String cmd(String... args) throws IOException {
            byte[][] a = new byte[args.length][];
            for (int i = 0; i < args.length; i++) {
                a[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
            }
            return new String(call(a), StandardCharsets.ISO_8859_1);
        }

        byte[] call(byte[]... args) throws IOException {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.writeBytes(("*" + args.length + "\r\n").getBytes());
            for (byte[] a : args) {
                o.writeBytes(("$" + a.length + "\r\n").getBytes());
                o.writeBytes(a);
                o.writeBytes("\r\n".getBytes());
            }
            out.write(o.toByteArray());
            out.flush();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            read(reply);
            return reply.toByteArray();
        }

        private void read(ByteArrayOutputStream o) throws IOException {
            int type = in.read();
            if (type < 0) {
                throw new EOFException("closed");
            }
            o.write(type);
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    throw new EOFException("closed");
                }
                o.write(c);
                line.append((char) c);
            }
            o.write(c);
            o.write(in.read());
            if (type == '$') {
                int len = Integer.parseInt(line.toString());
                if (len >= 0) {
                    byte[] b = in.readNBytes(len + 2);
                    if (b.length != len + 2) {
                        throw new EOFException("closed");
                    }
                    o.writeBytes(b);
                }
            } else if (type == '*') {
                for (int i = Integer.parseInt(line.toString()); i > 0; i--) {
                    read(o);
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
