package io.channels4j.server.undertow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's Micrometer meters: connections, handshakes refused, messages and bytes each way, outbound
 * buffer depth, slow-client closes, dropped and conflated messages. Names start with {@code channels4j.}.
 */
final class ServerMetrics {
    private final MeterRegistry registry;
    private final Counter opened;
    private final Counter messagesIn;
    private final Counter bytesIn;
    private final Counter messagesOut;
    private final Counter bytesOut;
    private final Counter slowClients;
    private final Counter dropped;
    private final Counter conflated;
    private final Counter compressions;
    private final Counter compressedBytes;
    // looked up once per close code: a registry lookup builds tags and an id on every call
    private final ConcurrentHashMap<Integer, Counter> closedByCode = new ConcurrentHashMap<>();

    ServerMetrics(MeterRegistry registry, ConnectionRegistry connections) {
        this.registry = registry;
        Gauge.builder("channels4j.connections.open", connections, c -> c.websockets().size())
                .description("WebSockets open now").register(registry);
        Gauge.builder("channels4j.http.inflight", connections, c -> c.exchanges().size())
                .description("HTTP requests being answered now").register(registry);
        Gauge.builder("channels4j.http.body.bytes", connections, ConnectionRegistry::bodyBytes)
                .description("Bytes of HTTP request bodies held in memory now").register(registry);
        Gauge.builder("channels4j.outbound.buffered.bytes", connections,
                c -> c.websockets().stream().mapToLong(WebsocketConnection::outboundBytes).sum())
                .description("Bytes handed to WebSockets and not yet taken by their clients").register(registry);
        this.opened = Counter.builder("channels4j.connections.opened").description("WebSockets accepted").register(registry);
        this.messagesIn = Counter.builder("channels4j.messages.in").register(registry);
        this.bytesIn = Counter.builder("channels4j.bytes.in").register(registry);
        this.messagesOut = Counter.builder("channels4j.messages.out").register(registry);
        this.bytesOut = Counter.builder("channels4j.bytes.out").register(registry);
        this.slowClients = Counter.builder("channels4j.slow.clients.closed").description("Clients closed with 1008 for not keeping up").register(registry);
        this.dropped = Counter.builder("channels4j.messages.dropped").tag("delivery", "volatile").register(registry);
        this.conflated = Counter.builder("channels4j.messages.conflated").tag("delivery", "latest").register(registry);
        this.compressions = Counter.builder("channels4j.compressions")
                .description("Messages deflated for permessage-deflate; one per group message when shared").register(registry);
        this.compressedBytes = Counter.builder("channels4j.compressions.bytes").description("Bytes those deflates produced").register(registry);
    }

    /** Frames written from the IO threads' outboxes, and the flushes they took: fewer flushes than frames is coalescing. */
    void outboxes(IoOutboxes outboxes) {
        FunctionCounter.builder("channels4j.outbox.frames", outboxes, IoOutboxes::frames)
                .description("Frames written from other threads through an IO thread's outbox").register(registry);
        FunctionCounter.builder("channels4j.outbox.flushes", outboxes, IoOutboxes::flushes)
                .description("Socket flushes those frames took, one per socket per outbox drain").register(registry);
    }

    void compressed(int size, int compressedSize) {
        compressions.increment();
        compressedBytes.increment(compressedSize);
    }

    void opened() {
        opened.increment();
    }

    void closed(int code) {
        closedByCode.computeIfAbsent(code, c -> registry.counter("channels4j.connections.closed", "code", Integer.toString(c))).increment();
    }

    void rejected(int status, String reason) {
        registry.counter("channels4j.handshakes.rejected", "status", Integer.toString(status), "reason", reason).increment();
    }

    void received(int size) {
        messagesIn.increment();
        bytesIn.increment(size);
    }

    void sent(int size) {
        messagesOut.increment();
        bytesOut.increment(size);
    }

    void slowClientClosed() {
        slowClients.increment();
    }

    void dropped() {
        dropped.increment();
    }

    void conflated() {
        conflated.increment();
    }

    MeterRegistry registry() {
        return registry;
    }
}
