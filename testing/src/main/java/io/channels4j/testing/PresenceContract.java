package io.channels4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ChannelSubscription;
import io.channels4j.core.Message;
import io.channels4j.core.presence.PresenceIdentity;
import io.channels4j.core.presence.PresenceMember;
import io.channels4j.core.presence.PresencePolicy;
import io.channels4j.core.presence.PresenceSettings;
import io.channels4j.core.presence.PresenceTracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The presence semantics every layer shares, on two or three nodes of one app with a virtual clock: each user
 * once across nodes, no event for a second tab, a leave only after the grace period, no events for a quick
 * reconnect, a killed node's users gone within the node timeout, and a throttled count in large rooms.
 * <pre>
 * class MyPresenceTest extends PresenceContract {
 *     &#64;Override protected ChannelLayer newNode(PresenceSettings settings) { return MyLayer.builder().presence(settings).build(); }
 * }
 * </pre>
 */
@Timeout(60)
public abstract class PresenceContract {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String ROOM = "room.lobby";

    /** The test's clock; every node of a test shares it. */
    protected final ManualClock clock = new ManualClock();
    /** The test's ticker; every node of a test shares it. */
    protected final ManualTicker ticker = new ManualTicker();
    private final List<ChannelLayer> nodes = new ArrayList<>();

    /**
     * A new node of the same app as every other node this test instance made (the same backend, the same
     * namespace), with {@code settings}.
     */
    protected abstract ChannelLayer newNode(PresenceSettings settings);

    /** Stops {@code node} refreshing its presence without any cleanup, as SIGKILL would. */
    protected void kill(ChannelLayer node) {
        node.presenceTracker().orElseThrow().halt();
    }

    private ChannelLayer node(PresencePolicy policy) {
        ChannelLayer node = newNode(PresenceSettings.builder().track("room.*", policy).clock(clock).ticker(ticker).build());
        nodes.add(node);
        return node;
    }

    private ChannelLayer node() {
        return node(PresencePolicy.track());
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(ChannelLayer::close);
    }

    private void advance(Duration by) {
        clock.advance(by);
        ticker.tick();
    }

    /** One connection: a subscription on a node, in the room's presence as {@code user}. */
    private static final class Member {
        final ChannelLayer node;
        final ChannelSubscription subscription;
        final LinkedBlockingQueue<Message> events = new LinkedBlockingQueue<>();

        Member(ChannelLayer node, String user) {
            this.node = node;
            this.subscription = node.subscribe(events::offer);
            tracker().join(ROOM, subscription.channel(), PresenceIdentity.of(user, Map.of("name", user.toUpperCase())));
        }

        PresenceTracker tracker() {
            return node.presenceTracker().orElseThrow();
        }

        Message next() throws InterruptedException {
            Message event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(event, "an event within " + WAIT);
            return event;
        }

        /** The next event, which must be {@code type} for {@code user}: anything else before it fails the test. */
        void expect(String type, String user) throws InterruptedException {
            Message event = next();
            assertEquals(type + " " + user, event.type() + " " + event.get("user"), "next event " + event);
        }

        void leave() {
            tracker().leave(ROOM, subscription.channel());
            subscription.close();
        }
    }

    private static Map<String, Integer> connections(List<PresenceMember> members) {
        return members.stream().collect(Collectors.toMap(PresenceMember::user, PresenceMember::connections));
    }

    private static void awaitMembers(ChannelLayer node, Map<String, Integer> expected) {
        Eventually.await(WAIT, () -> connections(node.presence(ROOM)).equals(expected),
                "presence is " + expected + " (is " + node.presence(ROOM) + ")");
    }

    @Test
    void listsEachUserOnceWithConnectionsAcrossNodes() {
        ChannelLayer a = node();
        ChannelLayer b = node();
        new Member(a, "alice");
        new Member(a, "alice");
        new Member(b, "bob");
        new Member(b, "alice");
        awaitMembers(a, Map.of("alice", 3, "bob", 1));
        awaitMembers(b, Map.of("alice", 3, "bob", 1));
        PresenceMember bob = b.presence(ROOM).stream().filter(m -> m.user().equals("bob")).findFirst().orElseThrow();
        assertEquals(Map.of("name", "BOB"), bob.meta());
    }

    @Test
    void answersPresenceOnANodeWithNoMemberInTheGroup() {
        ChannelLayer a = node();
        ChannelLayer empty = node();
        new Member(a, "alice");
        awaitMembers(empty, Map.of("alice", 1));
        assertEquals(List.of(), a.presence("other"), "an untracked group has no presence");
    }

    @Test
    void announcesAUsersArrivalOnEveryNodeButNotTheirOwnNorASecondTab() throws Exception {
        ChannelLayer a = node();
        ChannelLayer b = node();
        Member alice = new Member(a, "alice");
        Member bob = new Member(b, "bob");
        alice.expect("presence.join", "bob");
        Member bobOnA = new Member(a, "bob"); // bob's second tab, on alice's node
        Member carol = new Member(b, "carol");
        alice.expect("presence.join", "carol"); // nothing about bob's second tab came first
        bob.expect("presence.join", "carol"); // bob heard nothing of his own arrival, nor of his second tab
        bobOnA.expect("presence.join", "carol");
        assertEquals(0, carol.events.size(), "no event for carol's own arrival");
    }

    @Test
    void announcesALeaveOnlyAfterTheGracePeriod() throws Exception {
        ChannelLayer a = node(PresencePolicy.track().graceperiod(Duration.ofSeconds(5)));
        ChannelLayer b = node(PresencePolicy.track().graceperiod(Duration.ofSeconds(5)));
        Member alice = new Member(a, "alice");
        Member bob = new Member(b, "bob");
        alice.expect("presence.join", "bob");
        bob.leave();
        awaitMembers(a, Map.of("alice", 1, "bob", 0)); // bob's leave reached alice's node; he is in his grace period
        advance(Duration.ofSeconds(4));
        assertTrue(alice.events.isEmpty(), "no leave within the grace period: " + alice.events);
        advance(Duration.ofSeconds(2));
        alice.expect("presence.leave", "bob");
        assertEquals(Map.of("alice", 1), connections(a.presence(ROOM)));
    }

    @Test
    void aReconnectWithinTheGracePeriodMakesNoEvents() throws Exception {
        ChannelLayer a = node();
        ChannelLayer b = node();
        Member alice = new Member(a, "alice");
        Member bob = new Member(b, "bob");
        alice.expect("presence.join", "bob");
        bob.leave();
        awaitMembers(a, Map.of("alice", 1, "bob", 0));
        advance(Duration.ofSeconds(3));
        new Member(a, "bob"); // back, on the other node
        awaitMembers(b, Map.of("alice", 1, "bob", 1));
        advance(Duration.ofSeconds(10));
        new Member(b, "carol");
        alice.expect("presence.join", "carol"); // neither a leave nor a join of bob came first
    }

    @Test
    void aKilledNodesUsersLeaveWithinTheNodeTimeout() throws Exception {
        ChannelLayer a = node();
        ChannelLayer b = node();
        Member alice = new Member(a, "alice");
        new Member(b, "bob");
        new Member(b, "carol");
        alice.expect("presence.join", "bob");
        alice.expect("presence.join", "carol");
        new Member(a, "carol"); // carol is also on a, so she stays; joined after b's news arrived, which it could overtake
        kill(b);
        int seconds = 0;
        while (alice.events.isEmpty() && seconds < 15) {
            advance(Duration.ofSeconds(1));
            seconds++;
        }
        alice.expect("presence.leave", "bob");
        assertTrue(seconds <= 15, "left within 15 s, took " + seconds);
        assertEquals(Map.of("alice", 1, "carol", 1), connections(a.presence(ROOM)));
        assertEquals(Map.of("alice", 1, "carol", 1), connections(node().presence(ROOM)), "a new node sees no ghost either");
    }

    @Test
    void aNodeClosedCleanlyHasItsUsersLeaveAfterTheGracePeriod() throws Exception {
        ChannelLayer a = node();
        ChannelLayer b = node();
        Member alice = new Member(a, "alice");
        new Member(b, "bob");
        alice.expect("presence.join", "bob");
        b.close();
        awaitMembers(a, Map.of("alice", 1, "bob", 0));
        advance(Duration.ofSeconds(6));
        alice.expect("presence.leave", "bob");
    }

    @Test
    void aRoomAboveTheThresholdGetsCountsInsteadOfJoins() throws Exception {
        ChannelLayer a = node(PresencePolicy.track().countOnlyAbove(2));
        Member alice = new Member(a, "alice");
        new Member(a, "bob");
        alice.expect("presence.join", "bob");
        new Member(a, "carol"); // the third user: the room is now large
        Message count = alice.next();
        assertEquals("presence.count", count.type());
        assertEquals(3, count.get("count"));
    }

    @Test
    void aLargeRoomOnTwoNodesCostsEachMemberAtMostOneCountASecond() throws Exception {
        ChannelLayer a = node(PresencePolicy.track().countOnlyAbove(1000));
        ChannelLayer b = node(PresencePolicy.track().countOnlyAbove(1000));
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            members.add(new Member(i % 2 == 0 ? a : b, "user" + i));
        }
        Eventually.await(WAIT, () -> a.presence(ROOM).size() == 2000 && b.presence(ROOM).size() == 2000, "2,000 users present on both nodes");
        advance(Duration.ofSeconds(1));
        members.forEach(m -> m.events.clear());

        for (int i = 2000; i < 2200; i++) { // 200 more joins over 2 virtual seconds
            new Member(i % 2 == 0 ? a : b, "user" + i);
            clock.advance(Duration.ofMillis(10));
            if (i % 10 == 9) {
                ticker.tick();
            }
        }
        Eventually.await(WAIT, () -> a.presence(ROOM).size() == 2200 && b.presence(ROOM).size() == 2200, "2,200 users present on both nodes");
        advance(Duration.ofSeconds(1));
        for (Member member : members) {
            List<Message> events = new ArrayList<>(member.events);
            assertTrue(events.stream().allMatch(e -> e.type().equals("presence.count")), "only counts: " + events.get(0));
            // 200 joins from the last count before them to the last tick, 3 virtual seconds: at most one count a second
            assertTrue(events.size() >= 1 && events.size() <= 3, member.subscription.channel() + " got " + events.size() + " counts");
            assertEquals(2200, events.get(events.size() - 1).get("count"));
        }
    }
}
