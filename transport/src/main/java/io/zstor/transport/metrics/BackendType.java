package io.zstor.transport.metrics;

/** The {@code backend_type} label of the original per-backend series. */
public enum BackendType {
    /** A data backend (sequential namespace). */
    DATA("data"),
    /** A metadata backend (user-key namespace). */
    META("meta");

    private final String label;

    BackendType(String label) {
        this.label = label;
    }

    /** The label value. */
    public String label() {
        return label;
    }
}
