package io.zstor.engine;

import io.zstor.engine.codec.AesGcmCipher;
import io.zstor.engine.codec.SnappyBlockCompressor;
import io.zstor.engine.codec.rs.ReedSolomon;
import io.zstor.engine.pipeline.Codecs;
import io.zstor.engine.placement.GroupSpreadPlacement;
import io.zstor.engine.placement.PlacementStrategy;

/**
 * The production wiring of codecs and placement: Reed-Solomon (SIMD kernel when available), AES-256-GCM,
 * snappy blocks and group-spread placement.
 */
public final class StandardCodecs {

    private StandardCodecs() {
    }

    /** The standard codecs. */
    public static Codecs codecs() {
        return new Codecs(ReedSolomon::create, AesGcmCipher::new, new SnappyBlockCompressor());
    }

    /** The standard placement. */
    public static PlacementStrategy placement() {
        return new GroupSpreadPlacement();
    }
}
