package io.channels4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ChannelLayerException;
import io.channels4j.core.Message;
import io.channels4j.core.presence.InMemoryPresenceStore;
import io.channels4j.core.presence.PresenceEntry;
import io.channels4j.core.presence.PresenceIdentity;
import io.channels4j.core.presence.PresenceMember;
import io.channels4j.core.presence.PresencePolicy;
import io.channels4j.core.presence.PresenceSettings;
import io.channels4j.core.presence.PresenceStore;
import io.channels4j.core.presence.PresenceTracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Presence writes that fail while the store is unreachable leave neither ghosts nor half-joined connections. */
class PresenceOutageTest {
    private final ManualClock clock = new ManualClock();
    private final ManualTicker ticker = new ManualTicker();
    private final InMemoryPresenceStore shared = new InMemoryPresenceStore(clock);
    private final PresenceSettings settings = PresenceSettings.builder().track("room", PresencePolicy.track()).clock(clock).ticker(ticker).build();

    /** The shared store, through a connection that can be cut. */
    private final class Flaky implements PresenceStore {
        volatile boolean down;

        private void check() {
            if (down) {
                throw new ChannelLayerException("store unreachable (test)", null);
            }
        }

        @Override public void write(String group, PresenceEntry entry) { check(); shared.write(group, entry); }
        @Override public List<PresenceEntry> read(String group) { check(); return shared.read(group); }
        @Override public void watch(String node, String group, Consumer<PresenceEntry> changes) { check(); shared.watch(node, group, changes); }
        @Override public void unwatch(String node, String group) { check(); shared.unwatch(node, group); }
        @Override public boolean heartbeat(String node, Set<String> groups, Duration ttl) { check(); return shared.heartbeat(node, groups, ttl); }
        @Override public Set<String> alive(Collection<String> nodes) { check(); return shared.alive(nodes); }
        @Override public void forget(String group, Collection<PresenceEntry> entries) { check(); shared.forget(group, entries); }
        @Override public void goodbye(String node) { check(); shared.goodbye(node); }
    }

    private static Map<String, Integer> connections(List<PresenceMember> members) {
        return members.stream().collect(Collectors.toMap(PresenceMember::user, PresenceMember::connections));
    }

    private void advance(Duration by) {
        clock.advance(by);
        ticker.tick();
    }

    @Test
    void aLeaveThatCouldNotBeWrittenIsWrittenByTheNextHeartbeat() {
        List<Message> aliceHears = new ArrayList<>();
        Flaky cut = new Flaky();
        try (PresenceTracker a = new PresenceTracker("a", settings, shared, (channel, m) -> aliceHears.add(m));
             PresenceTracker b = new PresenceTracker("b", settings, cut, (channel, m) -> { })) {
            a.join("room", "alice-channel", PresenceIdentity.of("alice"));
            b.join("room", "bob-channel", PresenceIdentity.of("bob"));
            cut.down = true;
            assertThrows(ChannelLayerException.class, () -> b.leave("room", "bob-channel"));
            assertEquals(Map.of("alice", 1, "bob", 1), connections(a.members("room")), "bob's leave did not get through");
            cut.down = false;
            advance(Duration.ofSeconds(3)); // b's heartbeat
            assertEquals(Map.of("alice", 1, "bob", 0), connections(a.members("room")));
            advance(Duration.ofSeconds(6));
            assertEquals(List.of("presence.join bob", "presence.leave bob"),
                    aliceHears.stream().map(m -> m.type() + " " + m.get("user")).toList());
        }
    }

    @Test
    void aJoinThatCouldNotBeWrittenLeavesNoTrace() {
        Flaky cut = new Flaky();
        try (PresenceTracker a = new PresenceTracker("a", settings, shared, (channel, m) -> { });
             PresenceTracker b = new PresenceTracker("b", settings, cut, (channel, m) -> { })) {
            a.join("room", "alice-channel", PresenceIdentity.of("alice"));
            cut.down = true;
            assertThrows(ChannelLayerException.class, () -> b.join("room", "bob-channel", PresenceIdentity.of("bob")));
            cut.down = false;
            advance(Duration.ofSeconds(3));
            assertEquals(Map.of("alice", 1), connections(a.members("room")));
            assertTrue(connections(b.members("room")).equals(Map.of("alice", 1)), "b holds no half-joined bob: " + b.members("room"));
        }
    }
}
