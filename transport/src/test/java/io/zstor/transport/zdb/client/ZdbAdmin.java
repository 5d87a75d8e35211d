package io.zstor.transport.zdb.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Test-side admin for the embedded server over a plain socket (test thread, blocking is fine there): creates
 * and configures namespaces, which the client under test deliberately cannot do. Replies are returned as
 * their first RESP line ({@code +OK}, {@code -error}, {@code :n}, {@code $len}).
 */
final class ZdbAdmin implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    ZdbAdmin(InetSocketAddress address) {
        try {
            socket = new Socket();
            socket.connect(address, 5000);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one command and returns the first line of its reply (skipping a bulk body). */
    String command(String... args) {
        try {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (String a : args) {
                byte[] bytes = a.getBytes(StandardCharsets.ISO_8859_1);
                frame.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                frame.writeBytes(bytes);
                frame.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.write(frame.toByteArray());
            out.flush();
            String line = readLine();
            if (line.startsWith("$") && !line.equals("$-1")) {
                in.readNBytes(Integer.parseInt(line.substring(1)) + 2);
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a command that must answer {@code +OK}. */
    void ok(String... args) {
        String reply = command(args);
        if (!reply.equals("+OK")) {
            throw new IllegalStateException(String.join(" ", args) + " -> " + reply);
        }
    }

    /** Creates a namespace, optionally sequential, with optional password and maxsize (0 = none). */
    void createNamespace(String name, boolean sequential, String password, long maxSize) {
        ok("NSNEW", name);
        if (sequential) {
            ok("NSSET", name, "mode", "seq");
        }
        if (password != null) {
            ok("NSSET", name, "password", password);
        }
        if (maxSize > 0) {
            ok("NSSET", name, "maxsize", Long.toString(maxSize));
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (prev == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            prev = b;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
