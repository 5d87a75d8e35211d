package io.zstor.transport.daemon;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An ordered, immutable set of named string values: the result of a command ({@link DaemonReply.Ok}) or
 * one row of a listing ({@link DaemonReply.Row}). Named fields let the protocol grow without a version
 * bump: a client ignores names it does not know. The field names per command are listed in
 * {@code docs/daemon-protocol.md}.
 */
public final class Fields {

    /** No fields. */
    public static final Fields EMPTY = new Fields(Map.of());

    private final Map<String, String> values;

    private Fields(Map<String, String> values) {
        this.values = values;
    }

    /** Starts an ordered builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The fields of an ordered map (copied). */
    public static Fields of(Map<String, String> values) {
        return new Fields(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    /** The value of a field, if present. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The value of a field; fails with a one-line message when absent. */
    public String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("reply field '" + name + "' is missing");
        }
        return v;
    }

    /** The value of a numeric field, or {@code fallback} when absent. */
    public long getLong(String name, long fallback) {
        String v = values.get(name);
        return v == null ? fallback : Long.parseLong(v);
    }

    /** All fields in order. */
    public Map<String, String> asMap() {
        return values;
    }

    /** Number of fields. */
    public int size() {
        return values.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fields f && values.equals(f.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Builds {@link Fields} in insertion order. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds (or replaces) a field. */
        public Builder put(String name, String value) {
            values.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds a numeric field. */
        public Builder put(String name, long value) {
            return put(name, Long.toString(value));
        }

        /** Adds a boolean field ({@code true}/{@code false}). */
        public Builder put(String name, boolean value) {
            return put(name, Boolean.toString(value));
        }

        /** The fields. */
        public Fields build() {
            return new Fields(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
