package io.zstor.transport.zdb.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the decoded requests of one connection strictly in order, one at a time, and writes their replies in
 * the same order (pipelining). Commands that may block run on the I/O executor; the event loop only queues
 * and writes; handing a command over never blocks nor takes a lock ({@link IoWorkers}).
 *
 * <p>Flushing: replies written while a read batch is handled go out at its {@code channelReadComplete}; every
 * other path that writes (an offloaded command's end, and the inline commands queued behind it, or the
 * outbound buffer draining) flushes before it returns, since no read event may follow to do it.
 *
 * <p>Backpressure: reading stops while more than {@value #MAX_PENDING} requests wait, and processing pauses
 * while the outbound buffer is above netty's high-water mark (a client that does not read its replies only
 * stalls itself). Memory per connection is thus bounded by a few frames plus the write buffer.
 */
final class ZdbConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ZdbConnectionHandler.class);

    /** Decoded requests buffered before reading pauses. */
    static final int MAX_PENDING = 16;

    private final CommandProcessor processor;
    private final Executor ioExecutor;
    private final Deque<Object> pending = new ArrayDeque<>();
    private ZdbSession session;
    private boolean busy;
    private boolean closing;
    private boolean unflushed;

    ZdbConnectionHandler(CommandProcessor processor, Executor ioExecutor) {
        this.processor = processor;
        this.ioExecutor = ioExecutor;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        session = processor.newSession();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        releasePending();
        processor.sessionClosed();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        pending.addLast(msg);
        if (pending.size() >= MAX_PENDING) {
            ctx.channel().config().setAutoRead(false);
        }
        drain(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushIfNeeded(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            drain(ctx);
            flushIfNeeded(ctx);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException) {
            LOG.debug("zdb connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("zdb connection {} closed after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    /**
     * Closes the connection from its event loop after {@code error} ended a command without a reply: the
     * connection would otherwise stay busy with it and answer nothing more, and its client wait for its
     * command timeout.
     */
    private void closeAfter(ChannelHandlerContext ctx, Throwable error) {
        LOG.error("zdb connection {} closed: a command failed without a reply", ctx.channel().remoteAddress(), error);
        try {
            ctx.executor().execute(() -> {
                closing = true;
                releasePending();
                ctx.close();
            });
        } catch (RejectedExecutionException e) {
            // the server is stopping and closes the connection itself
        }
    }

    private void drain(ChannelHandlerContext ctx) {
        while (!busy && !closing && ctx.channel().isWritable() && !pending.isEmpty()) {
            Object msg = pending.pollFirst();
            if (msg instanceof ProtocolViolation v) {
                closing = true;
                releasePending();
                ctx.writeAndFlush(Resp.error(ctx.alloc(), v.message())).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ZdbRequest request = (ZdbRequest) msg;
            if (processor.mustOffload(request)) {
                busy = true;
                flushIfNeeded(ctx);
                try {
                    ioExecutor.execute(() -> {
                        Reply reply;
                        try {
                            reply = processor.execute(session, request, ctx.alloc());
                        } catch (Throwable e) { // an Error (out of direct memory, say): no reply can be made
                            closeAfter(ctx, e);
                            return;
                        } finally {
                            request.release();
                        }
                        try {
                            ctx.executor().execute(() -> {
                                busy = false;
                                write(ctx, reply);
                                drain(ctx);
                                // no read event follows: what drain answered inline must be flushed here
                                flushIfNeeded(ctx);
                            });
                        } catch (RejectedExecutionException e) {
                            reply.buf().release();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    // the server is stopping
                    request.release();
                    closing = true;
                    ctx.close();
                }
                return;
            }
            try {
                write(ctx, processor.execute(session, request, ctx.alloc()));
            } finally {
                request.release();
            }
        }
        if (!ctx.channel().isWritable()) {
            flushIfNeeded(ctx);
        }
        if (!closing && pending.size() < MAX_PENDING && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    private void write(ChannelHandlerContext ctx, Reply reply) {
        if (closing) {
            reply.buf().release();
            return;
        }
        if (reply.close()) {
            closing = true;
            releasePending();
            ctx.writeAndFlush(reply.buf()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.write(reply.buf(), ctx.voidPromise());
        unflushed = true;
    }

    private void releasePending() {
        Object msg;
        while ((msg = pending.pollFirst()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void flushIfNeeded(ChannelHandlerContext ctx) {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }
}
