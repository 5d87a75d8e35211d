package io.zstor.engine.latency;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The subscriber behind {@link Timing}: passes every signal through unchanged and records the time from
 * {@code onSubscribe} to the end of the sequence exactly once.
 */
final class TimedSubscriber<T> implements CoreSubscriber<T>, Subscription, Scannable {

    private static final Logger LOG = LoggerFactory.getLogger(TimedSubscriber.class);

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<TimedSubscriber> DONE =
            AtomicIntegerFieldUpdater.newUpdater(TimedSubscriber.class, "done");

    private final CoreSubscriber<? super T> actual;
    private final Timing.Recorder recorder;
    private final boolean endsAtValue;
    private Subscription upstream;
    private long start;
    private volatile int done;

    TimedSubscriber(CoreSubscriber<? super T> actual, Timing.Recorder recorder, boolean endsAtValue) {
        this.actual = actual;
        this.recorder = recorder;
        this.endsAtValue = endsAtValue;
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (Operators.validate(upstream, s)) {
            upstream = s;
            start = System.nanoTime();
            actual.onSubscribe(this);
        }
    }

    @Override
    public void onNext(T t) {
        if (endsAtValue) {
            finish(Outcome.OK);
        }
        actual.onNext(t);
    }

    @Override
    public void onError(Throwable t) {
        finish(Outcome.of(t));
        actual.onError(t);
    }

    @Override
    public void onComplete() {
        finish(Outcome.OK);
        actual.onComplete();
    }

    @Override
    public void request(long n) {
        upstream.request(n);
    }

    @Override
    public void cancel() {
        finish(Outcome.CANCELLED);
        upstream.cancel();
    }

    @Override
    public Context currentContext() {
        return actual.currentContext();
    }

    @Override
    public Object scanUnsafe(Attr key) {
        if (key == Attr.PARENT) {
            return upstream;
        }
        if (key == Attr.ACTUAL) {
            return actual;
        }
        if (key == Attr.TERMINATED) {
            return done == 1;
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.SYNC;
        }
        return null;
    }

    private void finish(Outcome outcome) {
        if (DONE.compareAndSet(this, 0, 1)) {
            try {
                recorder.record(outcome, System.nanoTime() - start);
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                LOG.debug("latency recorder failed: {}", e.toString());
            }
        }
    }
}
