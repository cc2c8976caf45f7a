package io.channels4j.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Immutable HTTP headers: names are case-insensitive and a name may carry several values. */
public final class Headers {
    /** No headers at all. */
    public static final Headers EMPTY = new Headers(new String[0]);
    // one shared instance per well-known name instead of a lower-cased copy per connection
    private static final Map<String, String> KNOWN_NAMES = Stream.of("host", "upgrade", "connection", "origin", "cookie",
            "authorization", "user-agent", "accept", "accept-encoding", "accept-language", "cache-control", "pragma",
            "content-type", "content-length", "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions",
            "sec-websocket-protocol", "x-forwarded-for", "x-forwarded-proto", "x-real-ip", "referer", "dnt")
            .collect(Collectors.toUnmodifiableMap(name -> name, name -> name));

    // every open connection keeps its handshake's headers: one flat array of lower-case names and values,
    // grouped by name in arrival order, costs a fraction of a map of lists, and ten entries scan fast
    private final String[] pairs;

    private Headers(String[] pairs) {
        this.pairs = pairs;
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
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                return Optional.of(pairs[i + 1]);
            }
        }
        return Optional.empty();
    }

    /** Every value of {@code name}, in arrival order; empty when absent. */
    public List<String> all(String name) {
        List<String> found = null;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                if (found == null) {
                    found = new ArrayList<>(1);
                }
                found.add(pairs[i + 1]);
            }
        }
        return found == null ? List.of() : Collections.unmodifiableList(found);
    }

    /** Whether {@code name} is present. */
    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /** The lower-case header names, in arrival order. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < pairs.length; i += 2) {
            names.add(pairs[i]);
        }
        return Collections.unmodifiableSet(names);
    }

    /** Whether there are no headers. */
    public boolean isEmpty() {
        return pairs.length == 0;
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
        for (int i = 0; i < pairs.length; i += 2) {
            builder.add(pairs[i], pairs[i + 1]);
        }
        return builder;
    }

    /** The headers as a map from lower-case name to values, in arrival order. */
    public Map<String, List<String>> asMap() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.computeIfAbsent(pairs[i], k -> new ArrayList<>(1)).add(pairs[i + 1]);
        }
        map.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(map);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Headers that && Arrays.equals(that.pairs, pairs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pairs);
    }

    /** Names only: header values may carry cookies or tokens, which never belong in a log. */
    @Override
    public String toString() {
        return "Headers" + names();
    }

    /** Collects headers; names are stored in lower case. */
    public static final class Builder {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a value, keeping earlier values of the same name. */
        public Builder add(String name, String value) {
            values.computeIfAbsent(lowerCase(name), k -> new ArrayList<>(1)).add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets a value, replacing earlier values of the same name. */
        public Builder set(String name, String value) {
            List<String> list = new ArrayList<>(1);
            list.add(Objects.requireNonNull(value, "value"));
            values.put(lowerCase(name), list);
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
            int size = 0;
            for (List<String> list : values.values()) {
                size += 2 * list.size();
            }
            String[] pairs = new String[size];
            int i = 0;
            for (Map.Entry<String, List<String>> entry : values.entrySet()) {
                for (String value : entry.getValue()) {
                    pairs[i++] = entry.getKey();
                    pairs[i++] = value;
                }
            }
            return new Headers(pairs);
        }

        private static String lowerCase(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            String known = KNOWN_NAMES.get(lower);
            return known == null ? lower : known;
        }
    }
}
