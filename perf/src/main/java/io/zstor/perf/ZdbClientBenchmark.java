package io.zstor.perf;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbNamespace;
import io.zstor.transport.zdb.client.LettuceZdbConnector;
import io.zstor.transport.zdb.client.LettuceZdbOptions;
import io.zstor.transport.zdb.server.ZdbMode;
import io.zstor.transport.zdb.server.ZdbServer;
import io.zstor.transport.zdb.server.ZdbServerOptions;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Flux;

/**
 * SET and GET through {@link LettuceZdbConnector} to the embedded in-memory 0-db server over loopback, with
 * {@code inFlight} commands pipelined on the one connection of the namespace. Scores are operations per
 * second; multiply by {@code valueSize} for bytes per second.
 *
 * <p>SETs overwrite a fixed ring of {@value #KEYS} sequential keys with values that differ from the previous
 * write of the same key (an identical value is not written by 0-db), so server memory stays bounded while
 * every SET really stores its payload. Client and server share the JVM and the machine's cores.
 *
 * <p>{@code rawSet}/{@code rawGet} are the baseline: the same commands over a plain blocking socket with a
 * minimal RESP reader ({@code inFlight} requests written, then their replies read), so the gap between the
 * two is what the lettuce client costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ZdbClientBenchmark {

    private static final int KEYS = 32;
    private static final int BATCH = 64;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Param({"65536", "1048576"})
    int valueSize;

    @Param({"1", "8"})
    int inFlight;

    private ZdbServer server;
    private LettuceZdbConnector connector;
    private ZdbNamespace ns;
    private byte[][] keys;
    private ByteBuffer[] values;
    private long round;
    private Socket raw;
    private OutputStream rawOut;
    private DataInputStream rawIn;
    private byte[] rawReply;

    @Setup(Level.Trial)
    public void setUp() {
        server = ZdbServer.start(ZdbServerOptions.builder().mode(ZdbMode.SEQ).build());
        connector = LettuceZdbConnector.create(LettuceZdbOptions.builder().maxInFlight(Math.max(inFlight, 1)).build());
        ns = connector.open(BackendSpec.of("127.0.0.1:" + server.port(), null), NamespaceMode.SEQUENTIAL).block(WAIT);
        Random random = new Random(1);
        values = new ByteBuffer[KEYS + 1];
        for (int i = 0; i < values.length; i++) {
            byte[] v = new byte[valueSize];
            random.nextBytes(v);
            values[i] = ByteBuffer.wrap(v);
        }
        keys = new byte[KEYS][];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = ns.set(new byte[0], values[i].duplicate()).block(WAIT);
        }
        try {
            raw = new Socket("127.0.0.1", server.port());
            raw.setTcpNoDelay(true);
            rawOut = new BufferedOutputStream(raw.getOutputStream(), 1 << 16);
            rawIn = new DataInputStream(new BufferedInputStream(raw.getInputStream(), 1 << 16));
            rawReply = new byte[valueSize];
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        raw.close();
        connector.close().block(WAIT);
        server.close();
    }

    /** {@value #BATCH} SETs (overwrites of existing sequential keys), {@code inFlight} at a time. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long set() {
        long r = ++round;
        return Flux.range(0, BATCH)
                .flatMap(i -> {
                    int k = i % KEYS;
                    // value index differs from the one written to this key in the previous batch
                    ByteBuffer v = values[(int) ((k + r + (long) (i / KEYS) * 7) % values.length)].duplicate();
                    return ns.set(keys[k], v).defaultIfEmpty(keys[k]);
                }, inFlight)
                .count()
                .block(WAIT);
    }

    /** {@value #BATCH} GETs, {@code inFlight} at a time; the returned buffers are only sized, not copied again. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long get() {
        return Flux.range(0, BATCH)
                .flatMap(i -> ns.get(keys[i % KEYS]), inFlight)
                .map(ByteBuffer::remaining)
                .reduce(0L, Long::sum)
                .block(WAIT);
    }

    /** Baseline: {@value #BATCH} SET overwrites over a plain socket, {@code inFlight} pipelined. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long rawSet() throws IOException {
        long r = ++round;
        long replies = 0;
        for (int i = 0; i < BATCH; i += inFlight) {
            for (int j = i; j < i + inFlight; j++) {
                int k = j % KEYS;
                ByteBuffer v = values[(int) ((k + r + (long) (j / KEYS) * 7) % values.length)];
                writeCommand("SET", keys[k], v.array());
            }
            rawOut.flush();
            for (int j = i; j < i + inFlight; j++) {
                replies += readReply();
            }
        }
        return replies;
    }

    /** Baseline: {@value #BATCH} GETs over a plain socket, {@code inFlight} pipelined. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long rawGet() throws IOException {
        long bytes = 0;
        for (int i = 0; i < BATCH; i += inFlight) {
            for (int j = i; j < i + inFlight; j++) {
                writeCommand("GET", keys[j % KEYS], null);
            }
            rawOut.flush();
            for (int j = i; j < i + inFlight; j++) {
                bytes += readReply();
            }
        }
        return bytes;
    }

    private void writeCommand(String name, byte[] key, byte[] value) throws IOException {
        int argc = value == null ? 2 : 3;
        rawOut.write(("*" + argc + "\r\n$" + name.length() + "\r\n" + name + "\r\n$" + key.length + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        rawOut.write(key);
        rawOut.write('\r');
        rawOut.write('\n');
        if (value != null) {
            rawOut.write(("$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            rawOut.write(value);
            rawOut.write('\r');
            rawOut.write('\n');
        }
    }

    /** Reads one bulk or nil reply into a reused buffer; returns its length. */
    private int readReply() throws IOException {
        int type = rawIn.read();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = rawIn.read()) != '\r') {
            line.append((char) c);
        }
        rawIn.read();
        if (type != '$') {
            throw new IOException("unexpected reply " + (char) type + line);
        }
        int len = Integer.parseInt(line.toString());
        if (len < 0) {
            return 0;
        }
        byte[] target = len <= rawReply.length ? rawReply : new byte[len];
        rawIn.readFully(target, 0, len);
        rawIn.skipBytes(2);
        return len;
    }
}
