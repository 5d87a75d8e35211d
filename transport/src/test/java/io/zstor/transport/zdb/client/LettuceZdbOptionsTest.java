package io.zstor.transport.zdb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LettuceZdbOptionsTest {

    @Test
    void defaultsAndCopy() {
        LettuceZdbOptions d = LettuceZdbOptions.defaults();
        assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.commandTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.maxInFlight()).isEqualTo(32);
        assertThat(d.authMode()).isEqualTo(ZdbAuthMode.PLAIN);
        LettuceZdbOptions c = d.toBuilder().maxInFlight(3).authMode(ZdbAuthMode.SECURE).build();
        assertThat(c.maxInFlight()).isEqualTo(3);
        assertThat(c.authMode()).isEqualTo(ZdbAuthMode.SECURE);
        assertThat(c.commandTimeout()).isEqualTo(d.commandTimeout());
        assertThat(c.toString()).contains("maxInFlight=3", "SECURE");
    }

    @Test
    void rejectsNonsense() {
        LettuceZdbOptions.Builder b = LettuceZdbOptions.builder();
        assertThatThrownBy(() -> b.maxInFlight(0)).hasMessage("maxInFlight must be at least 1, got 0");
        assertThatThrownBy(() -> b.commandTimeout(Duration.ZERO)).hasMessageContaining("commandTimeout must be positive");
        assertThatThrownBy(() -> b.connectTimeout(Duration.ofSeconds(-1))).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> b.reconnectAttempts(-1)).hasMessageContaining("reconnectAttempts");
        assertThatThrownBy(() -> b.reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("below");
        assertThatThrownBy(() -> b.ioThreads(-2)).hasMessageContaining("ioThreads");
    }
}
