package io.zstor.transport.zdb.client;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Allows lettuce's {@code SharedLock} to park briefly: lettuce 7 guards command writes with a
 * {@code ReentrantLock}, so two threads writing to the same connection at once (a piece SET issued from a
 * coding thread while the event loop writes the next one) contend for a few microseconds. That is lettuce's
 * design, bounded and short, not a blocking call of ours. The same wait happens when a command write contends
 * with a concurrent close or reconnect (the fault tests reset connections mid-command). The it module gets this
 * allowance from the transport test-jar on its classpath (registered in META-INF/services).
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
