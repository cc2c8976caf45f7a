package io.channels4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageTest {
    @Test
    void nestedValuesAreCopiedSoTheSenderCannotChangeThemLater() {
        List<Object> items = new ArrayList<>(List.of(1, 2));
        Map<String, Object> nested = new HashMap<>(Map.of("k", "v"));
        Message message = Message.of("x", "items", items, "nested", nested);
        items.add(3);
        nested.put("k2", "v2");
        assertEquals(List.of(1, 2), message.get("items"));
        assertEquals(Map.of("k", "v"), message.get("nested"));
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) message.get("items")).add(4));
    }

    @Test
    void withoutAndWithMakeCopies() {
        Message message = Message.of("chat.message", "text", "hi");
        assertEquals(Map.of("text", "hi"), message.without("type").asMap());
        assertEquals("yo", message.with("text", "yo").getString("text"));
        assertEquals("hi", message.getString("text"));
    }

    @Test
    void writesAndReadsAsJson() throws Exception {
        Message message = Message.of("update", "n", 3, "ok", true, "list", List.of("a"));
        String json = Json.write(message);
        assertEquals("{\"type\":\"update\",\"n\":3,\"ok\":true,\"list\":[\"a\"]}", json);
        assertEquals(message, Json.mapper().readValue(json, Message.class));
    }

    @Test
    void bytesCompareByContent() {
        Message a = Message.of("b", "data", new byte[] {1, 2});
        Message b = Message.of("b", "data", new byte[] {1, 2});
        assertEquals(a, b);
        assertArrayEquals(new byte[] {1, 2}, a.get("data", byte[].class));
        assertFalse(a.equals(Message.of("b", "data", new byte[] {1, 3})));
    }

    @Test
    void refusesValuesThatCannotCrossALayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Message.of("x", "thread", Thread.currentThread()));
        assertTrue(e.getMessage().contains("java.lang.Thread"));
    }

    @Test
    void toStringHidesValues() {
        assertEquals("Message[login [type, password]]", Message.of("login", "password", "secret").toString());
    }
}
