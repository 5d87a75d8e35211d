package io.zstor.engine;

import java.util.Optional;

/**
 * What one backend reported to {@code status}. Never contains passwords.
 *
 * @param backend {@code address - namespace}
 * @param role metadata or data backend
 * @param reachable whether it connected, has the right mode and answered NSINFO
 * @param mode the namespace mode it must have ({@code userkey} or {@code sequential})
 * @param entries NSINFO entries (0 when unreachable)
 * @param usedBytes payload bytes (0 when unreachable)
 * @param freeBytes real free space (0 when unreachable)
 * @param error why it is unreachable
 */
public record BackendStatus(String backend, Role role, boolean reachable, String mode, long entries, long usedBytes,
        long freeBytes, Optional<String> error) {

    /** What a backend is used for. */
    public enum Role {
        /** One of the four metadata backends. */
        METADATA,
        /** A data backend of a group. */
        DATA
    }
}
