package io.zstor.engine.latency;

import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.NamespaceInfo;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.backend.ScanEntry;
import io.zstor.engine.backend.ZdbNamespace;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link ZdbNamespace} whose commands are timed into a {@link BackendLatencyListener}. The recorders are
 * built once per namespace, so a command costs one operator, one subscriber and a {@code nanoTime} pair.
 * {@code close} is not timed.
 */
final class TimedZdbNamespace implements ZdbNamespace {

    private final ZdbNamespace delegate;
    private final Timing.Recorder[] recorders = new Timing.Recorder[ZdbOp.values().length];

    TimedZdbNamespace(ZdbNamespace delegate, NamespaceMode mode, BackendLatencyListener listener) {
        this.delegate = delegate;
        BackendSpec spec = delegate.spec();
        for (ZdbOp op : ZdbOp.values()) {
            recorders[op.ordinal()] = (outcome, nanos) -> listener.record(spec, mode, op, outcome, nanos);
        }
    }

    private Timing.Recorder recorder(ZdbOp op) {
        return recorders[op.ordinal()];
    }

    @Override
    public BackendSpec spec() {
        return delegate.spec();
    }

    @Override
    public Mono<byte[]> set(byte[] key, ByteBuffer value) {
        return Timing.mono(delegate.set(key, value), recorder(ZdbOp.SET));
    }

    @Override
    public Mono<ByteBuffer> get(byte[] key) {
        return Timing.mono(delegate.get(key), recorder(ZdbOp.GET));
    }

    @Override
    public Mono<ByteBuffer> get(byte[] key, IntFunction<byte[]> arrays) {
        return Timing.mono(delegate.get(key, arrays), recorder(ZdbOp.GET));
    }

    @Override
    public Mono<Boolean> delete(byte[] key) {
        return Timing.mono(delegate.delete(key), recorder(ZdbOp.DEL));
    }

    @Override
    public Mono<Boolean> exists(byte[] key) {
        return Timing.mono(delegate.exists(key), recorder(ZdbOp.EXISTS));
    }

    @Override
    public Flux<ScanEntry> scan() {
        return Timing.flux(delegate.scan(), recorder(ZdbOp.SCAN));
    }

    @Override
    public Mono<Long> size() {
        return Timing.mono(delegate.size(), recorder(ZdbOp.DBSIZE));
    }

    @Override
    public Mono<NamespaceInfo> info() {
        return Timing.mono(delegate.info(), recorder(ZdbOp.NSINFO));
    }

    @Override
    public Mono<Void> ping() {
        return Timing.mono(delegate.ping(), recorder(ZdbOp.PING));
    }

    @Override
    public Mono<Void> close() {
        return delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
