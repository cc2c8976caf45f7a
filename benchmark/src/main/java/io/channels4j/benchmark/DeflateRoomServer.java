package io.channels4j.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.Json;
import io.channels4j.core.JsonWebsocketConsumer;
import io.channels4j.core.Message;
import io.channels4j.core.NonBlocking;
import io.channels4j.server.undertow.Compression;
import io.channels4j.server.undertow.ServerSettings;
import io.channels4j.server.undertow.UndertowServer;
import java.util.List;
import java.util.Map;

/**
 * The compressed-broadcast server: one room, every message to every member as the group message's JSON, with
 * permessage-deflate compressed once per message ({@link Compression#SHARED}) or once per member (PER_CONNECTION).
 */
final class DeflateRoomServer {
    private DeflateRoomServer() {
    }

    /** A member of the one room. */
    public static final class Room extends JsonWebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("room");
        }

        @Override
        protected void receiveJson(JsonNode content) {
            // a plain map, as an application's own event would be
            channelLayer().groupSend("room", Message.of("room.event", "event", Json.mapper().convertValue(content, Map.class)));
        }

        @NonBlocking
        void roomEvent(Message event) {
            sendJson(event);
        }
    }

    static void start(int port, Compression compression) {
        InMemoryChannelLayer layer = InMemoryChannelLayer.builder().capacity(10_000).build();
        UndertowServer.builder().port(port).application(ConsumerFactory.reflective(layer).of(Room.class))
                .settings(ServerSettings.builder().accessLog(false).compression(compression).build()).build().start();
    }
}
