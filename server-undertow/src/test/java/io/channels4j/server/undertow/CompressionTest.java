package io.channels4j.server.undertow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.Message;
import io.channels4j.core.NonBlocking;
import io.channels4j.core.JsonWebsocketConsumer;
import com.fasterxml.jackson.databind.JsonNode;
import io.channels4j.testing.Eventually;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * permessage-deflate: negotiated only when the server allows it and the client offers it, without server context
 * takeover, so a group message is deflated once and every member that negotiated it gets the same bytes.
 */
@Timeout(60)
class CompressionTest {
    private static final String OFFER = "permessage-deflate; client_max_window_bits";
    private static final String FOX = "the quick brown fox jumps over the lazy dog ".repeat(40);
    private static final String BIG = "{\"text\":\"" + FOX + "\"}";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryChannelLayer layer = InMemoryChannelLayer.builder().build();
    private final List<DeflateClient> clients = new ArrayList<>();
    private UndertowServer server;

    /** A chat room: what a member sends goes to every member, as the group message's JSON (encoded once). */
    static final class Room extends JsonWebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("room");
        }

        @Override
        protected void receiveJson(JsonNode content) {
            channelLayer().groupSend("room", Message.of("chat.message", "text", content.get("text").asText()));
        }

        @NonBlocking
        void chatMessage(Message event) {
            sendJson(event);
        }
    }

    private static String json(String text) {
        return new String(Message.of("chat.message", "text", text).jsonUtf8(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private void start(Compression compression) {
        server = UndertowServer.builder().port(0).meterRegistry(meters).application(ConsumerFactory.reflective(layer).of(Room.class))
                .settings(ServerSettings.builder().accessLog(false).compression(compression).build()).build().start();
    }

    private DeflateClient member(String offer) throws Exception {
        DeflateClient client = DeflateClient.connect(server.port(), "/room/", offer);
        clients.add(client);
        int members = clients.size();
        Eventually.await(Duration.ofSeconds(5), () -> layer.subscriptionCount() == members, "the member joined");
        return client;
    }

    private double compressions() {
        return meters.get("channels4j.compressions").counter().count();
    }

    @AfterEach
    void stop() throws Exception {
        for (DeflateClient client : clients) {
            client.close();
        }
        server.stop();
    }

    @Test
    void negotiatesDeflateWithoutServerContextTakeoverWhenAllowedAndOffered() throws Exception {
        start(Compression.SHARED);
        DeflateClient client = member(OFFER);
        assertTrue(client.extensions.startsWith("permessage-deflate"), client.extensions);
        assertTrue(client.extensions.contains("server_no_context_takeover"), client.extensions);
        client.sendText(BIG);
        DeflateClient.Frame frame = client.read();
        assertTrue(frame.compressed(), "RSV1 set");
        assertEquals(json(FOX), frame.text());
        assertTrue(frame.payload().length < BIG.length() / 4, "it is compressed: " + frame.payload().length + " bytes");
    }

    @Test
    void declinesDeflateWhenCompressionIsOff() throws Exception {
        start(Compression.OFF);
        DeflateClient client = member(OFFER);
        assertNull(client.extensions, "no extension answered");
        client.sendText(BIG);
        DeflateClient.Frame frame = client.read();
        assertFalse(frame.compressed());
        assertEquals(json(FOX), frame.text());
        assertEquals(0.0, compressions());
    }

    @Test
    void aClientThatOffersNothingGetsPlainFrames() throws Exception {
        start(Compression.SHARED);
        DeflateClient client = member(null);
        assertNull(client.extensions);
        client.sendText(BIG);
        assertFalse(client.read().compressed());
    }

    @Test
    void anOfferWithAnUnknownParameterIsDeclined() throws Exception {
        start(Compression.SHARED);
        DeflateClient client = member("permessage-deflate; x_unknown=1");
        assertNull(client.extensions);
    }

    @Test
    void aGroupMessageIsDeflatedOnceAndEveryMemberThatNegotiatedGetsTheSameBytes() throws Exception {
        start(Compression.SHARED);
        List<DeflateClient> deflating = List.of(member(OFFER), member(OFFER), member(OFFER));
        DeflateClient plain = member(null);
        // the sender compresses with context takeover: its second message refers back into its first
        deflating.get(0).sendCompressed(BIG);
        deflating.get(0).sendCompressed("{\"text\":\"" + FOX + "!\"}");
        for (String expected : List.of(json(FOX), json(FOX + "!"))) {
            List<byte[]> wire = new ArrayList<>();
            for (DeflateClient member : deflating) {
                DeflateClient.Frame frame = member.read();
                assertTrue(frame.compressed());
                assertEquals(expected, frame.text());
                wire.add(frame.payload());
            }
            for (byte[] bytes : wire) {
                assertArrayEquals(wire.get(0), bytes, "byte-identical for every member");
            }
            DeflateClient.Frame uncompressed = plain.read();
            assertFalse(uncompressed.compressed(), "a member that did not negotiate gets plain frames");
            assertEquals(expected, uncompressed.text());
        }
        assertEquals(2.0, compressions(), "one deflate per message, not per member");
    }

    @Test
    void perConnectionCompressionDeflatesForEveryMember() throws Exception {
        start(Compression.PER_CONNECTION);
        List<DeflateClient> deflating = List.of(member(OFFER), member(OFFER), member(OFFER));
        deflating.get(0).sendText(BIG);
        for (DeflateClient member : deflating) {
            assertEquals(json(FOX), member.read().text());
        }
        assertEquals(3.0, compressions());
    }

    @Test
    void messagesBelowTheThresholdGoUncompressed() throws Exception {
        start(Compression.SHARED);
        DeflateClient client = member(OFFER);
        client.sendText("{\"text\":\"hello\"}");
        DeflateClient.Frame frame = client.read();
        assertFalse(frame.compressed());
        assertEquals(json("hello"), frame.text());
        assertEquals(0.0, compressions());
    }
}
