package io.zstor.engine.latency;

import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/** How a timed operation ended; the {@code outcome} label of the latency series. */
public enum Outcome {
    /** Completed normally (with or without a value). */
    OK,
    /** Failed with an error other than a timeout. */
    ERROR,
    /** Failed because no reply came in time ({@link ZdbErrorKind#TIMEOUT} or a Reactor timeout). */
    TIMEOUT,
    /** Cancelled by the consumer before it ended (e.g. a store that failed elsewhere). */
    CANCELLED;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case label value. */
    public String label() {
        return label;
    }

    /** {@link #TIMEOUT} when {@code error} or one of its causes is a timeout, else {@link #ERROR}. */
    public static Outcome of(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof TimeoutException || e instanceof ZdbException z && z.kind() == ZdbErrorKind.TIMEOUT) {
                return TIMEOUT;
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return ERROR;
    }
}
