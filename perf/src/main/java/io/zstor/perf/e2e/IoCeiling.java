package io.zstor.perf.e2e;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbNamespace;
import io.zstor.engine.codec.AeadCipher;
import io.zstor.engine.config.ConfigLoader;
import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.meta.BlockMeta;
import io.zstor.transport.zdb.client.LettuceZdbConnector;
import io.zstor.transport.zdb.client.LettuceZdbOptions;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The I/O ceiling, run as its own process: writes (or reads back) exactly the pieces a zstor store of an
 * incompressible file of the given size would write, with the same piece sizes and concurrency, straight to
 * the data 0-dbs with the zstor zdb client and no processing at all (no file, compression, encryption,
 * erasure coding, checksums or metadata).
 *
 * <p>Write: per block of {@code block_size} plaintext bytes the k + m pieces of
 * {@code pieceLength(block + AEAD overhead, k)} bytes go to data backends 0..n-1 at once, {@code blocks_in_flight}
 * blocks at a time, exactly like {@code ObjectWriter}; the generated keys go to a file. Read: per block the k
 * data pieces are fetched at once, {@code blocks_in_flight} blocks ahead, like {@code ObjectReader}. The client
 * has the same options as the CLI's ({@code zdb_max_in_flight}, timeouts).
 *
 * <p>Usage: {@code IoCeiling write CONFIG FILE_BYTES KEYS_FILE} or {@code IoCeiling read CONFIG KEYS_FILE}.
 * Prints {@code ceiling OP payload=BYTES wire=BYTES nanos=NANOS} (transfer only, after connecting).
 */
public final class IoCeiling {

    private static final Duration WAIT = Duration.ofHours(2);
    private static final byte[] APPEND = new byte[0];
    /** Distinct payloads per piece index, so consecutive blocks do not send identical values. */
    private static final int VARIANTS = 4;

    private IoCeiling() {
    }

    /** Entry point. */
    public static void main(String[] args) throws IOException {
        if (args.length < 3 || !(args[0].equals("write") && args.length == 4 || args[0].equals("read"))) {
            System.err.println("usage: IoCeiling write CONFIG FILE_BYTES KEYS_FILE | read CONFIG KEYS_FILE");
            System.exit(2);
        }
        ZstorConfig config = ConfigLoader.load(Path.of(args[1]));
        List<BackendSpec> backends = config.groups().stream().map(GroupConfig::backends).flatMap(List::stream).toList();
        LettuceZdbConnector connector = LettuceZdbConnector.create(LettuceZdbOptions.builder()
                .connectTimeout(config.tuning().zdbConnectTimeout())
                .commandTimeout(config.tuning().zdbTimeout())
                .maxInFlight(config.tuning().zdbMaxInFlight())
                .build());
        try {
            List<ZdbNamespace> ns = Flux.fromIterable(backends)
                    .flatMapSequential(b -> connector.open(b, NamespaceMode.SEQUENTIAL))
                    .collectList().block(WAIT);
            if (args[0].equals("write")) {
                write(config, ns, Long.parseLong(args[2]), Path.of(args[3]));
            } else {
                read(config, ns, Path.of(args[2]));
            }
        } finally {
            connector.close().block(WAIT);
        }
    }

    private static void write(ZstorConfig config, List<ZdbNamespace> ns, long fileBytes, Path keysFile) throws IOException {
        int k = config.minimalShards();
        int n = config.expectedShards();
        int blockSize = config.tuning().blockSize();
        int blocks = (int) Math.max(1, (fileBytes + blockSize - 1) / blockSize);
        int fullPiece = BlockMeta.pieceLength(blockSize + AeadCipher.OVERHEAD, k);
        int lastPlain = (int) (fileBytes - (long) (blocks - 1) * blockSize);
        int lastPiece = BlockMeta.pieceLength(lastPlain + AeadCipher.OVERHEAD, k);
        SplittableRandom random = new SplittableRandom(7);
        byte[][] payloads = new byte[n * VARIANTS][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = new byte[fullPiece];
            for (int j = 0; j < fullPiece; j++) {
                payloads[i][j] = (byte) random.nextInt();
            }
        }
        long start = System.nanoTime();
        List<byte[][]> keys = Flux.range(0, blocks)
                .flatMapSequential(b -> {
                    int len = b == blocks - 1 ? lastPiece : fullPiece;
                    return Flux.range(0, n)
                            .flatMapSequential(i -> ns.get(i).set(APPEND,
                                    ByteBuffer.wrap(payloads[(b % VARIANTS) * n + i], 0, len)), n)
                            .collectList()
                            .map(l -> l.toArray(new byte[0][]));
                }, Math.max(1, config.tuning().blocksInFlight()), 1)
                .collectList().block(WAIT);
        long nanos = System.nanoTime() - start;
        long wire = (long) (blocks - 1) * fullPiece * n + (long) lastPiece * n;
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(keysFile))) {
            out.writeInt(k);
            out.writeInt(n);
            out.writeInt(keys.size());
            out.writeLong(fileBytes);
            for (byte[][] block : keys) {
                for (byte[] key : block) {
                    out.writeShort(key.length);
                    out.write(key);
                }
            }
        }
        System.out.println("ceiling write payload=" + fileBytes + " wire=" + wire + " nanos=" + nanos);
    }

    private static void read(ZstorConfig config, List<ZdbNamespace> ns, Path keysFile) throws IOException {
        List<byte[][]> keys = new ArrayList<>();
        int k;
        long fileBytes;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(keysFile))) {
            k = in.readInt();
            int n = in.readInt();
            int blocks = in.readInt();
            fileBytes = in.readLong();
            for (int b = 0; b < blocks; b++) {
                byte[][] block = new byte[n][];
                for (int i = 0; i < n; i++) {
                    block[i] = new byte[in.readShort()];
                    in.readFully(block[i]);
                }
                keys.add(block);
            }
        }
        int dataShards = k;
        // reused reply arrays, as a zstor retrieve reuses its piece arrays (ZdbNamespace.get with a lender)
        ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
        IntFunction<byte[]> arrays = n -> {
            byte[] a = free.poll();
            return a != null && a.length == n ? a : new byte[n];
        };
        long start = System.nanoTime();
        Long wire = Flux.range(0, keys.size())
                .flatMapSequential(b -> Flux.range(0, dataShards)
                        .flatMap(i -> ns.get(i).get(keys.get(b)[i], arrays)
                                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                                        "piece " + i + " of block " + b + " missing"))), dataShards)
                        .map(buf -> {
                            free.offer(buf.array());
                            return (long) buf.remaining();
                        })
                        .reduce(0L, Long::sum), Math.max(1, config.tuning().blocksInFlight()), 1)
                .reduce(0L, Long::sum)
                .block(WAIT);
        long nanos = System.nanoTime() - start;
        System.out.println("ceiling read payload=" + fileBytes + " wire=" + wire + " nanos=" + nanos);
    }
}
