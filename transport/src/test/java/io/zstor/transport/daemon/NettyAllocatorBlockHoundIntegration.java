package io.zstor.transport.daemon;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Netty 4.2's default adaptive allocator briefly takes a {@code StampedLock} write lock when it grows or
 * frees a magazine, on event-loop threads. That is netty-internal and short, not a blocking call of ours;
 * BlockHound reports it as {@code Unsafe#park} under load. Allowed here so the tests keep checking our code.
 */
public final class NettyAllocatorBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
    }
}
