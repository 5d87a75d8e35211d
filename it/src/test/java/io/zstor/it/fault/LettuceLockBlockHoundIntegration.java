package io.zstor.it.fault;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Allows lettuce's {@code SharedLock} to park briefly: a command write on a reactor thread contends with a
 * concurrent close or reconnect of the same connection (which takes the lock exclusively for a few
 * microseconds to cancel buffered commands). The fault tests reset connections mid-command, so they hit this
 * short, bounded wait, which is lettuce's design and not a blocking call of ours.
 */
public final class LettuceLockBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "lockWritersExclusive");
    }
}
