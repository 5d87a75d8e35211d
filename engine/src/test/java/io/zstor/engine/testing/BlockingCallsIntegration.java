package io.zstor.engine.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound's settings for every test JVM that has the engine test-jar (registered in
 * {@code META-INF/services}): blocking calls are recorded, never thrown (see {@link BlockingCalls} for why),
 * and Reactor's own periodic tasks may take their executor's queue lock when they are cancelled.
 *
 * <p>Reactor allows that lock for one-shot tasks ({@code SchedulerTask.dispose}, {@code WorkerTask.dispose}:
 * "may short park in DelayedWorkQueue#remove") but not for the periodic ones behind {@code Flux.interval}.
 * Cancelling an interval on a parallel thread while another thread schedules on the same worker parks for
 * microseconds; that is Reactor's, bounded, and not a blocking call of ours.
 */
public final class BlockingCallsIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.blockingMethodCallback(BlockingCalls::record);
        for (String task : new String[] {"PeriodicWorkerTask", "PeriodicSchedulerTask", "InstantPeriodicWorkerTask"}) {
            builder.allowBlockingCallsInside("reactor.core.scheduler." + task, "dispose");
        }
    }
}
