package io.channels4j.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChannelNamesTest {
    @Test
    void acceptsAsciiNamesUpTo99Characters() {
        assertDoesNotThrow(() -> ChannelNames.requireValidGroup("chat.lobby-1_x"));
        assertDoesNotThrow(() -> ChannelNames.requireValidChannel("specific.abc!def"));
        assertDoesNotThrow(() -> ChannelNames.requireValidGroup("a".repeat(99)));
    }

    @Test
    void rejectsBadNamesNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChannelNames.requireValidGroup("chat room"));
        assertEquals("Invalid group name 'chat room': use ASCII letters, digits, '-', '_' or '.', fewer than 100 characters.", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChannelNames.requireValidGroup("a".repeat(100)));
        assertThrows(IllegalArgumentException.class, () -> ChannelNames.requireValidGroup("\u0663\u0663")); // Arabic-Indic digits pass in Channels
        assertThrows(IllegalArgumentException.class, () -> ChannelNames.requireValidGroup("a!b"));
        assertThrows(IllegalArgumentException.class, () -> ChannelNames.requireValidChannel("a!b!c"));
        assertThrows(IllegalArgumentException.class, () -> ChannelNames.requireValidChannel(""));
        assertThrows(IllegalArgumentException.class, () -> ChannelNames.requireValidChannel(null));
    }
}
