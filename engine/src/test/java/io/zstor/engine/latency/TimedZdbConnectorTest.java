package io.zstor.engine.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ZdbConnector;
import io.zstor.engine.backend.ZdbException;
import io.zstor.engine.backend.ZdbNamespace;
import io.zstor.engine.testing.InMemoryZdb;
import io.zstor.engine.testing.InMemoryZdbConnector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimedZdbConnectorTest {

    static final Duration T = Duration.ofSeconds(10);

    final InMemoryZdbConnector fake = new InMemoryZdbConnector();
    final BackendSpec data = BackendSpec.of("10.1.0.1:9900", "d");
    final BackendSpec meta = BackendSpec.of("10.1.0.2:9900", "m");
    final InMemoryZdb dataZdb = fake.add(data, NamespaceMode.SEQUENTIAL);
    final Recorded recorded = new Recorded();
    final ZdbConnector timed = TimedZdbConnector.wrap(fake, recorded);

    @Test
    void withoutListenerTheConnectorIsNotWrapped() {
        assertThat(TimedZdbConnector.wrap(fake, BackendLatencyListener.NONE)).isSameAs(fake);
        assertThat(timed).isNotSameAs(fake);
    }

    @Test
    void everyCommandIsTimedWithItsBackendModeAndOutcome() {
        fake.add(meta, NamespaceMode.USER);
        ZdbNamespace ns = timed.open(data, NamespaceMode.SEQUENTIAL).block(T);
        assertThat(ns.spec()).isEqualTo(data);
        byte[] key = ns.set(new byte[0], ByteBuffer.wrap("piece".getBytes(StandardCharsets.UTF_8))).block(T);
        assertThat(ns.get(key).block(T)).isEqualTo(ByteBuffer.wrap("piece".getBytes(StandardCharsets.UTF_8)));
        assertThat(ns.exists(key).block(T)).isTrue();
        assertThat(ns.scan().collectList().block(T)).hasSize(1);
        assertThat(ns.size().block(T)).isEqualTo(1L);
        assertThat(ns.info().block(T).entries()).isEqualTo(1);
        ns.ping().block(T);
        assertThat(ns.delete(key).block(T)).isTrue();
        ns.close().block(T);
        ZdbNamespace m = timed.open(meta, NamespaceMode.USER).block(T);
        m.get("absent".getBytes(StandardCharsets.UTF_8)).block(T);

        assertThat(recorded.commands).extracting(Recorded.Command::op).containsExactly(
                ZdbOp.CONNECT, ZdbOp.SET, ZdbOp.GET, ZdbOp.EXISTS, ZdbOp.SCAN, ZdbOp.DBSIZE, ZdbOp.NSINFO, ZdbOp.PING,
                ZdbOp.DEL, ZdbOp.CONNECT, ZdbOp.GET);
        assertThat(recorded.commands).allSatisfy(c -> {
            assertThat(c.outcome()).isEqualTo(Outcome.OK);
            assertThat(c.nanos()).isNotNegative().isLessThan(T.toNanos());
        });
        assertThat(recorded.commands).filteredOn(c -> c.backend().equals(data))
                .hasSize(9).allMatch(c -> c.mode() == NamespaceMode.SEQUENTIAL);
        assertThat(recorded.commands).filteredOn(c -> c.backend().equals(meta))
                .hasSize(2).allMatch(c -> c.mode() == NamespaceMode.USER);
    }

    @Test
    void failuresAreTimedAsErrors() {
        ZdbNamespace ns = timed.open(data, NamespaceMode.SEQUENTIAL).block(T);
        dataZdb.offline(true);
        assertThatThrownBy(() -> ns.get(new byte[] {1}).block(T)).isInstanceOf(ZdbException.class);
        assertThatThrownBy(() -> timed.open(data, NamespaceMode.SEQUENTIAL).block(T)).isInstanceOf(ZdbException.class);
        assertThatThrownBy(() -> timed.open(data, NamespaceMode.USER).block(T)).isInstanceOf(ZdbException.class);
        assertThat(recorded.commands).extracting(Recorded.Command::op, Recorded.Command::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ZdbOp.CONNECT, Outcome.OK),
                org.assertj.core.groups.Tuple.tuple(ZdbOp.GET, Outcome.ERROR),
                org.assertj.core.groups.Tuple.tuple(ZdbOp.CONNECT, Outcome.ERROR),
                org.assertj.core.groups.Tuple.tuple(ZdbOp.CONNECT, Outcome.ERROR));
    }
}
