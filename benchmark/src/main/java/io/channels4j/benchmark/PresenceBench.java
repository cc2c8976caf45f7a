package io.channels4j.benchmark;

import io.channels4j.core.ChannelSubscription;
import io.channels4j.core.presence.PresenceIdentity;
import io.channels4j.core.presence.PresencePolicy;
import io.channels4j.core.presence.PresenceSettings;
import io.channels4j.core.presence.PresenceTracker;
import io.channels4j.core.presence.Ticker;
import io.channels4j.layers.redis.RedisChannelLayer;
import io.channels4j.testing.ManualClock;
import java.util.ArrayList;
import java.util.List;

/**
 * What presence costs Redis: commands per join (a new user's first connection) and per heartbeat (liveness, the
 * groups' expiry and the sweep of other nodes, per node), with {@code members} already in the room over two nodes.
 * Heartbeats are driven by hand on a moved clock, so only the measured ones run.
 */
final class PresenceBench {
    private PresenceBench() {
    }

    record Result(double commandsPerJoin, double commandsPerHeartbeat) {
    }

    static Result redis(String url, int members) throws Exception {
        String prefix = "benchpresence" + System.nanoTime();
        ManualClock clock = new ManualClock(); // moved by the heartbeat interval before each measured heartbeat
        List<Runnable> ticks = new ArrayList<>();
        Ticker byHand = (tick, period) -> {
            ticks.add(tick);
            return () -> ticks.remove(tick);
        };
        PresenceSettings settings = PresenceSettings.builder().track("room", PresencePolicy.track().countOnlyAbove(1000))
                .clock(clock).ticker(byHand).build();
        try (RedisChannelLayer a = RedisChannelLayer.builder().url(url).prefix(prefix).presence(settings).build();
             RedisChannelLayer b = RedisChannelLayer.builder().url(url).prefix(prefix).presence(settings).build()) {
            List<ChannelSubscription> subs = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                RedisChannelLayer node = i % 2 == 0 ? a : b;
                ChannelSubscription sub = node.subscribe(m -> true);
                node.presenceTracker().orElseThrow().join("room", sub.channel(), PresenceIdentity.of("user" + i));
                subs.add(sub);
            }
            int joins = 100;
            PresenceTracker tracker = a.presenceTracker().orElseThrow();
            long before = GroupSendBench.totalCommands(url);
            for (int i = 0; i < joins; i++) {
                ChannelSubscription sub = a.subscribe(m -> true);
                tracker.join("room", sub.channel(), PresenceIdentity.of("newcomer" + i));
                subs.add(sub);
            }
            double perJoin = (GroupSendBench.totalCommands(url) - before - 1) / (double) joins;

            int rounds = 20;
            before = GroupSendBench.totalCommands(url);
            for (int i = 0; i < rounds; i++) {
                clock.advance(settings.nodeTimeout().dividedBy(5));
                ticks.forEach(Runnable::run); // both nodes: each heartbeats, then checks the other is alive
            }
            double perHeartbeat = (GroupSendBench.totalCommands(url) - before - 1) / (double) (rounds * ticks.size());
            subs.forEach(ChannelSubscription::close);
            return new Result(perJoin, perHeartbeat);
        }
    }
}
