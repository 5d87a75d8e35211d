package io.zstor.transport.zdb.client;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Allows lettuce's {@code SharedLock} to park briefly: lettuce 7 guards command writes with a
 * {@code ReentrantLock}, so two threads writing to the same connection at once (a piece SET issued from a
 * coding thread while the event loop writes the next one) contend for a few microseconds. That is lettuce's
 * design, bounded and short, not a blocking call of ours (the it module allows it for the same reason).
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
