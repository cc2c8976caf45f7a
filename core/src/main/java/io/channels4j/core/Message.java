package io.channels4j.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A channel-layer message: an immutable JSON-like map whose {@code type} names the handler that receives
 * it ({@code chat.message} reaches {@code chatMessage(Message)}).
 *
 * <p>Values are strings, numbers, booleans, byte arrays, null, and lists and maps of those. Nested maps
 * and lists are copied on the way in, so a message can be shared between consumers and threads without
 * the defensive copy Channels makes on every send.
 */
public final class Message implements Event {
    private final Map<String, Object> fields;
    // a group message reaches many consumers, which mostly send it on without its type: do that work once
    private volatile Message withoutType;
    private volatile byte[] jsonUtf8;

    private Message(Map<String, Object> fields) {
        this.fields = fields;
    }

    /** A message of {@code type} with alternating keys and values: {@code Message.of("chat.message", "text", "hi")}. */
    public static Message of(String type, Object... keysAndValues) {
        Objects.requireNonNull(type, "type");
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Message.of takes keys and values in pairs, got " + keysAndValues.length + " objects");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw new IllegalArgumentException("Message keys are strings; got " + keysAndValues[i] + " at position " + i);
            }
            map.put(key, freeze(keysAndValues[i + 1]));
        }
        return new Message(Collections.unmodifiableMap(map));
    }

    /** A message holding a copy of {@code map}; its {@code type} entry, if any, names the handler. */
    @JsonCreator
    public static Message of(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "message key"), freeze(v)));
        return new Message(Collections.unmodifiableMap(copy));
    }

    /** The handler name, e.g. {@code chat.message}; null when the message has none. */
    @Override
    public String type() {
        Object type = fields.get("type");
        return type instanceof String name ? name : null;
    }

    /** The value under {@code key}, or null. */
    public Object get(String key) {
        return fields.get(key);
    }

    /**
     * The value under {@code key} as {@code type}.
     *
     * @throws IllegalArgumentException when the value is missing or has another type
     */
    public <T> T get(String key, Class<T> type) {
        Object value = fields.get(key);
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("Message '" + type() + "' has " + (value == null ? "no '" + key + "'"
                    : "'" + key + "' of type " + value.getClass().getSimpleName() + ", not " + type.getSimpleName()) + ".");
        }
        return type.cast(value);
    }

    /** The value under {@code key} as text, or null when absent. */
    public String getString(String key) {
        Object value = fields.get(key);
        return value == null ? null : value.toString();
    }

    /** Whether {@code key} is present. */
    public boolean has(String key) {
        return fields.containsKey(key);
    }

    /** A copy with {@code key} set to {@code value}. */
    public Message with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.put(key, freeze(value));
        return new Message(Collections.unmodifiableMap(copy));
    }

    /** A copy without the given keys, e.g. {@code event.without("type")} before sending it to a client. */
    public Message without(String... keys) {
        if (keys.length == 1 && "type".equals(keys[0])) {
            Message cached = withoutType;
            if (cached == null) {
                cached = copyWithout(keys);
                withoutType = cached;
            }
            return cached;
        }
        return copyWithout(keys);
    }

    /** The message as JSON in UTF-8, encoded once and shared by every consumer that sends it. */
    public byte[] jsonUtf8() {
        byte[] json = jsonUtf8;
        if (json == null) {
            json = Json.write(this).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            jsonUtf8 = json;
        }
        return json;
    }

    private Message copyWithout(String... keys) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        for (String key : keys) {
            copy.remove(key);
        }
        return new Message(Collections.unmodifiableMap(copy));
    }

    /** The message as an unmodifiable map, the form Jackson writes. */
    @JsonValue
    public Map<String, Object> asMap() {
        return fields;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Message msg && MessageValues.deepEquals(fields, msg.fields);
    }

    @Override
    public int hashCode() {
        return fields.keySet().hashCode();
    }

    /** The type and keys only: values may be private. */
    @Override
    public String toString() {
        return "Message[" + type() + " " + fields.keySet() + "]";
    }

    private static Object freeze(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof byte[] || value instanceof Message) {
            return value instanceof Message msg ? msg.fields : value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), freeze(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof Iterable<?> items) {
            List<Object> copy = new ArrayList<>();
            for (Object item : items) {
                copy.add(freeze(item));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Object[] items) {
            List<Object> copy = new ArrayList<>();
            for (Object item : items) {
                copy.add(freeze(item));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Character || value instanceof Enum || value instanceof java.util.UUID) {
            return value.toString();
        }
        throw new IllegalArgumentException("A message value must be a string, number, boolean, byte[], null, list or map;"
                + " got " + value.getClass().getName() + ": convert it first (e.g. to a map with Json.mapper().convertValue).");
    }
}
