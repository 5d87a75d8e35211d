package io.zstor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class ErrorTextTest {

    @Test
    void aCombinedErrorNamesItsFirstCauseAndCountsTheRest() {
        Throwable combined = Flux.mergeDelayError(4,
                        Mono.error(new IOException("No space left on device")),
                        Mono.error(new TimeoutException("backend b timed out")),
                        Mono.error(new IOException("connection reset")))
                .then().materialize().block(Duration.ofSeconds(5)).getThrowable();

        assertThat(combined.getMessage()).isEqualTo("Multiple exceptions");
        assertThat(ErrorText.of(combined)).isEqualTo("No space left on device (and 2 more errors)");
        assertThat(ErrorText.first(combined)).hasMessage("No space left on device");
    }

    @Test
    void aPlainErrorKeepsItsMessageOrFallsBackToItsType() {
        IOException plain = new IOException("disk full");
        assertThat(ErrorText.of(plain)).isEqualTo("disk full");
        assertThat(ErrorText.first(plain)).isSameAs(plain);
        assertThat(ErrorText.of(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
