package io.channels4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

class SkippedDeliveriesTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RecordingLogger log = new RecordingLogger();
    private final SkippedDeliveries skipped = new SkippedDeliveries(log, clock, Duration.ofSeconds(10));

    @Test
    void logsTheFirstSkipAtOnceThenAtMostOneLinePerIntervalPerGroupWithTheCountSinceTheLast() {
        skipped.skipped("group 'lobby'", 2);
        for (int i = 0; i < 500; i++) {
            skipped.skipped("group 'lobby'", 1);
        }
        assertEquals(1, log.lines.size(), "one line for a flood within the interval: " + log.lines);
        assertTrue(log.lines.get(0).startsWith("WARN 2 message(s) to group 'lobby' not delivered"), log.lines.get(0));

        skipped.skipped("group 'kitchen'", 1);
        assertEquals(2, log.lines.size(), "another group has its own window");

        clock.advance(Duration.ofSeconds(10));
        skipped.skipped("group 'lobby'", 1);
        assertEquals(3, log.lines.size());
        assertTrue(log.lines.get(2).startsWith("WARN 501 message(s) to group 'lobby'"), "counts every skip since the last line: " + log.lines.get(2));
        assertEquals(504, skipped.total());
    }

    @Test
    void aFullSubscriberSkippedByGroupSendIsCountedByTheLayer() {
        InMemoryChannelLayer layer = InMemoryChannelLayer.builder().capacity(2).build();
        ChannelSubscription full = layer.subscribe(m -> false);
        layer.groupAdd("g", full.channel());
        layer.groupAdd("g", "queue.member");
        for (int i = 0; i < 4; i++) {
            layer.groupSend("g", Message.of("x"));
        }
        assertEquals(4 + 2, layer.skippedDeliveries(), "the refusing subscriber four times, the queue once it held two");
    }

    /** Keeps what would have been logged, formatted, one string per line. */
    static final class RecordingLogger extends AbstractLogger {
        final List<String> lines = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
            lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, arguments));
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isTraceEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled(Marker marker) {
            return true;
        }
    }
}
