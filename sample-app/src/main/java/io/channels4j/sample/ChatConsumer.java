package io.channels4j.sample;

import com.fasterxml.jackson.databind.JsonNode;
import io.channels4j.auth.Auth;
import io.channels4j.core.ChannelLayerException;
import io.channels4j.core.HistoryGap;
import io.channels4j.core.HistoryPolicy;
import io.channels4j.core.HistoryPosition;
import io.channels4j.core.JsonWebsocketConsumer;
import io.channels4j.core.Latest;
import io.channels4j.core.Message;
import io.channels4j.core.NonBlocking;
import io.channels4j.core.presence.PresenceIdentity;
import io.channels4j.core.presence.PresenceMember;
import io.channels4j.core.presence.PresencePolicy;
import io.channels4j.core.presence.PresenceSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code /ws/chat/<room>/} for signed-in users: {@code {"message": "hi"}} reaches every member of the room
 * as {@code {"room", "user", "message", "offset", "epoch"}}, through the channel layer group {@code chat.<room>}.
 * Rooms keep their last 100 messages for 24 h: a client joining gets the latest 50 first, and one coming back
 * with {@code ?since=N&epoch=E} gets every message after offset N, or {@code {"type": "history.reset", "epoch"}}
 * and the latest 50 when those are no longer all kept.
 *
 * <p>Presence: after the history the client gets {@code {"type": "presence", "users": [{"user", "connections"}]}},
 * then {@code {"type": "presence.join", "user"}} and {@code {"type": "presence.leave", "user"}} (after the grace
 * period) for other users; above 1,000 users, {@code {"type": "presence.count", "count"}} at most once a second instead.
 */
public final class ChatConsumer extends JsonWebsocketConsumer {
    static final int MAX_MESSAGE_LENGTH = 4000;
    /** What every room keeps: the layer's builders configure it for {@code chat.*}. */
    static final HistoryPolicy HISTORY = HistoryPolicy.keep(100, Duration.ofHours(24));
    static final int HISTORY_ON_JOIN = 50;

    private String room() {
        return scope().urlRoute().kwarg("room", String.class);
    }

    /** Chat rooms track presence, with the configured grace period, unless it is off; large rooms only count. */
    static PresenceSettings presence(SampleSettings settings) {
        return settings.presenceGrace().map(grace -> PresenceSettings.builder()
                .track("chat.*", PresencePolicy.track().graceperiod(grace).countOnlyAbove(1000)).build()).orElse(PresenceSettings.NONE);
    }

    /** The room's users as the client sees them: {@code [{"user": "alice", "connections": 1}, ...]}. */
    static List<Map<String, Object>> users(List<PresenceMember> members) {
        return members.stream().map(m -> Map.<String, Object>of("user", m.user(), "connections", m.connections())).toList();
    }

    @Override
    protected PresenceIdentity presenceIdentity() {
        return PresenceIdentity.of(scope().get(Auth.USER).username());
    }

    @Override
    protected List<String> groups() {
        return List.of("chat." + room());
    }

    @Override
    protected void connect() {
        accept();
        replayRoom();
        String group = "chat." + room();
        if (channelLayer().presenceTracker().filter(t -> t.tracks(group)).isPresent()) {
            // before any live message: the handlers of later events run only after this one
            sendJson(Map.of("type", "presence", "users", users(channelLayer().presence(group))));
        }
    }

    // the room's group is joined before this runs, so nothing sent meanwhile is missed or sent twice
    private void replayRoom() {
        String group = "chat." + room();
        List<String> since = scope().queryParams().get("since");
        if (since != null) {
            List<String> epoch = scope().queryParams().get("epoch");
            try {
                replaySince(group, new HistoryPosition(Long.parseLong(since.get(0)), epoch == null ? "" : epoch.get(0)));
                return;
            } catch (HistoryGap gap) {
                sendJson(Map.of("type", "history.reset", "epoch", gap.top().epoch()));
            } catch (IllegalArgumentException badPosition) {
                sendJson(Map.of("type", "history.reset", "epoch", channelLayer().history(group, null, 0).top().epoch()));
            }
        }
        replayLatest(group, HISTORY_ON_JOIN);
    }

    @Override
    protected void receiveJson(JsonNode content) {
        JsonNode message = content.get("message");
        if (!content.isObject() || message == null || !message.isTextual()) {
            sendJson(Map.of("error", "expected a JSON object with a text \"message\" field"));
            return;
        }
        if (message.asText().length() > MAX_MESSAGE_LENGTH) {
            sendJson(Map.of("error", "message longer than " + MAX_MESSAGE_LENGTH + " characters"));
            return;
        }
        try {
            channelLayer().groupSend("chat." + room(), Message.of("chat.message",
                    "room", room(), "user", scope().get(Auth.USER).username(), "message", message.asText()));
        } catch (ChannelLayerException e) {
            sendJson(Map.of("error", "message not delivered: the channel layer is unavailable, try again shortly"));
        }
    }

    /** Group event "chat.message": one member's message, for this socket's client; it only sends, so it runs inline. */
    @NonBlocking
    void chatMessage(Message event) {
        sendJson(event.without("type"));
    }

    /**
     * Another user arrived in the room. A room just under the count-only threshold can bring hundreds of joins at
     * once: past the mailbox's capacity they queue once per user instead of closing this socket as too slow.
     */
    @NonBlocking
    @Latest("user")
    void presenceJoin(Message event) {
        sendJson(Map.of("type", "presence.join", "user", event.get("user")));
    }

    /** A user left the room, their grace period over. */
    @NonBlocking
    @Latest("user")
    void presenceLeave(Message event) {
        sendJson(Map.of("type", "presence.leave", "user", event.get("user")));
    }

    /** A large room's user count, at most once a second. */
    @NonBlocking
    @Latest
    void presenceCount(Message event) {
        sendJson(Map.of("type", "presence.count", "count", event.get("count")));
    }
}
