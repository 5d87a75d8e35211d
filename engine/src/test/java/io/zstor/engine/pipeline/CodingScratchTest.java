package io.zstor.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.zstor.engine.StandardCodecs;
import io.zstor.engine.backend.Secret;
import io.zstor.engine.codec.AeadCipher;
import io.zstor.engine.codec.ErasureCoder;
import io.zstor.engine.meta.BlockMeta;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The work buffers of block coding: pooled by blocks coded at once, of the kind the cipher is fastest on. */
class CodingScratchTest {

    private final Codecs codecs = StandardCodecs.codecs();
    private final AeadCipher jdkCipher = codecs.cipher().forKey(Secret.ofBytes(new byte[32]));
    private final byte[] objectId = new byte[16];

    @Test
    void workBuffersNeverOutnumberTheBlocksCodedAtOnceWhateverTheThreads() {
        ErasureCoder coder = codecs.erasure().create(4, 2);
        BlockEncoder encoder = new BlockEncoder(codecs.compressor(), jdkCipher, coder, objectId);
        BlockDecoder decoder = new BlockDecoder(codecs.compressor(), jdkCipher, coder, objectId, "obj");
        byte[] data = new byte[64 << 10];
        new Random(7).nextBytes(data);
        Scheduler threads = Schedulers.newParallel("many-cores", 64);
        int atOnce = 3;
        try {
            int before = CodingScratch.created();
            List<Boolean> same = Flux.range(0, 256)
                    .flatMap(i -> Mono.fromCallable(() -> {
                        EncodedBlock e = encoder.encode(new Block(i, data, data.length));
                        BlockMeta m = new BlockMeta(e.plainLength(), e.plainChecksum(), e.compressed(), e.sealedLength(),
                                List.of());
                        return Arrays.equals(decoder.open(i, m, e.pieces()), data);
                    }).subscribeOn(threads), atOnce)
                    .collectList()
                    .block(Duration.ofSeconds(60));

            assertThat(same).hasSize(256).containsOnly(true);
            // every one of the 64 threads coded blocks; sets kept per thread would number 64
            assertThat(CodingScratch.created() - before).isBetween(0, atOnce);
        } finally {
            threads.dispose();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void blocksRoundTripThroughEitherKindOfWorkBuffer(boolean heap) {
        AeadCipher cipher = new Preferring(jdkCipher, heap);
        ErasureCoder coder = codecs.erasure().create(3, 2);
        BlockEncoder encoder = new BlockEncoder(codecs.compressor(), cipher, coder, objectId);
        BlockDecoder decoder = new BlockDecoder(codecs.compressor(), cipher, coder, objectId, "obj");
        byte[] random = new byte[100_003];
        new Random(3).nextBytes(random);
        byte[] text = "the same words over and over again ".repeat(3000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        for (byte[] plain : List.of(random, text)) {
            EncodedBlock e = encoder.encode(new Block(5, plain, plain.length));
            assertThat(e.compressed()).isEqualTo(plain == text);
            BlockMeta m = new BlockMeta(e.plainLength(), e.plainChecksum(), e.compressed(), e.sealedLength(), List.of());
            byte[] lent = new byte[plain.length + 100]; // longer than the block, as a lent array is
            byte[] opened = decoder.open(5, m, e.pieces(), n -> lent);

            assertThat(opened).isSameAs(lent);
            assertThat(Arrays.copyOf(opened, plain.length)).isEqualTo(plain);
        }
    }

    /** The JDK's cipher with a chosen buffer preference. */
    private record Preferring(AeadCipher cipher, boolean heap) implements AeadCipher {
        @Override
        public int seal(ByteBuffer src, ByteBuffer dst, byte[] associatedData) {
            return cipher.seal(src, dst, associatedData);
        }

        @Override
        public int open(ByteBuffer src, ByteBuffer dst, byte[] associatedData, String what) {
            return cipher.open(src, dst, associatedData, what);
        }

        @Override
        public boolean prefersHeapBuffers() {
            return heap;
        }
    }
}
