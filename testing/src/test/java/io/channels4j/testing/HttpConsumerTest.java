package io.channels4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.Event;
import io.channels4j.core.HttpConsumer;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class HttpConsumerTest {
    private static final Duration WAIT = Duration.ofSeconds(2);

    static final class Echo extends HttpConsumer {
        @Override
        protected void handle(byte[] body) {
            sendJson(200, Map.of("method", scope().method(), "body", new String(body, StandardCharsets.UTF_8)));
        }
    }

    static final class Broken extends HttpConsumer {
        @Override
        protected void handle(byte[] body) {
            throw new IllegalStateException("bug");
        }
    }

    /** Streams layer messages to the client as server-sent events, which Channels' consumers cannot. */
    static final class Events extends HttpConsumer {
        @Override
        protected void handle(byte[] body) {
            channelLayer().groupAdd("news", channelName());
            startEventStream();
        }

        void newsItem(Message m) {
            sendEvent(m.getString("text"));
        }
    }

    @Test
    void answersWithTheWholeBody() {
        HttpResponse response = HttpCommunicator.of(ConsumerFactory.reflective().of(Echo.class), "post", "/echo")
                .body("hello".getBytes(StandardCharsets.UTF_8)).getResponse(WAIT);
        assertEquals(200, response.status());
        assertEquals(Map.of("method", "POST", "body", "hello"), response.json());
        assertEquals("application/json", response.headers().first("content-type").orElseThrow());
    }

    @Test
    void handlerErrorAnswers500() {
        HttpResponse response = HttpCommunicator.of(ConsumerFactory.reflective().of(Broken.class), "GET", "/").getResponse(WAIT);
        assertEquals(500, response.status());
        assertFalse(response.text().contains("bug"), "no internals reach the client");
    }

    @Test
    void streamsLayerMessagesAsServerSentEventsUntilTheClientLeaves() {
        InMemoryChannelLayer layer = new InMemoryChannelLayer();
        HttpCommunicator client = HttpCommunicator.of(ConsumerFactory.reflective(layer).of(Events.class), "GET", "/events");
        Event.HttpResponseStart start = client.start(WAIT);
        assertEquals("text/event-stream", start.headers().first("content-type").orElseThrow());
        layer.groupSend("news", Message.of("news.item", "text", "first"));
        Event.HttpResponseBody chunk = client.receiveBody(WAIT);
        assertEquals("data: first\n\n", new String(chunk.body(), StandardCharsets.UTF_8));
        assertTrue(chunk.moreBody());
        client.disconnect();
        Eventually.await(WAIT, () -> layer.groupCount() == 0, "the consumer left its group");
        assertEquals(0, layer.groupCount());
        assertEquals(0, layer.subscriptionCount());
    }

    /** Opens a stream on an empty request; a request that carries a body is answered with it. */
    static final class Fed extends HttpConsumer {
        @Override
        protected void handle(byte[] body) {
            if (body.length == 0) {
                channelLayer().groupAdd("feeding", channelName());
                startEventStream();
            } else {
                sendEvent(new String(body, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aLayerMessageTypedHttpRequestIsHandledAsTheRequest() {
        // channels: http_request is an ordinary type handler of AsyncHttpConsumer
        InMemoryChannelLayer layer = new InMemoryChannelLayer();
        HttpCommunicator client = HttpCommunicator.of(ConsumerFactory.reflective(layer).of(Fed.class), "GET", "/fed");
        client.start(WAIT);
        Eventually.await(WAIT, () -> layer.groupCount() == 1, "the consumer to join its group");
        layer.groupSend("feeding", Message.of("http.request", "body", "fed".getBytes(StandardCharsets.UTF_8), "more_body", false));
        assertEquals("data: fed\n\n", new String(client.receiveBody(WAIT).body(), StandardCharsets.UTF_8));
        client.disconnect();
        Eventually.await(WAIT, () -> layer.subscriptionCount() == 0, "the consumer to end");
    }
}
