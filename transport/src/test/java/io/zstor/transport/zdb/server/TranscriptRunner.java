package io.zstor.transport.zdb.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays 0-db transcripts (connection tag, request arguments, expected reply bytes) against a server over
 * real TCP, one raw socket per tag. Expected replies are exact bytes, or a regex for time-dependent replies.
 */
final class TranscriptRunner implements AutoCloseable {

    private final InetSocketAddress address;
    private final Map<String, RawZdbClient> clients = new HashMap<>();
    private int steps;

    TranscriptRunner(InetSocketAddress address) {
        this.address = address;
    }

    /** The client of {@code tag}, connected on first use. */
    RawZdbClient client(String tag) throws IOException {
        RawZdbClient c = clients.get(tag);
        if (c == null) {
            c = new RawZdbClient(address);
            clients.put(tag, c);
        }
        return c;
    }

    /** Sends {@code args} on {@code tag}'s connection and asserts the exact reply. */
    TranscriptRunner exact(String tag, String expected, String... args) throws IOException {
        steps++;
        String reply = client(tag).cmd(args);
        assertThat(reply).as("step %d [%s] > %s", steps, tag, String.join(" ", args)).isEqualTo(expected);
        return this;
    }

    /** Sends raw argument bytes and asserts the exact reply. */
    TranscriptRunner exactBytes(String tag, String expected, byte[]... args) throws IOException {
        steps++;
        String reply = RawZdbClient.s(client(tag).call(args));
        assertThat(reply).as("step %d [%s]", steps, tag).isEqualTo(expected);
        return this;
    }

    /** Sends {@code args} and asserts the reply matches {@code regex} (DOTALL). */
    TranscriptRunner matches(String tag, String regex, String... args) throws IOException {
        steps++;
        String reply = client(tag).cmd(args);
        assertThat(Pattern.compile(regex, Pattern.DOTALL).matcher(reply).matches())
                .as("step %d [%s] > %s: got %s", steps, tag, String.join(" ", args), reply.replace("\r\n", "\\r\\n"))
                .isTrue();
        return this;
    }

    /**
     * NSINFO compared line by line with the transcript, except the disk free-space values which depend on the
     * machine: the reply must be a bulk string of the same lines in the same order.
     */
    TranscriptRunner nsinfo(String tag, String expectedText, String ns) throws IOException {
        steps++;
        String reply = client(tag).cmd("NSINFO", ns);
        assertThat(reply).startsWith("$").endsWith("\n\r\n");
        String body = reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
        assertThat(Integer.parseInt(reply.substring(1, reply.indexOf("\r\n")))).isEqualTo(body.length());
        assertThat(maskDisk(body)).as("step %d NSINFO %s", steps, ns).isEqualTo(maskDisk(expectedText));
        return this;
    }

    static String maskDisk(String text) {
        return text.replaceAll("(_disk_freespace_(bytes|mb)): [0-9.]+", "$1: X")
                .replaceAll("((data|index)_(path|active)|data_current_offset): [^\n]*", "$1: X");
    }

    @Override
    public void close() throws IOException {
        for (RawZdbClient c : clients.values()) {
            c.close();
        }
    }
}
