package io.zstor.engine.pipeline;

import io.zstor.engine.backend.Secret;
import io.zstor.engine.codec.AeadCipher;
import io.zstor.engine.codec.BlockCompressor;
import io.zstor.engine.codec.ErasureCoder;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The codec implementations the pipeline uses, bundled so tests and benchmarks can swap them.
 *
 * @param erasure creates (and may cache) an erasure coder for k data and m parity shards
 * @param cipher creates the AEAD cipher of a 32-byte key
 * @param compressor the block compressor
 */
public record Codecs(ErasureCoderFactory erasure, CipherFactory cipher, BlockCompressor compressor) {

    /** Creates erasure coders. */
    @FunctionalInterface
    public interface ErasureCoderFactory {
        /** A coder for {@code k} data and {@code m} parity shards. */
        ErasureCoder create(int k, int m);
    }

    /** Creates ciphers. */
    @FunctionalInterface
    public interface CipherFactory {
        /** The cipher of a 32-byte key. */
        AeadCipher forKey(Secret key);
    }

    /** Checks presence. */
    public Codecs {
        Objects.requireNonNull(erasure, "erasure");
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(compressor, "compressor");
    }

    /** Same codecs, with erasure coders cached per (k, m) (coders are thread-safe and costly to build). */
    public Codecs cachingCoders() {
        Map<Long, ErasureCoder> cache = new ConcurrentHashMap<>();
        ErasureCoderFactory inner = erasure;
        return new Codecs((k, m) -> cache.computeIfAbsent(((long) k << 32) | m, x -> inner.create(k, m)), cipher, compressor);
    }
}
