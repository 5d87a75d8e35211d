package io.zstor.transport.zdb.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.SplittableRandom;

import static io.zstor.transport.zdb.server.RawZdbClient.b;
import static io.zstor.transport.zdb.server.RawZdbClient.frame;
import static io.zstor.transport.zdb.server.RawZdbClient.s;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input: the malformed frames of zdb-protocol.md get 0-db's error text and a closed connection, limits
 * are enforced, and random or mutated bytes never take the server down.
 */
class ZdbServerMalformedInputTest {

    private ZdbServer server;

    @BeforeEach
    void start() {
        server = ZdbServer.start(ZdbServerOptions.builder().build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void expectErrorThenClose(byte[] raw, String error) throws IOException {
        try (RawZdbClient c = new RawZdbClient(server.address())) {
            c.sendRaw(raw);
            assertThat(s(c.readReply())).isEqualTo("-" + error + "\r\n");
            assertThat(c.closedByServer()).as("connection closed after %s", error).isTrue();
        }
    }

    @Test
    void inlineCommandIsRefusedAndClosed() throws IOException {
        expectErrorThenClose(b("PING\r\n"), "Malformed request, array expected");
        expectErrorThenClose(b("hello world\r\n"), "Malformed request, array expected");
    }

    @Test
    void badArrayHeaders() throws IOException {
        expectErrorThenClose(b("*0\r\n"), "Missing arguments");
        expectErrorThenClose(b("*1025\r\n"), "Too many arguments");
        expectErrorThenClose(b("*99999999999999999999999\r\n"), "Malformed request, array expected");
        expectErrorThenClose(b("*x\r\n"), "Malformed request, array expected");
    }

    @Test
    void badBulkHeaders() throws IOException {
        expectErrorThenClose(b("*1\r\n:1\r\n"), "Malformed query string");
        expectErrorThenClose(b("*1\r\n$-1\r\n"), "Malformed query string");
        expectErrorThenClose(b("*1\r\n$4\r\nPINGxx"), "Malformed query string");
        expectErrorThenClose(b("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$8388609\r\n"), "Payload too big");
    }

    @Test
    void headerLineWithoutEndIsBounded() throws IOException {
        expectErrorThenClose(b("*1\r\n$" + "1".repeat(40)), "Malformed query string");
        expectErrorThenClose(b("*" + "1".repeat(40)), "Malformed request, array expected");
    }

    @Test
    void exactly1024ArgumentsAreAccepted() throws IOException {
        byte[][] args = new byte[1024][];
        args[0] = b("MGET");
        for (int i = 1; i < args.length; i++) {
            args[i] = b("k" + i);
        }
        try (RawZdbClient c = new RawZdbClient(server.address())) {
            String reply = s(c.call(args));
            assertThat(reply).startsWith("*1023\r\n$-1\r\n");
        }
    }

    @Test
    void eightMibValueIsStoredAndOneMoreByteIsRefused() throws IOException {
        byte[] value = new byte[RespRequestDecoder.MAX_BULK];
        Arrays.fill(value, (byte) 'v');
        try (RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(s(c.call(b("SET"), b("big"), value))).isEqualTo("$3\r\nbig\r\n");
            assertThat(c.call(b("GET"), b("big")).length).isEqualTo(RespRequestDecoder.MAX_BULK + 12);
            assertThat(s(c.call(b("LENGTH"), b("big")))).isEqualTo(":8388608\r\n");
        }
        // the refusal comes as soon as the header is read; only the start of the payload is sent so the
        // client's write cannot be reset before it reads the error (as with real 0-db)
        byte[] full = frame(b("SET"), b("big2"), new byte[RespRequestDecoder.MAX_BULK + 1]);
        expectErrorThenClose(Arrays.copyOf(full, 4096), "Payload too big");
    }

    @Test
    void keyLimitsAndCursors() throws IOException {
        String k256 = "k".repeat(256);
        try (RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("EXISTS", k256)).isEqualTo("-Invalid key\r\n");
            assertThat(c.cmd("DEL", k256)).isEqualTo("-Invalid key\r\n");
            assertThat(c.cmd("LENGTH", k256)).isEqualTo("-Invalid key\r\n");
            assertThat(c.cmd("KEYCUR", k256)).isEqualTo("-Key not found\r\n");
            assertThat(c.cmd("MGET", "a", k256)).isEqualTo("-Invalid key\r\n");
            assertThat(c.cmd("SCAN", "abc")).isEqualTo("-Invalid key format\r\n");
            assertThat(c.cmd("SET", "a", "1")).isEqualTo("$1\r\na\r\n");
            assertThat(c.cmd("SCAN", "\0".repeat(17))).isEqualTo("-No more data\r\n");
            assertThat(c.cmd("RSCAN", "abc")).isEqualTo("-Invalid key format\r\n");
            assertThat(c.cmd("SCAN", "a", "b")).isEqualTo("-Invalid key format\r\n");
        }
    }

    @Test
    void truncatedFrameThenDisconnectLeavesServerHealthy() throws IOException {
        try (Socket sock = new Socket(server.address().getAddress(), server.port())) {
            OutputStream out = sock.getOutputStream();
            out.write(b("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1000000\r\nabc"));
            out.flush();
        }
        assertHealthy();
    }

    @Test
    void fuzzRandomAndMutatedFramesNeverKillTheServer() throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[][] seeds = {
            frame(b("SET"), b("key"), b("value")),
            frame(b("GET"), b("key")),
            frame(b("SCAN")),
            frame(b("SELECT"), b("default"), b("SECURE"), b("x".repeat(40))),
            frame(b("AUTH"), b("SECURE"), b("CHALLENGE")),
            frame(b("NSNEW"), b("n")),
            frame(b("NSSET"), b("n"), b("maxsize"), b("10")),
            frame(b("MGET"), b("a"), b("b")),
        };
        for (int i = 0; i < 300; i++) {
            byte[] input;
            int kind = random.nextInt(3);
            if (kind == 0) {
                input = new byte[random.nextInt(1, 512)];
                random.nextBytes(input);
            } else {
                byte[] seed = seeds[random.nextInt(seeds.length)];
                input = seed.clone();
                int flips = random.nextInt(1, 6);
                for (int f = 0; f < flips; f++) {
                    int at = random.nextInt(input.length);
                    input[at] = kind == 1 ? (byte) random.nextInt(256) : "*$\r\n-0123456789"
                            .getBytes()[random.nextInt(15)];
                }
                if (random.nextBoolean()) {
                    input = Arrays.copyOf(input, random.nextInt(1, input.length + 1));
                }
            }
            try (Socket sock = new Socket(server.address().getAddress(), server.port())) {
                sock.setSoTimeout(200);
                sock.getOutputStream().write(input);
                sock.getOutputStream().flush();
                try {
                    sock.getInputStream().read(new byte[256]);
                } catch (IOException ignored) {
                    // no reply within the timeout, or reset: both fine for garbage
                }
            } catch (IOException ignored) {
                // the server may close while we write garbage
            }
        }
        assertHealthy();
    }

    private void assertHealthy() throws IOException {
        try (RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("PING")).isEqualTo("+PONG\r\n");
            assertThat(c.cmd("SET", "after", "fuzz")).isEqualTo("$5\r\nafter\r\n");
            assertThat(c.cmd("GET", "after")).isEqualTo("$4\r\nfuzz\r\n");
        }
    }
}
