package io.zstor.it.fault;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile zdb: a RESP-aware man-in-the-middle in front of a real zdb that forwards each command, reads the
 * honest reply and, for the commands it targets, answers with something else instead: random garbage, a
 * reply of the wrong RESP type, an absurd bulk length, a truncated reply (then closes), other bytes of the
 * right length (wrong data), or a seeded random mutation of the honest reply (fuzzing the client's parser).
 * Untargeted commands (handshake, SELECT, NSINFO...) are answered honestly so the client gets as far as the
 * data path. Test code on blocking sockets and its own daemon threads.
 */
final class MaliciousZdb implements AutoCloseable {

    /** What to answer to a targeted command. */
    enum Mode {
        /** The honest reply. */
        HONEST,
        /** 1..64 random bytes. */
        GARBAGE,
        /** A reply of another RESP type ({@code :42} for a bulk, {@code $3 abc} for an integer...). */
        WRONG_TYPE,
        /** {@code $2147483647} followed by a few bytes, then silence. */
        OVERSIZED,
        /** The first half of the honest reply, then the connection closes. */
        TRUNCATED,
        /** A bulk reply of the right length with every byte flipped (undetectable at the protocol level). */
        WRONG_DATA,
        /** The honest reply with seeded random mutations (bit flips, cuts, insertions, type changes). */
        MUTATE
    }

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final ExecutorService threads;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tampered = new AtomicInteger();
    private final Random random;
    private volatile Mode mode = Mode.HONEST;
    private volatile Set<String> targets = Set.of("GET");

    private MaliciousZdb(InetSocketAddress upstream, long seed) throws IOException {
        this.upstream = upstream;
        this.random = new Random(seed);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "malicious-zdb-" + listener.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    /** Starts in front of {@code upstream}, honest until told otherwise; {@code seed} drives all randomness. */
    static MaliciousZdb start(InetSocketAddress upstream, long seed) {
        try {
            return new MaliciousZdb(upstream, seed);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start malicious zdb: " + e, e);
        }
    }

    /** The listening address. */
    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    /** Sets what targeted commands get. */
    MaliciousZdb mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    /** Sets the targeted commands (upper case names). */
    MaliciousZdb targets(String... commands) {
        this.targets = Set.of(commands);
        return this;
    }

    /** Replies tampered with so far. */
    int tampered() {
        return tampered.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket server = new Socket()) {
            sockets.add(server);
            server.connect(upstream, 2000);
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            InputStream fromServer = new BufferedInputStream(server.getInputStream());
            OutputStream toClient = client.getOutputStream();
            OutputStream toServer = server.getOutputStream();
            while (true) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                List<byte[]> args = new ArrayList<>();
                readValue(fromClient, raw, args);
                toServer.write(raw.toByteArray());
                toServer.flush();
                ByteArrayOutputStream reply = new ByteArrayOutputStream();
                readValue(fromServer, reply, new ArrayList<>());
                String command = args.isEmpty() ? "" : new String(args.get(0), StandardCharsets.ISO_8859_1)
                        .toUpperCase(Locale.ROOT);
                Mode m = mode;
                if (m == Mode.HONEST || !targets.contains(command)) {
                    toClient.write(reply.toByteArray());
                    toClient.flush();
                    continue;
                }
                tampered.incrementAndGet();
                byte[] honest = reply.toByteArray();
                byte[] evil;
                synchronized (random) {
                    evil = tamper(m, honest);
                }
                toClient.write(evil);
                toClient.flush();
                if (m == Mode.TRUNCATED) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // client or server went away, or the client sent something we do not parse: drop the connection
        } finally {
            sockets.remove(client);
        }
    }

    private byte[] tamper(Mode m, byte[] honest) {
        return switch (m) {
            case GARBAGE -> bytes(1 + random.nextInt(64));
            case WRONG_TYPE -> honest.length > 0 && honest[0] == '$' ? ascii(":42\r\n") : ascii("$3\r\nabc\r\n");
            case OVERSIZED -> ascii("$2147483647\r\nxyz");
            case TRUNCATED -> java.util.Arrays.copyOf(honest, Math.max(1, honest.length / 2));
            case WRONG_DATA -> flipBulk(honest);
            case MUTATE -> mutate(honest);
            case HONEST -> honest;
        };
    }

    private static byte[] flipBulk(byte[] honest) {
        byte[] out = honest.clone();
        if (out.length > 0 && out[0] == '$') {
            int start = indexOfCrlf(out) + 2;
            for (int i = start; i < out.length - 2; i++) {
                out[i] = (byte) ~out[i];
            }
        }
        return out;
    }

    private byte[] mutate(byte[] honest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(7)) {
            case 0 -> { // bit flips
                byte[] b = honest.clone();
                for (int i = 0, n = 1 + random.nextInt(4); i < n && b.length > 0; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
                out.writeBytes(b);
            }
            case 1 -> out.writeBytes(java.util.Arrays.copyOf(honest, random.nextInt(honest.length + 1)));
            case 2 -> { // random bytes inserted
                int at = random.nextInt(honest.length + 1);
                out.write(honest, 0, at);
                out.writeBytes(bytes(1 + random.nextInt(16)));
                out.write(honest, at, honest.length - at);
            }
            case 3 -> { // another type byte
                byte[] b = honest.clone();
                if (b.length > 0) {
                    b[0] = "+-:$*%_,#".getBytes(StandardCharsets.ISO_8859_1)[random.nextInt(9)];
                }
                out.writeBytes(b);
            }
            case 4 -> out.writeBytes(ascii(new String[] {"$-5\r\n", "*-1\r\n", "$99999999999999999999\r\n",
                    "*2147483647\r\n", ":notanumber\r\n", "$\r\n", "*3\r\n$1\r\na\r\n", "-\r\n", "+\r\n"}
                    [random.nextInt(9)]));
            case 5 -> out.writeBytes(bytes(random.nextInt(200)));
            default -> out.writeBytes(honest);
        }
        return out.toByteArray();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int indexOfCrlf(byte[] b) {
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return b.length - 2;
    }

    /** Reads one RESP value into {@code raw}; bulk strings of a top-level array go to {@code args}. */
    private static void readValue(InputStream in, ByteArrayOutputStream raw, List<byte[]> args) throws IOException {
        String line = RawResp.readLine(in);
        raw.writeBytes(ascii(line + "\r\n"));
        if (line.isEmpty()) {
            throw new IOException("empty line");
        }
        switch (line.charAt(0)) {
            case '+', '-', ':' -> {
            }
            case '$' -> {
                int len = Integer.parseInt(line.substring(1));
                if (len >= 0) {
                    byte[] body = in.readNBytes(len + 2);
                    if (body.length != len + 2) {
                        throw new IOException("short bulk");
                    }
                    raw.writeBytes(body);
                    args.add(java.util.Arrays.copyOf(body, len));
                }
            }
            case '*' -> {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < n; i++) {
                    readValue(in, raw, i == 0 || !args.isEmpty() ? args : new ArrayList<>());
                }
            }
            default -> throw new IOException("not RESP: " + line);
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        threads.shutdownNow();
    }
}
