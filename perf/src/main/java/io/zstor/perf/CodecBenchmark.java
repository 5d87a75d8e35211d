package io.zstor.perf;

import io.zstor.engine.backend.Secret;
import io.zstor.engine.codec.AesGcmCipher;
import io.zstor.engine.codec.Blake2b128;
import io.zstor.engine.codec.PieceChecksum;
import io.zstor.engine.codec.SnappyBlockCompressor;
import io.zstor.engine.codec.SnappyFrameDecoder;
import io.zstor.engine.codec.SnappyFrameEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread throughput of the non-erasure codecs on 4 MiB buffers: AES-256-GCM on direct buffers vs
 * the JCE {@code byte[]} path, Snappy blocks and frames on random and text-like data, BLAKE2b-128 (ours on
 * the default scalar kernel and on the vector kernel, vs BouncyCastle) and the piece checksum. Scores are
 * operations per second; MB/s = score x 4.194304. The vector cases need {@code --add-modules
 * jdk.incubator.vector} (the JMH fork adds it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class CodecBenchmark {

    /** Bytes per operation. */
    public static final int SIZE = 4 << 20;

    private final byte[] aad = "object id, block 0".getBytes(StandardCharsets.UTF_8);
    private byte[] key;
    private AesGcmCipher cipher;
    private Cipher jce;
    private SecretKeySpec jceKey;
    private final SecureRandom nonces = new SecureRandom();

    private byte[] randomArray;
    private ByteBuffer randomDirect;
    private ByteBuffer textDirect;
    private ByteBuffer sealedDirect;
    private ByteBuffer outDirect;
    private byte[] outArray;

    private final SnappyBlockCompressor snappy = new SnappyBlockCompressor();
    private ByteBuffer snappyText;
    private ByteBuffer snappyRandom;
    private ByteBuffer framedText;

    private final Blake2b128 blake = new Blake2b128();
    private final Blake2b128 blakeVector = vectorBlake2b();
    private final Blake2bDigest bouncy = new Blake2bDigest(128);
    private final byte[] digest = new byte[16];

    /** Text-like data: random words from a small vocabulary (Snappy ratio about 0.5). */
    static byte[] text(int size, long seed) {
        String[] words = ("the of and to in is that for it as was with be by on not he this are or his from at which "
                + "but have an they you were her she there been one all we their has would when if so no will "
                + "storage backend erasure shard object metadata snappy encrypt checksum namespace zdb block piece "
                + "rebuild retrieve config group redundancy parity 0 1 2 42 1024 2026 error timeout").split(" ");
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(size + 64);
        while (sb.length() < size) {
            sb.append(words[rnd.nextInt(words.length)]).append(rnd.nextInt(12) == 0 ? ".\n" : " ");
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    /** A BLAKE2b-128 on the vector kernel (chosen by its system property), or null without the module. */
    private static Blake2b128 vectorBlake2b() {
        String property = "zstor.blake2b.kernel";
        String previous = System.setProperty(property, "vector");
        try {
            return new Blake2b128();
        } catch (IllegalStateException e) { // jdk.incubator.vector not in the runtime
            return null;
        } finally {
            if (previous == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, previous);
            }
        }
    }

    /** Whether the vector BLAKE2b-128 cases can run in this JVM. */
    public boolean hasVectorBlake2b() {
        return blakeVector != null;
    }

    private Blake2b128 blakeVector() {
        if (blakeVector == null) {
            throw new IllegalStateException("the vector BLAKE2b kernel needs --add-modules jdk.incubator.vector");
        }
        return blakeVector;
    }

    private static ByteBuffer direct(byte[] b) {
        return ByteBuffer.allocateDirect(b.length).put(b).flip();
    }

    /** Builds inputs and the pre-encoded forms the decode benchmarks read. */
    @Setup
    public void setup() throws Exception {
        key = new byte[32];
        new SplittableRandom(1).nextBytes(key);
        cipher = new AesGcmCipher(Secret.ofBytes(key));
        jce = Cipher.getInstance("AES/GCM/NoPadding");
        jceKey = new SecretKeySpec(key, "AES");

        randomArray = new byte[SIZE];
        new SplittableRandom(2).nextBytes(randomArray);
        randomDirect = direct(randomArray);
        byte[] text = text(SIZE, 3);
        textDirect = direct(text);
        outDirect = ByteBuffer.allocateDirect(snappy.maxCompressedLength(SIZE) + 64);
        outArray = new byte[SIZE + 4096];

        sealedDirect = ByteBuffer.allocateDirect(SIZE + 28);
        cipher.seal(randomDirect.duplicate(), sealedDirect, aad);
        sealedDirect.flip();

        snappyText = ByteBuffer.allocateDirect(snappy.maxCompressedLength(SIZE));
        if (snappy.compress(textDirect.duplicate(), snappyText) < 0) {
            throw new IllegalStateException("text data did not compress");
        }
        snappyText.flip();
        snappyRandom = ByteBuffer.allocateDirect(snappy.maxCompressedLength(SIZE));
        org.xerial.snappy.Snappy.compress(randomDirect.duplicate(), snappyRandom); // the block form, though stored raw
        ByteBuffer framed = ByteBuffer.allocate((int) SnappyFrameEncoder.maxEncodedLength(SIZE));
        new SnappyFrameEncoder().encode(textDirect.duplicate(), framed);
        framedText = direct(java.util.Arrays.copyOf(framed.array(), framed.position()));
    }

    /** AES-256-GCM seal through {@link AesGcmCipher}: direct buffers, fresh nonce, AAD. */
    @Benchmark
    public int aesGcmSealDirect() {
        return cipher.seal(randomDirect.duplicate(), outDirect.clear(), aad);
    }

    /** AES-256-GCM open through {@link AesGcmCipher}: direct buffers. */
    @Benchmark
    public int aesGcmOpenDirect() {
        return cipher.open(sealedDirect.duplicate(), outDirect.clear(), aad, "bench");
    }

    /** The JCE {@code byte[]} path for comparison: {@code doFinal(byte[], ...)} with a fresh nonce. */
    @Benchmark
    public int aesGcmSealByteArray() throws Exception {
        byte[] nonce = new byte[12];
        nonces.nextBytes(nonce);
        jce.init(Cipher.ENCRYPT_MODE, jceKey, new GCMParameterSpec(128, nonce));
        jce.updateAAD(aad);
        return jce.doFinal(randomArray, 0, SIZE, outArray, 0);
    }

    /** Snappy block compression of text-like data. */
    @Benchmark
    public int snappyCompressText() {
        return snappy.compress(textDirect.duplicate(), outDirect.clear());
    }

    /** Snappy block compression of random data (ends as "store raw"). */
    @Benchmark
    public int snappyCompressRandom() {
        return snappy.compress(randomDirect.duplicate(), outDirect.clear());
    }

    /** Snappy block decompression of text-like data. */
    @Benchmark
    public int snappyUncompressText() {
        return snappy.uncompress(snappyText.duplicate(), outDirect.clear());
    }

    /** Snappy block decompression of compressed random data (all literals). */
    @Benchmark
    public int snappyUncompressRandom() {
        return snappy.uncompress(snappyRandom.duplicate(), outDirect.clear());
    }

    /** Snappy framing encode of text-like data (the original's format). */
    @Benchmark
    public int snappyFrameEncodeText() {
        ByteBuffer dst = ByteBuffer.wrap(outArray, 0, outArray.length);
        return new SnappyFrameEncoder().encode(textDirect.duplicate(), dst);
    }

    /** Snappy framing decode of text-like data (the original's format), 64 KiB at a time. */
    @Benchmark
    public long snappyFrameDecodeText() {
        SnappyFrameDecoder dec = new SnappyFrameDecoder();
        ByteBuffer src = framedText.duplicate();
        long total = 0;
        ByteBuffer out = outDirect;
        while (src.hasRemaining()) {
            out.clear().limit(65_536);
            total += dec.decode(src, out);
        }
        return total;
    }

    /** Our BLAKE2b-128 over a heap array. */
    @Benchmark
    public byte[] blake2bOursArray() {
        blake.reset();
        blake.update(randomArray, 0, SIZE);
        return blake.finish();
    }

    /** Our BLAKE2b-128 over a direct buffer. */
    @Benchmark
    public byte[] blake2bOursDirect() {
        blake.reset();
        blake.update(randomDirect.duplicate());
        return blake.finish();
    }

    /** Our BLAKE2b-128 on the vector kernel over a heap array. */
    @Benchmark
    public byte[] blake2bVectorArray() {
        Blake2b128 b = blakeVector();
        b.reset();
        b.update(randomArray, 0, SIZE);
        return b.finish();
    }

    /** Our BLAKE2b-128 on the vector kernel over a direct buffer. */
    @Benchmark
    public byte[] blake2bVectorDirect() {
        Blake2b128 b = blakeVector();
        b.reset();
        b.update(randomDirect.duplicate());
        return b.finish();
    }

    /** BouncyCastle's {@code Blake2bDigest(128)} over a heap array. */
    @Benchmark
    public byte[] blake2bBouncyCastle() {
        bouncy.update(randomArray, 0, SIZE);
        bouncy.doFinal(digest, 0);
        return digest;
    }

    /** The per-piece checksum (CRC-32C and CRC-32) over a direct buffer. */
    @Benchmark
    public PieceChecksum pieceChecksum() {
        return PieceChecksum.of(randomDirect);
    }
}
