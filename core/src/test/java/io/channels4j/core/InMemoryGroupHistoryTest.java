package io.channels4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryGroupHistoryTest {
    private static final HistoryPolicy DAY = HistoryPolicy.keep(100, Duration.ofHours(24));

    @Test
    void forgetsMessagesOlderThanThePolicyKeepsButNotTheOffsets() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        InMemoryGroupHistory history = new InMemoryGroupHistory(clock);
        history.append("chat.a", Message.of("chat.message", "n", 1), DAY);
        clock.advance(Duration.ofHours(23));
        history.append("chat.a", Message.of("chat.message", "n", 2), DAY);
        clock.advance(Duration.ofHours(2));
        HistoryPage page = history.read("chat.a", null, 50, DAY);
        assertEquals(List.of(2L), page.messages().stream().map(m -> HistoryPosition.of(m).offset()).toList());
        assertEquals(2, page.top().offset());
        assertTrue(history.read("chat.a", new HistoryPosition(0, page.top().epoch()), 0, DAY).gap());
        assertFalse(history.read("chat.a", new HistoryPosition(1, page.top().epoch()), 0, DAY).gap());
    }

    @Test
    void matchesGroupsByNameOrTrailingStar() {
        HistoryPolicies policies = HistoryPolicies.NONE.with("chat.*", DAY).with("news", HistoryPolicy.keep(5, Duration.ofMinutes(1)));
        assertEquals(DAY, policies.policyFor("chat.lobby"));
        assertEquals(5, policies.policyFor("news").size());
        assertEquals(null, policies.policyFor("newsroom"));
        assertEquals(null, policies.policyFor("updates"));
    }
}
