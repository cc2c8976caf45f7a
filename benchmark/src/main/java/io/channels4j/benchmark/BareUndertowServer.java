package io.channels4j.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.Undertow;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline: bare Undertow doing by hand what the sample app's consumers do. {@code /ws/update/}
 * parses the JSON and echoes {@code {"message": X}}; {@code /ws/chat/<room>/} broadcasts
 * {@code {"room","user","message"}} to an in-process set, serialised once. No auth.
 */
final class BareUndertowServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Set<WebSocketChannel>> rooms = new ConcurrentHashMap<>();

    Undertow start(int port) {
        WebSocketProtocolHandshakeHandler websockets = new WebSocketProtocolHandshakeHandler(new WebSocketConnectionCallback() {
            @Override
            public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
                String path = exchange.getRequestURI();
                int q = path.indexOf('?');
                connected(q < 0 ? path : path.substring(0, q), channel);
            }
        });
        Undertow undertow = Undertow.builder().addHttpListener(port, "127.0.0.1").setHandler(websockets).build();
        undertow.start();
        return undertow;
    }

    private void connected(String path, WebSocketChannel channel) {
        if (path.startsWith("/ws/chat/")) {
            String room = path.substring("/ws/chat/".length()).replace("/", "");
            Set<WebSocketChannel> members = rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet());
            members.add(channel);
            channel.addCloseTask(c -> members.remove(c));
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel ws, BufferedTextMessage message) throws IOException {
                    JsonNode content = JSON.readTree(message.getData());
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("room", room);
                    out.put("user", "anonymous");
                    out.put("message", content.path("message").asText());
                    byte[] frame = JSON.writeValueAsBytes(out);
                    for (WebSocketChannel member : members) {
                        WebSockets.sendText(ByteBuffer.wrap(frame), member, null);
                    }
                }
            });
        } else {
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel ws, BufferedTextMessage message) throws IOException {
                    JsonNode content = JSON.readTree(message.getData());
                    WebSockets.sendText(JSON.writeValueAsString(Map.of("message", content.get("message"))), ws, null);
                }
            });
        }
        channel.resumeReceives();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
