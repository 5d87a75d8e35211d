package io.zstor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.testing.InMemoryZdb;
import io.zstor.engine.testing.InMemoryZdbConnector;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NamespacePoolTest {

    final InMemoryZdbConnector connector = new InMemoryZdbConnector();
    final BackendSpec spec = BackendSpec.of("10.1.1.1:9900", "ns");
    final InMemoryZdb zdb = connector.add(spec, NamespaceMode.SEQUENTIAL);
    final NamespacePool pool = new NamespacePool(connector);

    @Test
    void opensOnceAndSharesTheNamespace() {
        var a = pool.open(spec, NamespaceMode.SEQUENTIAL).block(Duration.ofSeconds(5));
        var b = pool.open(spec, NamespaceMode.SEQUENTIAL).block(Duration.ofSeconds(5));
        assertThat(a).isSameAs(b);
        assertThat(connector.opens()).isEqualTo(1);
        pool.invalidate(spec, NamespaceMode.SEQUENTIAL);
        pool.open(spec, NamespaceMode.SEQUENTIAL).block(Duration.ofSeconds(5));
        assertThat(connector.opens()).isEqualTo(2);
    }

    @Test
    void failedOpensAreRetriedAndTyped() {
        zdb.offline(true);
        assertThatThrownBy(() -> pool.open(spec, NamespaceMode.SEQUENTIAL).block(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ZdbException.class, e -> assertThat(e.kind()).isEqualTo(ZdbErrorKind.UNREACHABLE));
        zdb.offline(false);
        assertThat(pool.open(spec, NamespaceMode.SEQUENTIAL).block(Duration.ofSeconds(5))).isNotNull();
        assertThatThrownBy(() -> pool.open(spec, NamespaceMode.USER).block(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ZdbException.class, e -> assertThat(e.kind()).isEqualTo(ZdbErrorKind.WRONG_MODE));
    }
}
