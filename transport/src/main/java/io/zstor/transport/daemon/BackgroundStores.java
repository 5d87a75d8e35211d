package io.zstor.transport.daemon;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * The queue behind {@code store --notblocking}: accepted stores are acknowledged at once and run here in
 * FIFO order, sharing the {@link CommandLimiter} with interactive commands but never holding more than
 * its number of permits, so interactive commands keep their turn. A failed store is retried with
 * exponential back-off a bounded number of times, then recorded through
 * {@link DaemonHandler#recordFailure}. Nothing is dropped silently: a full queue refuses the store up
 * front, and at shutdown every store not finished is recorded as a failure.
 */
final class BackgroundStores {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundStores.class);

    private final DaemonHandler handler;
    private final CommandLimiter limiter;
    private final DaemonServerOptions options;
    private final Sinks.Many<Item> sink = Sinks.many().unicast().onBackpressureBuffer();
    private final Set<Item> unfinished = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Sinks.Empty<Void> drained = Sinks.empty();
    private final Disposable subscription;
    private volatile boolean stopping;

    BackgroundStores(DaemonHandler handler, CommandLimiter limiter, DaemonServerOptions options) {
        this.handler = handler;
        this.limiter = limiter;
        this.options = options;
        this.subscription = sink.asFlux()
                .flatMap(this::run, limiter.permits())
                .doFinally(s -> drained.tryEmitEmpty())
                .subscribe();
    }

    /**
     * Accepts a store for background execution.
     *
     * @return false when the queue is full or the daemon is stopping (the caller must refuse the command)
     */
    boolean offer(DaemonRequest.Store request) {
        if (stopping) {
            return false;
        }
        if (pending.incrementAndGet() > options.backgroundQueueCapacity()) {
            pending.decrementAndGet();
            return false;
        }
        Item item = new Item(request);
        unfinished.add(item);
        Sinks.EmitResult r;
        synchronized (sink) {
            r = sink.tryEmitNext(item);
        }
        if (r.isFailure()) {
            finished(item);
            return false;
        }
        return true;
    }

    /** Stores accepted and not finished (queued, running or waiting to retry). */
    int pending() {
        return pending.get();
    }

    /** Stores that succeeded. */
    long succeeded() {
        return succeeded.get();
    }

    /** Retries made. */
    long retries() {
        return retries.get();
    }

    /** Stores recorded as failures. */
    long failed() {
        return failed.get();
    }

    /**
     * Stops accepting; stores still queued or waiting to retry are recorded as failures at once, running
     * ones get {@code grace} to finish, then they are aborted and recorded as failures too.
     */
    Mono<Void> shutdown(Duration grace) {
        return Mono.defer(() -> {
            stopping = true;
            synchronized (sink) {
                sink.tryEmitComplete();
            }
            return drained.asMono()
                    .timeout(grace)
                    .onErrorResume(TimeoutException.class, e -> {
                        subscription.dispose();
                        return Flux.fromIterable(Set.copyOf(unfinished))
                                .flatMap(item -> record(item.request, item.started
                                        ? "aborted: the daemon stopped while the store was running"
                                        : "the daemon stopped before the non-blocking store ran")
                                        .doFinally(sig -> finished(item)))
                                .then();
                    });
        });
    }

    private Mono<Void> run(Item item) {
        DaemonRequest.Store request = item.request;
        if (stopping) {
            return record(request, "the daemon stopped before the non-blocking store ran").doFinally(s -> finished(item));
        }
        item.started = true;
        return Mono.defer(() -> limiter.limit(handler.store(request, ProgressSink.NONE).flux()).then())
                .retryWhen(Retry.backoff(options.backgroundAttempts() - 1L, options.backgroundFirstBackoff())
                        .maxBackoff(options.backgroundMaxBackoff())
                        .filter(e -> !stopping && retriable(e))
                        .doBeforeRetry(sig -> {
                            retries.incrementAndGet();
                            LOG.info("non-blocking store of {} failed (attempt {}), retrying: {}", request.file(),
                                    sig.totalRetries() + 1, sig.failure().getMessage());
                        }))
                .doOnSuccess(v -> succeeded.incrementAndGet())
                .onErrorResume(e -> {
                    Throwable cause = Exceptions.isRetryExhausted(e) && e.getCause() != null ? e.getCause() : e;
                    return record(request, DaemonServer.oneLine(cause));
                })
                .doOnSuccess(v -> finished(item));
    }

    private void finished(Item item) {
        if (unfinished.remove(item)) {
            pending.decrementAndGet();
        }
    }

    /** One accepted store, by identity (the same file may be queued twice). */
    private static final class Item {
        final DaemonRequest.Store request;
        volatile boolean started;

        Item(DaemonRequest.Store request) {
            this.request = request;
        }
    }

    private static boolean retriable(Throwable e) {
        if (e instanceof DaemonCommandException d) {
            return switch (d.kind()) {
                case BAD_REQUEST, NOT_FOUND, PROTOCOL -> false;
                default -> true;
            };
        }
        return true;
    }

    private Mono<Void> record(DaemonRequest.Store request, String reason) {
        failed.incrementAndGet();
        LOG.warn("non-blocking store of {} failed for good, recording the failure: {}", request.file(), reason);
        return handler.recordFailure(request.file(), reason)
                .onErrorResume(e -> {
                    LOG.error("could not record the failed store of {} ({}): {}", request.file(), reason, e.getMessage());
                    return Mono.empty();
                });
    }
}
