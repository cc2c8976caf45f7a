package io.channels4j.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Immutable HTTP headers: names are case-insensitive and a name may carry several values. */
public final class Headers {
    /** No headers at all. */
    public static final Headers EMPTY = new Headers(Map.of());

    private final Map<String, List<String>> values;

    private Headers(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Headers from alternating names and values: {@code Headers.of("Content-Type", "text/plain")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Headers.of takes names and values in pairs, got " + namesAndValues.length + " strings");
        }
        Builder builder = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /** Starts an empty set of headers. */
    public static Builder builder() {
        return new Builder();
    }

    /** The first value of {@code name}, if any. */
    public Optional<String> first(String name) {
        List<String> list = values.get(name.toLowerCase(Locale.ROOT));
        return list == null ? Optional.empty() : Optional.of(list.get(0));
    }

    /** Every value of {@code name}, in arrival order; empty when absent. */
    public List<String> all(String name) {
        return values.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** Whether {@code name} is present. */
    public boolean contains(String name) {
        return values.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The lower-case header names, in arrival order. */
    public Set<String> names() {
        return values.keySet();
    }

    /** Whether there are no headers. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** A copy with {@code name} set to {@code value}, replacing earlier values. */
    public Headers with(String name, String value) {
        Builder builder = toBuilder();
        builder.set(name, value);
        return builder.build();
    }

    /** A builder holding these headers. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        values.forEach((name, list) -> builder.values.put(name, new ArrayList<>(list)));
        return builder;
    }

    /** The headers as a map from lower-case name to values. */
    public Map<String, List<String>> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Headers && ((Headers) other).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** Names only: header values may carry cookies or tokens, which never belong in a log. */
    @Override
    public String toString() {
        return "Headers" + values.keySet();
    }

    /** Collects headers; names are stored in lower case. */
    public static final class Builder {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a value, keeping earlier values of the same name. */
        public Builder add(String name, String value) {
            values.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(value);
            return this;
        }

        /** Sets a value, replacing earlier values of the same name. */
        public Builder set(String name, String value) {
            List<String> list = new ArrayList<>(1);
            list.add(value);
            values.put(name.toLowerCase(Locale.ROOT), list);
            return this;
        }

        /** Removes every value of {@code name}. */
        public Builder remove(String name) {
            values.remove(name.toLowerCase(Locale.ROOT));
            return this;
        }

        /** The immutable headers. */
        public Headers build() {
            if (values.isEmpty()) {
                return EMPTY;
            }
            Map<String, List<String>> copy = new LinkedHashMap<>();
            values.forEach((name, list) -> copy.put(name, List.copyOf(list)));
            return new Headers(Collections.unmodifiableMap(copy));
        }
    }
}
