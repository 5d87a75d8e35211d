package io.zstor.engine.meta;

import java.time.Instant;
import java.util.Objects;

/**
 * A store that failed and was recorded with {@code store --save-failure}, so it can be retried later (the
 * original parsed {@code -s} but ignored it).
 *
 * @param key the object key (path) whose store failed
 * @param reason the one-line error
 * @param failedAt when it failed
 */
public record FailureRecord(String key, String reason, Instant failedAt) {
    /** Checks presence. */
    public FailureRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failedAt, "failedAt");
    }
}
