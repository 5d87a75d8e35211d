package io.zstor.engine.latency;

import static io.zstor.engine.testing.Payloads.T;
import static io.zstor.engine.testing.Payloads.collect;
import static io.zstor.engine.testing.Payloads.random;
import static io.zstor.engine.testing.Payloads.stream;
import static org.assertj.core.api.Assertions.assertThat;

import io.zstor.engine.ProgressListener;
import io.zstor.engine.StandardCodecs;
import io.zstor.engine.Zstor;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.testing.FirstFitPlacement;
import io.zstor.engine.testing.TestCluster;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine reports every command and every data path stage of a store and a retrieve. */
class EngineLatencyTest {

    static final int BLOCK = 16 << 10;

    final TestCluster cluster = TestCluster.builder().groups(1, 6).shards(4, 6).blockSize(BLOCK).build();
    final Recorded recorded = new Recorded();
    final Zstor zstor = Zstor.builder(cluster.config(), cluster.connector())
            .codecs(StandardCodecs.codecs())
            .placement(new FirstFitPlacement())
            .backendLatency(recorded)
            .stageLatency(recorded)
            .build();

    @AfterEach
    void close() {
        zstor.close();
    }

    @Test
    void storeAndRetrieveReportEveryStageAndCommand() {
        int blocks = 5;
        byte[] data = random(blocks * BLOCK - 100, 7);
        zstor.store("timed", stream(data), ProgressListener.NONE).block(T);

        assertThat(recorded.stages(Stage.ENCODE)).hasSize(blocks).allMatch(s -> s.outcome() == Outcome.OK);
        assertThat(recorded.stages(Stage.WRITE_BLOCK)).hasSize(blocks).allMatch(s -> s.outcome() == Outcome.OK);
        assertThat(recorded.stages(Stage.META_SAVE)).singleElement().matches(s -> s.outcome() == Outcome.OK);
        // the store looks up the previous version first
        assertThat(recorded.stages(Stage.META_LOAD)).hasSize(1);
        // n pieces per block on the data backends, one SET per metadata backend
        List<Recorded.Command> sets = recorded.commands(ZdbOp.SET);
        assertThat(sets).filteredOn(c -> c.mode() == NamespaceMode.SEQUENTIAL).hasSize(blocks * 6)
                .allMatch(c -> c.outcome() == Outcome.OK && cluster.dataBackends().contains(c.backend()));
        assertThat(sets).filteredOn(c -> c.mode() == NamespaceMode.USER).hasSize(4)
                .allMatch(c -> cluster.config().meta().backends().contains(c.backend()));
        assertThat(recorded.commands(ZdbOp.CONNECT)).hasSize(4 + 6);

        recorded.stages.clear();
        recorded.commands.clear();
        assertThat(collect(zstor.retrieve("timed", ProgressListener.NONE))).isEqualTo(data);
        assertThat(recorded.stages(Stage.META_LOAD)).singleElement().matches(s -> s.outcome() == Outcome.OK);
        assertThat(recorded.stages(Stage.FETCH_BLOCK)).hasSize(blocks).allMatch(s -> s.outcome() == Outcome.OK);
        assertThat(recorded.stages(Stage.DECODE)).hasSize(blocks).allMatch(s -> s.outcome() == Outcome.OK);
        // k data pieces per block: no parity needed
        assertThat(recorded.commands(ZdbOp.GET)).filteredOn(c -> c.mode() == NamespaceMode.SEQUENTIAL)
                .hasSize(blocks * 4);
        assertThat(recorded.stages).allMatch(s -> s.nanos() >= 0 && s.nanos() < T.toNanos());
    }

    @Test
    void aFailedBlockDecodeIsTimedAsAnError() {
        byte[] data = random(2 * BLOCK, 8);
        zstor.store("lost", stream(data), ProgressListener.NONE).block(T);
        cluster.dataBackends().subList(0, 3).forEach(b -> cluster.zdb(b).dropAll());
        recorded.stages.clear();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> collect(zstor.retrieve("lost", ProgressListener.NONE)))
                .hasMessageContaining("unrecoverable");
        assertThat(recorded.stages(Stage.DECODE)).isNotEmpty().anyMatch(s -> s.outcome() == Outcome.ERROR);
        // missing pieces are a GET answering nothing: the command itself succeeded
        assertThat(recorded.commands(ZdbOp.GET)).isNotEmpty();
    }
}
