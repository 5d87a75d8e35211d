package io.zstor.it.fault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Minimal blocking RESP helpers for test threads: encode a command, send one, read one reply line. */
final class RawResp {

    private RawResp() {
    }

    /** A RESP array of bulk strings. */
    static byte[] encode(String... args) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.ISO_8859_1);
            frame.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            frame.writeBytes(bytes);
            frame.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        return frame.toByteArray();
    }

    /** Sends one command on a new connection and returns the first reply line. */
    static String command(InetSocketAddress address, String... args) {
        try (Socket s = new Socket()) {
            s.connect(address, 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(encode(args));
            return readLine(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one CRLF-terminated line (without the CRLF); at most 64 KiB. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        while (line.size() < 65536) {
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
        throw new IOException("line too long");
    }
}
