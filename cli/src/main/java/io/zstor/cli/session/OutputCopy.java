package io.zstor.cli.session;

import io.zstor.engine.pipeline.StreamCursor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import org.reactivestreams.Publisher;

/**
 * A retrieved stream written to an output stream (standard output) as it arrives, on the calling thread, with a
 * few buffers read ahead. The counterpart of {@link StdinChunks}; both sessions' {@code retrieve -o -} use it.
 */
final class OutputCopy {

    private OutputCopy() {
    }

    /**
     * Writes every buffer of {@code data} to {@code out}, then flushes it; a failed write cancels the stream.
     *
     * @param prefetch buffers received and not yet written, at most
     * @return the bytes written
     * @throws IOException when {@code out} cannot be written
     */
    static long copy(Publisher<ByteBuffer> data, int prefetch, OutputStream out) throws IOException {
        WritableByteChannel channel = Channels.newChannel(out);
        long size = 0;
        try (StreamCursor<ByteBuffer> buffers = StreamCursor.open(data, prefetch)) {
            while (buffers.hasNext()) {
                ByteBuffer buf = buffers.next();
                size += buf.remaining();
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            }
            out.flush();
        }
        return size;
    }
}
