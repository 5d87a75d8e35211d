package io.zstor.engine.repair;

import io.zstor.engine.meta.MetaStore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Re-encodes every metadata record (objects and failure records) from one metadata backend set onto
 * another, e.g. when a metadata backend is replaced in the config. Every SCAN page of the source is walked
 * (the original stopped after the first), each record is read from any two valid pieces, and written as four
 * fresh pieces on the new set. Records that cannot be read are counted and logged, never abort the copy;
 * a write failure on the new set aborts it (the new set is unusable).
 */
public final class MetadataMigration {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataMigration.class);
    private static final int IN_FLIGHT = 4;

    private MetadataMigration() {
    }

    /**
     * What a migration did.
     *
     * @param copied records written to the new set
     * @param unreadable records skipped because fewer than two valid pieces were left
     */
    public record Result(long copied, long unreadable) {
    }

    /** Copies every record of {@code from} onto {@code to} (same key layout and metadata key). */
    public static Mono<Result> copy(MetaStore from, MetaStore to) {
        AtomicLong copied = new AtomicLong();
        AtomicLong unreadable = new AtomicLong();
        return from.scanKeys(k -> from.keys().isObjectKey(k) || from.keys().isFailureKey(k))
                .flatMap(key -> from.read(key)
                        .onErrorResume(e -> {
                            LOG.warn("metadata {} is unreadable and was not moved: {}", key, e.getMessage());
                            unreadable.incrementAndGet();
                            return Mono.empty();
                        })
                        .flatMap(record -> record.map(bytes -> to.write(key, bytes)
                                .doOnSuccess(v -> copied.incrementAndGet())).orElseGet(Mono::empty)), IN_FLIGHT)
                .then(Mono.fromSupplier(() -> new Result(copied.get(), unreadable.get())));
    }
}
