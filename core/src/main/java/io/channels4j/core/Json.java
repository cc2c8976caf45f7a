package io.channels4j.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import java.util.Optional;

/** The one {@link ObjectMapper} channels4j uses, configured once and shared by every consumer. */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder().findAndAddModules().build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private Json() {
    }

    /** The shared mapper; thread-safe, do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Writes {@code value} as JSON text.
     *
     * @throws IllegalArgumentException when Jackson cannot write it, with Jackson's reason
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads JSON text into a tree.
     *
     * @throws JsonProcessingException when the text is not JSON
     */
    public static JsonNode read(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** Reads a JSON object, as a stored session is; empty when {@code text} is null or not a JSON object. */
    public static Optional<Map<String, Object>> readObject(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readValue(text, OBJECT));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
