package io.zstor.cli.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Standard input as a {@code Flux} of fresh chunks, read on a blocking-capable thread, on demand. */
final class StdinChunks {

    private StdinChunks() {
    }

    /** Chunks of at most {@code chunkSize} bytes of {@code in}; each buffer is new (the pipeline may keep it). */
    static Flux<ByteBuffer> of(InputStream in, int chunkSize) {
        return Flux.<ByteBuffer>generate(sink -> {
            try {
                byte[] buf = new byte[chunkSize];
                int n = in.readNBytes(buf, 0, buf.length);
                if (n <= 0) {
                    sink.complete();
                } else {
                    sink.next(ByteBuffer.wrap(buf, 0, n));
                }
            } catch (IOException e) {
                sink.error(new UncheckedIOException("cannot read standard input: " + e.getMessage(), e));
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
