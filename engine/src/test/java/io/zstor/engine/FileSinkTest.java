package io.zstor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

class FileSinkTest {

    @TempDir
    Path dir;

    @Test
    void writesTheWholeStreamAndLeavesOnlyTheTarget() throws IOException {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(data);
        Path out = dir.resolve("sub/out.bin");

        FileSink.write(Flux.range(0, 4).map(i -> {
            int from = i * (data.length / 4);
            int to = i == 3 ? data.length : from + data.length / 4;
            return ByteBuffer.wrap(data, from, to - from);
        }), out).block(Duration.ofSeconds(30));

        assertThat(Files.readAllBytes(out)).isEqualTo(data);
        assertThat(listing(out.getParent())).containsExactly("out.bin");
    }

    @Test
    void eachBufferIsHandedBackOnlyOnceItsBytesAreInTheFile() throws IOException {
        byte[] data = new byte[5 * 65536];
        new Random(8).nextBytes(data);
        byte[] expected = data.clone();
        Path out = dir.resolve("out.bin");
        java.util.List<ByteBuffer> handedBack = new java.util.concurrent.CopyOnWriteArrayList<>();

        FileSink.write(Flux.range(0, 5).map(i -> ByteBuffer.wrap(data, i * 65536, 65536)), out, buf -> {
            handedBack.add(buf);
            java.util.Arrays.fill(data, buf.position() - 65536, buf.position(), (byte) 0); // reused at once
        }, true).block(Duration.ofSeconds(30));

        assertThat(handedBack).hasSize(5);
        assertThat(Files.readAllBytes(out)).isEqualTo(expected);
    }

    @Test
    void aFailingStreamPassesItsErrorThroughAndLeavesNothing() throws IOException {
        Path out = dir.resolve("out.bin");
        Files.writeString(out, "the previous version");
        ObjectUnreadableException cause = new ObjectUnreadableException("block 1 of /k: too few valid pieces");

        Throwable failed = FileSink.write(Flux.concat(Flux.just(ByteBuffer.wrap(new byte[1 << 20])),
                        Flux.error(cause)), out)
                .materialize().block(Duration.ofSeconds(30)).getThrowable();

        assertThat(failed).isSameAs(cause);
        assertThat(Files.readString(out)).isEqualTo("the previous version");
        assertThat(listing(dir)).containsExactly("out.bin");
    }

    @Test
    void aFileThatCannotBeCreatedIsAnOutputErrorNamingTheTarget() throws IOException {
        Path blocker = Files.writeString(dir.resolve("plain-file"), "x");
        Path out = blocker.resolve("out.bin");

        Throwable failed = FileSink.write(Flux.just(ByteBuffer.wrap(new byte[10])), out)
                .materialize().block(Duration.ofSeconds(30)).getThrowable();

        assertThat(failed).isInstanceOf(OutputFileException.class)
                .hasMessage("cannot write " + out.toAbsolutePath() + ": " + blocker.toAbsolutePath()
                        + " exists and is not a directory");
        assertThat(listing(dir)).containsExactly("plain-file");
    }

    @Test
    void aFullDiskReadsAsOneLineNamingTheTargetNotTheTemporaryFile() {
        Path out = dir.resolve("out.bin");

        OutputFileException e = FileSink.failure(out, new IOException("No space left on device"));

        assertThat(e).hasMessage("cannot write " + out + ": No space left on device");
        assertThat(e.getCause()).hasMessage("No space left on device");
    }

    private static java.util.List<String> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
