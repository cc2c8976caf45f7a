package io.channels4j.server.undertow;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link UndertowServer} treats its connections; Daphne's settings with sane defaults.
 * <pre>
 * ServerSettings settings = ServerSettings.builder().pingInterval(Duration.ofSeconds(20)).maxMessageSize(1 &lt;&lt; 20).build();
 * </pre>
 */
public final class ServerSettings {
    /** Every default. */
    public static final ServerSettings DEFAULTS = builder().build();

    private final Duration pingInterval;
    private final Duration pingTimeout;
    private final Duration handshakeTimeout;
    private final Duration shutdownTimeout;
    private final long maxMessageSize;
    private final long maxRequestBodySize;
    private final long maxInflightBodyBytes;
    private final Duration requestHeaderTimeout;
    private final Duration requestBodyTimeout;
    private final int maxConnections;
    private final long maxOutboundBytes;
    private final int maxOutboundFrames;
    private final Duration idleTimeout;
    private final List<String> trustedProxies;
    private final boolean accessLog;
    private final boolean debug;
    private final int handshakesPerSecond;
    private final int handshakeBurst;
    private final Compression compression;
    private final int compressionThreshold;

    private ServerSettings(Builder b) {
        this.pingInterval = b.pingInterval;
        this.pingTimeout = b.pingTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.shutdownTimeout = b.shutdownTimeout;
        this.maxMessageSize = b.maxMessageSize;
        this.maxRequestBodySize = b.maxRequestBodySize;
        this.maxInflightBodyBytes = b.maxInflightBodyBytes;
        this.requestHeaderTimeout = b.requestHeaderTimeout;
        this.requestBodyTimeout = b.requestBodyTimeout;
        this.maxConnections = b.maxConnections;
        this.maxOutboundBytes = b.maxOutboundBytes;
        this.maxOutboundFrames = b.maxOutboundFrames;
        this.idleTimeout = b.idleTimeout;
        this.trustedProxies = List.copyOf(b.trustedProxies);
        this.accessLog = b.accessLog;
        this.debug = b.debug;
        this.handshakesPerSecond = b.handshakesPerSecond;
        this.handshakeBurst = b.handshakeBurst;
        this.compression = b.compression;
        this.compressionThreshold = b.compressionThreshold;
    }

    /** Starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Idle time after which the server pings a WebSocket (default 20 s). */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** How long a pinged WebSocket may stay silent before it is dropped (default 30 s). */
    public Duration pingTimeout() {
        return pingTimeout;
    }

    /** How long the application may take to accept or refuse a handshake before the server answers 503 (default 5 s). */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** How long a graceful shutdown waits for consumers to finish before interrupting them (default 10 s). */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** The largest WebSocket message accepted, in bytes; larger ones close with 1009 (default 1 MiB). */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    /** The largest HTTP request body accepted, in bytes; larger ones get 413 (default 10 MiB). */
    public long maxRequestBodySize() {
        return maxRequestBodySize;
    }

    /**
     * Bytes of HTTP request bodies the server holds at once, over all requests; a request whose body would take it
     * past this gets 503 (default 64 MiB). Bodies are held as their bytes arrive, never reserved from Content-Length.
     */
    public long maxInflightBodyBytes() {
        return maxInflightBodyBytes;
    }

    /** How long a client has to send a request's headers once it has started; then the socket is closed (default 10 s). */
    public Duration requestHeaderTimeout() {
        return requestHeaderTimeout;
    }

    /** How long a client has to send a whole request body once the headers are in; then it gets 408 and is closed (default 30 s). */
    public Duration requestBodyTimeout() {
        return requestBodyTimeout;
    }

    /** The most WebSockets open at once; a handshake beyond it gets 503 (default 100 000). */
    public int maxConnections() {
        return maxConnections;
    }

    /** Bytes a WebSocket may have waiting to be sent before its messages' Delivery decides (default 1 MiB). */
    public long maxOutboundBytes() {
        return maxOutboundBytes;
    }

    /** Messages a WebSocket may have waiting to be sent before its messages' Delivery decides (default 1000). */
    public int maxOutboundFrames() {
        return maxOutboundFrames;
    }

    /** A WebSocket that sends no message this long is closed with 1001 (default zero: never). */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Peers whose X-Forwarded-For and X-Forwarded-Proto headers are believed (default none: headers ignored). */
    public List<String> trustedProxies() {
        return trustedProxies;
    }

    /** Whether each request and WebSocket is logged to the {@code io.channels4j.access} logger (default true). */
    public boolean accessLog() {
        return accessLog;
    }

    /** Whether a failing consumer's exception message reaches the client in its 1011 close reason (default false). */
    public boolean debug() {
        return debug;
    }

    /** WebSocket handshakes allowed per second from one client address; 0 (the default) means no limit. */
    public int handshakesPerSecond() {
        return handshakesPerSecond;
    }

    /** How many handshakes one client address may make at once before {@link #handshakesPerSecond()} applies. */
    public int handshakeBurst() {
        return handshakeBurst;
    }

    boolean trusts(InetAddress peer) {
        if (peer == null || trustedProxies.isEmpty()) {
            return false;
        }
        for (String proxy : trustedProxies) {
            if (ProxyAddresses.matches(proxy, peer)) {
                return true;
            }
        }
        return false;
    }

    /** Whether WebSocket messages are compressed for clients that offer permessage-deflate (default {@link Compression#OFF}). */
    public Compression compression() {
        return compression;
    }

    /** Messages smaller than this many bytes go uncompressed even when compression is on (default 256). */
    public int compressionThreshold() {
        return compressionThreshold;
    }

    @Override
    public String toString() {
        return "ServerSettings[pingInterval=" + pingInterval + ", pingTimeout=" + pingTimeout + ", handshakeTimeout=" + handshakeTimeout
                + ", shutdownTimeout=" + shutdownTimeout + ", maxMessageSize=" + maxMessageSize + ", maxRequestBodySize=" + maxRequestBodySize
                + ", maxInflightBodyBytes=" + maxInflightBodyBytes + ", requestHeaderTimeout=" + requestHeaderTimeout
                + ", requestBodyTimeout=" + requestBodyTimeout
                + ", maxConnections=" + maxConnections + ", maxOutboundBytes=" + maxOutboundBytes + ", maxOutboundFrames=" + maxOutboundFrames
                + ", idleTimeout=" + idleTimeout + ", trustedProxies=" + trustedProxies + ", accessLog=" + accessLog + ", debug=" + debug
                + ", handshakeRateLimit=" + (handshakesPerSecond == 0 ? "off" : handshakesPerSecond + "/s burst " + handshakeBurst)
                + ", compression=" + compression + ", compressionThreshold=" + compressionThreshold + "]";
    }

    /** Collects settings; every method checks its value. */
    public static final class Builder {
        private Duration pingInterval = Duration.ofSeconds(20);
        private Duration pingTimeout = Duration.ofSeconds(30);
        private Duration handshakeTimeout = Duration.ofSeconds(5);
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private long maxMessageSize = 1 << 20;
        private long maxRequestBodySize = 10 << 20;
        private long maxInflightBodyBytes = 64L << 20;
        private Duration requestHeaderTimeout = Duration.ofSeconds(10);
        private Duration requestBodyTimeout = Duration.ofSeconds(30);
        private int maxConnections = 100_000;
        private long maxOutboundBytes = 1 << 20;
        private int maxOutboundFrames = 1000;
        private Duration idleTimeout = Duration.ZERO;
        private final List<String> trustedProxies = new ArrayList<>();
        private boolean accessLog = true;
        private boolean debug;
        private int handshakesPerSecond;
        private int handshakeBurst;
        private Compression compression = Compression.OFF;
        private int compressionThreshold = 256;

        private Builder() {
        }

        /** Idle time before a ping. */
        public Builder pingInterval(Duration value) {
            pingInterval = positive(value, "pingInterval");
            return this;
        }

        /** Silence allowed after a ping. */
        public Builder pingTimeout(Duration value) {
            pingTimeout = positive(value, "pingTimeout");
            return this;
        }

        /** Time the application has to answer a handshake. */
        public Builder handshakeTimeout(Duration value) {
            handshakeTimeout = positive(value, "handshakeTimeout");
            return this;
        }

        /** Time a graceful shutdown waits for consumers. */
        public Builder shutdownTimeout(Duration value) {
            shutdownTimeout = positive(value, "shutdownTimeout");
            return this;
        }

        /** The largest WebSocket message, in bytes. */
        public Builder maxMessageSize(long bytes) {
            maxMessageSize = positive(bytes, "maxMessageSize");
            return this;
        }

        /** The largest HTTP request body, in bytes. */
        public Builder maxRequestBodySize(long bytes) {
            maxRequestBodySize = positive(bytes, "maxRequestBodySize");
            return this;
        }

        /** Bytes of request bodies held at once over all requests. */
        public Builder maxInflightBodyBytes(long bytes) {
            maxInflightBodyBytes = positive(bytes, "maxInflightBodyBytes");
            return this;
        }

        /** Time a client has to send a request's headers. */
        public Builder requestHeaderTimeout(Duration value) {
            requestHeaderTimeout = positive(value, "requestHeaderTimeout");
            return this;
        }

        /** Time a client has to send a whole request body. */
        public Builder requestBodyTimeout(Duration value) {
            requestBodyTimeout = positive(value, "requestBodyTimeout");
            return this;
        }

        /** The most WebSockets open at once. */
        public Builder maxConnections(int count) {
            maxConnections = (int) positive(count, "maxConnections");
            return this;
        }

        /** Bytes waiting to be sent per WebSocket before backpressure applies. */
        public Builder maxOutboundBytes(long bytes) {
            maxOutboundBytes = positive(bytes, "maxOutboundBytes");
            return this;
        }

        /** Messages waiting to be sent per WebSocket before backpressure applies. */
        public Builder maxOutboundFrames(int frames) {
            maxOutboundFrames = (int) positive(frames, "maxOutboundFrames");
            return this;
        }

        /** Closes WebSockets that send nothing for this long; zero turns it off. */
        public Builder idleTimeout(Duration value) {
            Objects.requireNonNull(value, "idleTimeout");
            if (value.isNegative()) {
                throw new IllegalArgumentException("idleTimeout must not be negative, got " + value);
            }
            idleTimeout = value;
            return this;
        }

        /**
         * Adds a trusted proxy: an IP address or a CIDR block such as {@code 10.0.0.0/8}.
         *
         * @throws IllegalArgumentException when it is neither
         */
        public Builder trustedProxy(String addressOrCidr) {
            try {
                ProxyAddresses.matches(addressOrCidr, InetAddress.getByName("127.0.0.1"));
            } catch (RuntimeException | UnknownHostException e) {
                throw new IllegalArgumentException("Trusted proxy '" + addressOrCidr + "' is not an IP address or CIDR block (e.g. 10.0.0.0/8).", e);
            }
            trustedProxies.add(addressOrCidr);
            return this;
        }

        /** Whether to write the access log. */
        public Builder accessLog(boolean enabled) {
            accessLog = enabled;
            return this;
        }

        /**
         * Debug mode, for development and tests only: a consumer that throws closes its socket with 1011 and the
         * exception's message as the reason (cut to 123 bytes) rather than "internal error". Off by default,
         * because messages may carry internal details.
         */
        public Builder debug(boolean enabled) {
            debug = enabled;
            return this;
        }

        /**
         * Limits WebSocket handshakes per client address (after trusted proxies): {@code perSecond} on average,
         * up to {@code burst} at once; beyond it a handshake gets 429 with {@code Retry-After}. {@code perSecond}
         * 0 turns the limit off (the default).
         *
         * @throws IllegalArgumentException when a value is negative, or {@code burst} is below 1 with a limit on
         */
        public Builder handshakeRateLimit(int perSecond, int burst) {
            if (perSecond < 0 || (perSecond > 0 && burst < 1)) {
                throw new IllegalArgumentException("handshakeRateLimit needs perSecond >= 0 (0 turns it off) and burst >= 1, got "
                        + perSecond + " per second, burst " + burst + ".");
            }
            handshakesPerSecond = perSecond;
            handshakeBurst = perSecond == 0 ? 0 : burst;
            return this;
        }

        /** permessage-deflate for clients that offer it; {@link Compression#SHARED} compresses a group message once. */
        public Builder compression(Compression mode) {
            compression = Objects.requireNonNull(mode, "compression");
            return this;
        }

        /** The smallest message, in bytes, worth compressing; smaller ones go as they are. */
        public Builder compressionThreshold(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("compressionThreshold must be 0 or more bytes, got " + bytes);
            }
            compressionThreshold = bytes;
            return this;
        }

        /** The settings. */
        public ServerSettings build() {
            return new ServerSettings(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }

        private static long positive(long value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
