package io.zstor.engine.pipeline;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The engine's CPU schedulers: a bounded parallel scheduler for compress/seal/erasure-code work and a
 * separate one for the serial file checksum, so the checksum of an object runs on its own thread beside
 * the coding instead of in series with it. Both are non-blocking (checked by BlockHound in tests).
 *
 * @param coding bounded parallel scheduler for block coding
 * @param hashing scheduler whose workers each hash one object's stream in order
 */
public record PipelineSchedulers(Scheduler coding, Scheduler hashing) {

    /** Fresh schedulers sized to the machine's cores. */
    public static PipelineSchedulers create() {
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        return new PipelineSchedulers(
                Schedulers.newParallel("zstor-code", cores, true),
                Schedulers.newParallel("zstor-hash", Math.max(2, cores), true));
    }

    /** Disposes both schedulers. */
    public void dispose() {
        coding.dispose();
        hashing.dispose();
    }
}
