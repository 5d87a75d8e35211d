package io.zstor.transport.zdb.client;

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
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted RESP2 server on a plain blocking socket (its own platform threads, outside reactor): records
 * every command it receives and answers with the bytes a handler returns ({@code null} = never answer, which
 * makes a blackhole). Used where the exact wire bytes or a misbehaving server matter.
 */
final class RespStubServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Function<List<String>, byte[]> handler;
    private final List<List<String>> commands = new CopyOnWriteArrayList<>();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private RespStubServer(Function<List<String>, byte[]> handler) throws IOException {
        this.handler = handler;
        this.socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = new Thread(this::acceptLoop, "resp-stub-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a stub answering with {@code handler} (arguments decoded as ISO-8859-1, so bytes survive). */
    static RespStubServer start(Function<List<String>, byte[]> handler) throws IOException {
        return new RespStubServer(handler);
    }

    /** A server that accepts connections and never answers. */
    static RespStubServer blackhole() throws IOException {
        return start(cmd -> null);
    }

    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Commands received so far, in order, arguments as ISO-8859-1 strings. */
    List<List<String>> commands() {
        return Collections.unmodifiableList(new ArrayList<>(commands));
    }

    static byte[] simple(String s) {
        return ("+" + s + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] error(String s) {
        return ("-" + s + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] bulk(String s) {
        return ("$" + s.length() + "\r\n" + s + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] raw(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Drops every client connection (like a server crash), keeps listening. */
    void dropClients() {
        for (Socket s : clients) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        clients.clear();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        dropClients();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                clients.add(s);
                Thread t = new Thread(() -> serve(s), "resp-stub-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            while (true) {
                List<String> cmd = readCommand(in);
                if (cmd == null) {
                    return;
                }
                commands.add(cmd);
                byte[] reply = handler.apply(cmd);
                if (reply != null) {
                    out.write(reply);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    private static List<String> readCommand(InputStream in) throws IOException {
        String header = readLine(in);
        if (header == null) {
            return null;
        }
        if (!header.startsWith("*")) {
            throw new IOException("expected array, got " + header);
        }
        int n = Integer.parseInt(header.substring(1));
        List<String> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String len = readLine(in);
            if (len == null || !len.startsWith("$")) {
                throw new IOException("expected bulk");
            }
            byte[] data = in.readNBytes(Integer.parseInt(len.substring(1)));
            in.readNBytes(2);
            args.add(new String(data, StandardCharsets.ISO_8859_1));
        }
        return args;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (prev == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            prev = b;
        }
    }
}
