package io.zstor.transport.daemon;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Holds a connection's next data frame until its outbound buffer is below the high water mark, so a client
 * that reads slower than the daemon retrieves makes the retrieve wait instead of filling the daemon's memory.
 *
 * <p>reactor-netty writes whatever its subscriber receives (up to 256 messages, 64 MiB of data frames) and
 * requests more as writes complete, whatever the channel's writability. The gate sits in front of it: the check
 * and the release both run on the channel's event loop, and a frame released there is written in the same
 * call, so the check always sees the frames before it in the buffer. One command per connection, so at most
 * one frame waits.
 */
final class WritabilityGate extends ChannelInboundHandlerAdapter {

    /** Pipeline name. */
    static final String NAME = "zstor.daemon.writability";
    /** Outbound bytes per connection above which the next data frame waits: four 256 KiB frames. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(512 << 10, 1 << 20);

    private Channel channel;
    /** Touched on the event loop only. */
    private MonoSink<Void> waiting;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    /** Completes on the event loop as soon as the channel is writable (at once when it is). */
    Mono<Void> whenWritable() {
        return Mono.create(sink -> {
            if (channel.eventLoop().inEventLoop()) {
                admit(sink);
            } else {
                channel.eventLoop().execute(() -> admit(sink));
            }
        });
    }

    private void admit(MonoSink<Void> sink) {
        if (channel.isWritable() || !channel.isActive()) {
            sink.success();
            return;
        }
        waiting = sink;
        sink.onCancel(() -> channel.eventLoop().execute(() -> {
            if (waiting == sink) {
                waiting = null;
            }
        }));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        release(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release(true); // the send fails on the closed channel, which ends the command
        ctx.fireChannelInactive();
    }

    private void release(boolean open) {
        MonoSink<Void> sink = waiting;
        if (open && sink != null) {
            waiting = null;
            sink.success();
        }
    }
}
