package io.zstor.engine.latency;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceMode;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Test listener collecting every timing it receives. */
final class Recorded implements BackendLatencyListener, StageListener {

    record Command(BackendSpec backend, NamespaceMode mode, ZdbOp op, Outcome outcome, long nanos) {
    }

    record StageTiming(Stage stage, Outcome outcome, long nanos) {
    }

    final ConcurrentLinkedQueue<Command> commands = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<StageTiming> stages = new ConcurrentLinkedQueue<>();

    @Override
    public void record(BackendSpec backend, NamespaceMode mode, ZdbOp op, Outcome outcome, long nanos) {
        commands.add(new Command(backend, mode, op, outcome, nanos));
    }

    @Override
    public void record(Stage stage, Outcome outcome, long nanos) {
        stages.add(new StageTiming(stage, outcome, nanos));
    }

    List<Command> commands(ZdbOp op) {
        return commands.stream().filter(c -> c.op() == op).toList();
    }

    List<StageTiming> stages(Stage stage) {
        return stages.stream().filter(s -> s.stage() == stage).toList();
    }
}
