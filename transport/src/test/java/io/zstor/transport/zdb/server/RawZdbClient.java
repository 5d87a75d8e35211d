package io.zstor.transport.zdb.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw-socket test client: sends RESP requests built from byte arrays and returns each reply's exact bytes,
 * so tests compare the server's output with 0-db's transcripts byte for byte.
 */
final class RawZdbClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawZdbClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = socket.getOutputStream();
    }

    /** ISO-8859-1 bytes of {@code s}. */
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** ISO-8859-1 string of {@code b}. */
    static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Encodes a RESP array of bulk strings. */
    static byte[] frame(byte[]... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(b("*" + args.length + "\r\n"));
        for (byte[] a : args) {
            o.writeBytes(b("$" + a.length + "\r\n"));
            o.writeBytes(a);
            o.writeBytes(b("\r\n"));
        }
        return o.toByteArray();
    }

    /** Sends raw bytes. */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one command and returns the raw reply. */
    byte[] call(byte[]... args) throws IOException {
        sendRaw(frame(args));
        return readReply();
    }

    /** Sends one command given as strings and returns the reply as an ISO-8859-1 string. */
    String cmd(String... args) throws IOException {
        byte[][] a = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            a[i] = b(args[i]);
        }
        return s(call(a));
    }

    /** Reads exactly one complete RESP reply and returns its bytes. */
    byte[] readReply() throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        readInto(o);
        return o.toByteArray();
    }

    /** True when the server closed the connection (EOF or reset) within the socket timeout. */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private void readInto(ByteArrayOutputStream o) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed");
        }
        o.write(type);
        String line = readLine(o);
        switch (type) {
            case '+', '-', ':' -> {
            }
            case '$' -> {
                int len = Integer.parseInt(line);
                if (len >= 0) {
                    o.writeBytes(in.readNBytes(len + 2));
                }
            }
            case '*' -> {
                int n = Integer.parseInt(line);
                for (int i = 0; i < n; i++) {
                    readInto(o);
                }
            }
            default -> throw new IOException("unexpected reply type " + (char) type);
        }
    }

    private String readLine(ByteArrayOutputStream o) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException("connection closed in a line");
            }
            o.write(c);
            sb.append((char) c);
        }
        o.write(c);
        int lf = in.read();
        o.write(lf);
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
