package io.zstor.engine.health;

import io.zstor.engine.BackendStatus;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceInfo;
import io.zstor.engine.placement.BackendState;
import java.time.Instant;
import java.util.Optional;

/**
 * What the monitor knows about one backend after its last check. Never contains passwords (the spec's
 * {@code toString} omits them and {@link #error()} is the server's or client's message).
 *
 * @param backend the backend
 * @param role metadata or data backend
 * @param state the classified state
 * @param freeBytes free bytes at the last successful check, {@code Long.MAX_VALUE} before one
 * @param lastSuccess the last successful check
 * @param failingSince start of the current run of failed checks
 * @param error the last failure's message while failing
 * @param info the NSINFO of the last successful check (kept while failing; see {@link #answering()})
 */
public record BackendReport(BackendSpec backend, BackendStatus.Role role, BackendState state, long freeBytes,
        Optional<Instant> lastSuccess, Optional<Instant> failingSince, Optional<String> error,
        Optional<NamespaceInfo> info) {

    /** Whether the last check succeeded. */
    public boolean answering() {
        return failingSince.isEmpty() && lastSuccess.isPresent();
    }
}
