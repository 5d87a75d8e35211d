package io.zstor.transport.zdb.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of {@link LettuceZdbConnector}: timeouts, the bound on commands in flight per namespace connection,
 * the reconnect backoff and the password proof. Immutable; build with {@link #builder()}.
 */
public final class LettuceZdbOptions {

    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final int maxInFlight;
    private final int reconnectAttempts;
    private final Duration reconnectInitialBackoff;
    private final Duration reconnectMaxBackoff;
    private final ZdbAuthMode authMode;
    private final int ioThreads;

    private LettuceZdbOptions(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.commandTimeout = b.commandTimeout;
        this.maxInFlight = b.maxInFlight;
        this.reconnectAttempts = b.reconnectAttempts;
        this.reconnectInitialBackoff = b.reconnectInitialBackoff;
        this.reconnectMaxBackoff = b.reconnectMaxBackoff;
        this.authMode = b.authMode;
        this.ioThreads = b.ioThreads;
    }

    /** The defaults: connect 10 s, command 30 s, 32 in flight, 3 reconnect retries 100 ms..2 s, PLAIN auth. */
    public static LettuceZdbOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Bound on TCP connect plus the SELECT handshake of one attempt. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Bound on every command, from write to reply (waiting for an in-flight permit is not counted). */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** Commands in flight per namespace connection; further commands wait (asynchronously) for a permit. */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** Retries after a failed connect attempt (connection refused/reset), each after a growing backoff. */
    public int reconnectAttempts() {
        return reconnectAttempts;
    }

    /** First backoff between connect attempts; doubles up to {@link #reconnectMaxBackoff()}. */
    public Duration reconnectInitialBackoff() {
        return reconnectInitialBackoff;
    }

    /**
     * Largest backoff between connect attempts; also how long commands fail fast with
     * {@code UNREACHABLE} after all attempts failed, before the next command tries again.
     */
    public Duration reconnectMaxBackoff() {
        return reconnectMaxBackoff;
    }

    /** How the namespace password is proven on {@code SELECT}. */
    public ZdbAuthMode authMode() {
        return authMode;
    }

    /** Netty I/O threads of the connector, 0 = lettuce's default (number of cores, at least 2). */
    public int ioThreads() {
        return ioThreads;
    }

    /** A builder initialised with these options. */
    public Builder toBuilder() {
        return new Builder()
                .connectTimeout(connectTimeout)
                .commandTimeout(commandTimeout)
                .maxInFlight(maxInFlight)
                .reconnectAttempts(reconnectAttempts)
                .reconnectBackoff(reconnectInitialBackoff, reconnectMaxBackoff)
                .authMode(authMode)
                .ioThreads(ioThreads);
    }

    @Override
    public String toString() {
        return "LettuceZdbOptions[connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout
                + ", maxInFlight=" + maxInFlight + ", reconnectAttempts=" + reconnectAttempts
                + ", reconnectBackoff=" + reconnectInitialBackoff + ".." + reconnectMaxBackoff
                + ", authMode=" + authMode + ", ioThreads=" + ioThreads + "]";
    }

    /** Builds {@link LettuceZdbOptions}; every setter validates its argument. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration commandTimeout = Duration.ofSeconds(30);
        private int maxInFlight = 32;
        private int reconnectAttempts = 3;
        private Duration reconnectInitialBackoff = Duration.ofMillis(100);
        private Duration reconnectMaxBackoff = Duration.ofSeconds(2);
        private ZdbAuthMode authMode = ZdbAuthMode.PLAIN;
        private int ioThreads;

        private Builder() {
        }

        /** See {@link LettuceZdbOptions#connectTimeout()}. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        /** See {@link LettuceZdbOptions#commandTimeout()}. */
        public Builder commandTimeout(Duration value) {
            this.commandTimeout = positive(value, "commandTimeout");
            return this;
        }

        /** See {@link LettuceZdbOptions#maxInFlight()}; at least 1. */
        public Builder maxInFlight(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, got " + value);
            }
            this.maxInFlight = value;
            return this;
        }

        /** See {@link LettuceZdbOptions#reconnectAttempts()}; 0 means a single attempt. */
        public Builder reconnectAttempts(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("reconnectAttempts must not be negative, got " + value);
            }
            this.reconnectAttempts = value;
            return this;
        }

        /** See {@link LettuceZdbOptions#reconnectInitialBackoff()} and {@link LettuceZdbOptions#reconnectMaxBackoff()}. */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            positive(initial, "reconnect initial backoff");
            positive(max, "reconnect max backoff");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("reconnect max backoff " + max + " is below the initial backoff " + initial);
            }
            this.reconnectInitialBackoff = initial;
            this.reconnectMaxBackoff = max;
            return this;
        }

        /** See {@link LettuceZdbOptions#authMode()}. */
        public Builder authMode(ZdbAuthMode value) {
            this.authMode = Objects.requireNonNull(value, "authMode");
            return this;
        }

        /** See {@link LettuceZdbOptions#ioThreads()}. */
        public Builder ioThreads(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("ioThreads must not be negative, got " + value);
            }
            this.ioThreads = value;
            return this;
        }

        /** The options. */
        public LettuceZdbOptions build() {
            return new LettuceZdbOptions(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
