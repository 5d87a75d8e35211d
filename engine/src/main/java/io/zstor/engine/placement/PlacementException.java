package io.zstor.engine.placement;

/** No set of usable backends satisfies the redundancy policy. The message says why in one line. */
public final class PlacementException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the unmet requirement */
    public PlacementException(String message) {
        super(message);
    }
}
