package io.zstor.engine;

import io.zstor.engine.pipeline.Codecs;
import io.zstor.engine.placement.PlacementStrategy;

/**
 * The production wiring of codecs and placement: Reed-Solomon, AES-256-GCM, snappy and group-spread
 * placement.
 */
public final class StandardCodecs {

    private StandardCodecs() {
    }

    /** The standard codecs. */
    public static Codecs codecs() {
        throw new IllegalStateException("standard codecs are not wired yet; pass codecs to Zstor.builder");
    }

    /** The standard placement. */
    public static PlacementStrategy placement() {
        throw new IllegalStateException("standard placement is not wired yet; pass one to Zstor.builder");
    }
}
