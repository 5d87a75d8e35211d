package io.zstor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFileTest {

    private static final int BLOCK = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void wholeBlocksGoAroundThePageCacheAndTheShortTailThroughIt() throws IOException {
        Path path = dir.resolve("out.tmp");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (OutputFile file = OutputFile.create(path, true)) {
            // tmpfs and some other file systems refuse O_DIRECT; this machine's temporary directory does not
            assumeThat(file.direct()).as("O_DIRECT on " + Files.getFileStore(path)).isTrue();
            for (int i = 0; i < 3; i++) {
                ByteBuffer block = ByteBuffer.wrap(bytes(BLOCK, i));
                expected.writeBytes(block.array());
                file.write(block);
                assertThat(block.hasRemaining()).isFalse();
            }
            ByteBuffer tail = ByteBuffer.wrap(bytes(12_345, 9));
            expected.writeBytes(tail.array());
            file.write(tail);
            file.finish();
            // everything but the part of the tail after its last whole file-system block
            assertThat(file.directBytes()).isEqualTo(3L * BLOCK + 12_345 - 12_345 % file.alignment());
        }
        assertThat(Files.readAllBytes(path)).isEqualTo(expected.toByteArray());
    }

    @Test
    void buffersOfAnyLengthAreGatheredIntoWholeDirectWrites() throws IOException {
        Path path = dir.resolve("out.tmp");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        long total = 0;
        try (OutputFile file = OutputFile.create(path, true)) {
            assumeThat(file.direct()).as("O_DIRECT on " + Files.getFileStore(path)).isTrue();
            // frames as the daemon streams them (256 KiB) and odd lengths, heap and direct, crossing stages
            int[] lengths = {256 << 10, 1, 4095, 256 << 10, 3 << 20, 100_000, OutputFile.STAGE, 7, 256 << 10};
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < lengths.length; i++) {
                    byte[] b = bytes(lengths[i], round * 100L + i);
                    expected.writeBytes(b);
                    total += b.length;
                    ByteBuffer buf = i % 2 == 0 ? ByteBuffer.wrap(b) : ByteBuffer.allocateDirect(b.length).put(b).flip();
                    file.write(buf);
                    assertThat(buf.hasRemaining()).isFalse();
                }
            }
            file.finish();
            assertThat(file.directBytes()).isEqualTo(total - total % file.alignment());
        }
        assertThat(Files.readAllBytes(path)).isEqualTo(expected.toByteArray());
    }

    @Test
    void aMisalignedBufferIsGatheredWithTheOthersAndNothingIsLost() throws IOException {
        Path path = dir.resolve("out.tmp");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (OutputFile file = OutputFile.create(path, true)) {
            boolean direct = file.direct();
            ByteBuffer first = ByteBuffer.allocateDirect(BLOCK).put(bytes(BLOCK, 1)).flip(); // a direct buffer too
            expected.writeBytes(bytes(BLOCK, 1));
            file.write(first);
            ByteBuffer odd = ByteBuffer.wrap(bytes(1000, 2));
            expected.writeBytes(odd.array());
            file.write(odd);
            ByteBuffer after = ByteBuffer.wrap(bytes(BLOCK, 3)); // aligned length, but at a misaligned position
            expected.writeBytes(after.array());
            file.write(after);
            file.finish();
            long total = 2L * BLOCK + 1000;
            assertThat(file.directBytes()).isEqualTo(direct ? total - total % file.alignment() : 0);
        }
        assertThat(Files.readAllBytes(path)).isEqualTo(expected.toByteArray());
    }

    @Test
    void withoutDirectEverythingGoesThroughThePageCache() throws IOException {
        Path path = dir.resolve("out.tmp");
        try (OutputFile file = OutputFile.create(path, false)) {
            file.write(ByteBuffer.wrap(bytes(BLOCK, 4)));
            file.write(ByteBuffer.wrap(bytes(BLOCK, 5), 100, BLOCK - 100)); // an offset into its array
            file.finish();
            assertThat(file.direct()).isFalse();
            assertThat(file.directBytes()).isZero();
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(bytes(BLOCK, 4));
        expected.write(bytes(BLOCK, 5), 100, BLOCK - 100);
        assertThat(Files.readAllBytes(path)).isEqualTo(expected.toByteArray());
    }

    @Test
    void anExistingFileIsNotOverwritten() throws IOException {
        Path path = Files.writeString(dir.resolve("out.tmp"), "someone else's");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputFile.create(path, true))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(Files.readString(path)).isEqualTo("someone else's");
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
