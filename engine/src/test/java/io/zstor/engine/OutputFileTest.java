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
            assertThat(file.directBytes()).isEqualTo(3L * BLOCK);
        }
        assertThat(Files.readAllBytes(path)).isEqualTo(expected.toByteArray());
    }

    @Test
    void aMisalignedBufferSendsTheRestThroughThePageCacheAndNothingIsLost() throws IOException {
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
            assertThat(file.directBytes()).isEqualTo(direct ? BLOCK : 0);
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
