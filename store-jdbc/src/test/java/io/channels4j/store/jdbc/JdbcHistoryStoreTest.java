package io.channels4j.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.channels4j.core.ChannelNames;
import io.channels4j.core.HistoryPage;
import io.channels4j.core.HistoryPolicy;
import io.channels4j.core.HistoryPosition;
import io.channels4j.core.Message;
import io.channels4j.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JdbcHistoryStoreTest {
    private static final HistoryPolicy DAY = HistoryPolicy.keep(100, Duration.ofHours(24));

    @Test
    void forgetsMessagesOlderThanThePolicyKeepsButNotTheOffsets() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:h2:mem:ttl" + ChannelNames.randomLetters(8) + ";DB_CLOSE_DELAY=-1");
            ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
            JdbcHistoryStore history = JdbcHistoryStore.on(pool, Optional.empty(), clock);
            history.append("chat.a", Message.of("chat.message", "n", 1), DAY);
            clock.advance(Duration.ofHours(23));
            history.append("chat.a", Message.of("chat.message", "n", 2), DAY);
            clock.advance(Duration.ofHours(2));
            HistoryPage page = history.read("chat.a", null, 50, DAY);
            assertEquals(List.of(2L), page.messages().stream().map(m -> HistoryPosition.of(m).offset()).toList());
            assertEquals(2, page.top().offset());
            assertTrue(history.read("chat.a", new HistoryPosition(0, page.top().epoch()), 0, DAY).gap());
        }
    }

    @Test
    void keepsItsHistoryAndEpochAcrossStoresOnTheSameDatabase() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:h2:mem:again" + ChannelNames.randomLetters(8) + ";DB_CLOSE_DELAY=-1");
            HistoryPosition before = JdbcHistoryStore.on(pool).append("chat.a", Message.of("chat.message"), DAY);
            JdbcHistoryStore again = JdbcHistoryStore.on(pool); // as after a restart: migrations already ran
            assertEquals(new HistoryPosition(2, before.epoch()), again.append("chat.a", Message.of("chat.message"), DAY));
        }
    }
}
