package io.zstor.transport.zdb.server;

import static io.zstor.transport.zdb.server.RawZdbClient.b;
import static io.zstor.transport.zdb.server.RawZdbClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZdbConnectionHandlerTest {

    static final String IO_THREAD = "test-zdb-io";

    @TempDir
    Path dir;

    /**
     * Allocates like the unpooled allocator, except on the I/O thread once {@link #starve} is set: there it
     * throws an {@link Error}, as netty does when direct memory runs out.
     */
    static final class StarvingAllocator extends AbstractByteBufAllocator {
        final AtomicBoolean starve = new AtomicBoolean();

        StarvingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            check();
            return Unpooled.directBuffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            check();
            return Unpooled.buffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        private void check() {
            if (starve.get() && Thread.currentThread().getName().equals(IO_THREAD)) {
                throw new OutOfMemoryError("test: out of direct memory");
            }
        }
    }

    @Test
    void aCommandEndedByAnErrorClosesItsConnectionInsteadOfLeavingItSilent() throws Exception {
        ZdbServerOptions options = ZdbServerOptions.builder().dataDir(dir.resolve("data")).indexDir(dir.resolve("index"))
                .build();
        NamespaceRegistry registry = NamespaceRegistry.open(options);
        ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, IO_THREAD));
        try {
            EmbeddedChannel ch = new EmbeddedChannel(new RespRequestDecoder(),
                    new ZdbConnectionHandler(new CommandProcessor(options, registry, new Secrets()), io));
            StarvingAllocator alloc = new StarvingAllocator();
            ch.config().setAllocator(alloc);
            ch.writeInbound(Unpooled.wrappedBuffer(frame(b("SET"), b("k"), b("value"))));
            assertThat(reply(ch)).isEqualTo("$1\r\nk\r\n");

            alloc.starve.set(true); // the GET's reply cannot be allocated
            ch.writeInbound(Unpooled.wrappedBuffer(frame(b("GET"), b("k"))));
            io.submit(() -> { }).get(10, TimeUnit.SECONDS); // the offloaded GET has run
            ch.runPendingTasks();
            assertThat(ch.isOpen()).as("closed, not left busy with a command that will never answer").isFalse();
            ch.finishAndReleaseAll();
        } finally {
            io.shutdownNow();
            registry.close();
        }
    }

    /** Runs the offloaded command's reply step and returns what was written. */
    private static String reply(EmbeddedChannel ch) throws Exception {
        for (int i = 0; i < 500; i++) {
            ch.runPendingTasks();
            ByteBuf out = ch.readOutbound();
            if (out != null) {
                try {
                    return out.toString(StandardCharsets.UTF_8);
                } finally {
                    out.release();
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no reply");
    }
}
