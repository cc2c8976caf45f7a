package io.channels4j.core;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable description of one connection, as Channels' ASGI scope: what it is, where it goes, who
 * sent it, and what middleware has learned about it.
 *
 * <p>Middleware never mutates a scope; {@link #with(ScopeKey, Object)} returns a new one. Servers build
 * scopes with {@link #builder(Type)}.
 */
public final class Scope {
    /** The kind of connection a scope describes. */
    public enum Type {
        /** A WebSocket connection. */
        WEBSOCKET,
        /** One HTTP request. */
        HTTP,
        /** A named channel consumed by a background worker. */
        CHANNEL;

        private final String id = name().toLowerCase(Locale.ROOT);

        /** The Channels spelling: {@code websocket}, {@code http} or {@code channel}. */
        public String id() {
            return id;
        }
    }

    /**
     * Present and true when the server runs in debug mode ({@code ServerSettings.builder().debug(true)}, or
     * {@code WebsocketCommunicator.debug(true)} in tests): a consumer that fails then tells the client the exception's
     * message in its close reason (or 500 body) instead of a bare "internal error". Never on in production.
     */
    public static final ScopeKey<Boolean> DEBUG = ScopeKey.of("debug", Boolean.class, "use find(Scope.DEBUG): only a server in debug mode sets it");

    /** The request's cookies, set by the cookie middleware; read them with {@link #cookies()}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final ScopeKey<Map<String, String>> COOKIES = (ScopeKey) ScopeKey.of("cookies", Map.class,
            "wrap the application in CookieMiddleware, or use AuthMiddlewareStack");

    /** What URL routing captured, set by the router; read it with {@link #urlRoute()}. */
    public static final ScopeKey<UrlRoute> URL_ROUTE = ScopeKey.of("url route", UrlRoute.class, "route the application with a URLRouter");

    /** The part of the path a nested router has not matched yet, set by the router; see {@link #pathRemaining()}. */
    public static final ScopeKey<String> PATH_REMAINING = ScopeKey.of("path remaining", String.class, "route the application with a URLRouter");

    private final Builder parts; // a private copy: never handed out, never changed
    private volatile Map<String, List<String>> queryParams;

    private Scope(Builder b) {
        parts = b.copy();
        parts.path = b.path != null ? b.path : b.rawPath != null ? PercentDecoding.decodePath(b.rawPath) : "";
        parts.rawPath = b.rawPath == null ? parts.path : b.rawPath;
    }

    /** Starts a scope of the given type; the server fills in what it knows. */
    public static Builder builder(Type type) {
        return new Builder(Objects.requireNonNull(type, "type"));
    }

    /** {@code websocket}, {@code http} or {@code channel}. */
    public Type type() {
        return parts.type;
    }

    /**
     * The request path, percent-decoded as Daphne does: every escape is decoded, {@code %2F} too
     * ({@code /foo%2Fbar} is {@code /foo/bar}), the bytes read as UTF-8; with its leading slash, without the
     * query string; empty for channel scopes. Routing matches against it; {@link #rawPath()} keeps the original.
     */
    public String path() {
        return parts.path;
    }

    /** The path as it came on the wire, still percent-encoded (Daphne's {@code raw_path}, as a String), without the query string. */
    public String rawPath() {
        return parts.rawPath;
    }

    /** The raw query string without the {@code ?}; empty when there is none. */
    public String queryString() {
        return parts.queryString;
    }

    /** The decoded query parameters; a name may appear several times. */
    public Map<String, List<String>> queryParams() {
        Map<String, List<String>> params = queryParams;
        if (params == null) {
            params = PercentDecoding.queryParams(parts.queryString);
            queryParams = params;
        }
        return params;
    }

    /** The first value of query parameter {@code name}, if any. */
    public Optional<String> queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The HTTP method ({@code GET} for WebSocket handshakes); empty for channel scopes. */
    public String method() {
        return parts.method;
    }

    /** {@code http}, {@code https}, {@code ws} or {@code wss}, as the server saw it (or a trusted proxy said). */
    public String scheme() {
        return parts.scheme;
    }

    /** Whether the connection came over TLS, directly or through a trusted proxy. */
    public boolean secure() {
        return "https".equals(parts.scheme) || "wss".equals(parts.scheme);
    }

    /** The request headers. */
    public Headers headers() {
        return parts.headers;
    }

    /** Cookies parsed by the cookie middleware ({@link #COOKIES}); empty until it has run. */
    public Map<String, String> cookies() {
        return find(COOKIES).orElse(Map.of());
    }

    /** The peer's address (after trusted proxy headers), or null when unknown. */
    public InetSocketAddress client() {
        return parts.client;
    }

    /** The local address the connection arrived on, or null when unknown. */
    public InetSocketAddress server() {
        return parts.server;
    }

    /** The subprotocols the WebSocket client offered, in its order. */
    public List<String> subprotocols() {
        return parts.subprotocols;
    }

    /** What URL routing captured ({@link #URL_ROUTE}); empty before routing. */
    public UrlRoute urlRoute() {
        return find(URL_ROUTE).orElse(UrlRoute.EMPTY);
    }

    /** The part of the path a nested router has not matched yet ({@link #PATH_REMAINING}), or null outside routing. */
    public String pathRemaining() {
        return find(PATH_REMAINING).orElse(null);
    }

    /** For channel scopes, the channel name a worker is consuming; else null. */
    public String channel() {
        return parts.channel;
    }

    /**
     * The attribute under {@code key}.
     *
     * @throws IllegalStateException when no middleware set it, with a message saying what to add
     */
    public <T> T get(ScopeKey<T> key) {
        return find(key).orElseThrow(() -> new IllegalStateException("Scope has no '" + key.name() + "': " + key.hint() + "."));
    }

    /** The attribute under {@code key}, if some middleware set it. */
    public <T> Optional<T> find(ScopeKey<T> key) {
        return Optional.ofNullable(key.cast(ScopeAttributes.get(parts.attributes, key)));
    }

    /** Whether an attribute is set under {@code key}. */
    public boolean has(ScopeKey<?> key) {
        return ScopeAttributes.get(parts.attributes, key) != null;
    }

    /** A new scope with {@code key} set to {@code value}; this scope when nothing changes. */
    public <T> Scope with(ScopeKey<T> key, T value) {
        Objects.requireNonNull(value, "value");
        if (ScopeAttributes.get(parts.attributes, key) == value) {
            return this;
        }
        return toBuilder().attribute(key, value).build();
    }

    /** A builder holding everything this scope holds. */
    public Builder toBuilder() {
        return parts.copy();
    }

    /** The type and path only: headers, cookies and query strings may carry secrets. */
    @Override
    public String toString() {
        return parts.type == Type.CHANNEL ? "Scope[channel " + parts.channel + "]" : "Scope[" + parts.type.id() + " " + parts.path + "]";
    }

    /** Collects a scope's parts; unset parts default to empty values. A scope keeps its own copy. */
    public static final class Builder implements Cloneable {
        private final Type type;
        private String path;
        private String rawPath;
        private String queryString = "";
        private String method = "";
        private String scheme = "";
        private Headers headers = Headers.EMPTY;
        private InetSocketAddress client;
        private InetSocketAddress server;
        private List<String> subprotocols = List.of();
        private String channel;
        private Object[] attributes = ScopeAttributes.NONE;

        private Builder(Type type) {
            this.type = type;
        }

        /** The decoded path, with its leading slash; by default decoded from {@link #rawPath}. */
        public Builder path(String path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /** The path as sent, still percent-encoded; {@code path()} is decoded from it unless set; defaults to the decoded path. */
        public Builder rawPath(String rawPath) {
            this.rawPath = rawPath;
            return this;
        }

        /** The raw query string, without {@code ?}. */
        public Builder queryString(String queryString) {
            this.queryString = queryString == null ? "" : queryString;
            return this;
        }

        /** The HTTP method. */
        public Builder method(String method) {
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        /** The scheme: http, https, ws or wss. */
        public Builder scheme(String scheme) {
            this.scheme = Objects.requireNonNull(scheme, "scheme");
            return this;
        }

        /** The request headers. */
        public Builder headers(Headers headers) {
            this.headers = Objects.requireNonNull(headers, "headers");
            return this;
        }

        /** The peer's address. */
        public Builder client(InetSocketAddress client) {
            this.client = client;
            return this;
        }

        /** The local address. */
        public Builder server(InetSocketAddress server) {
            this.server = server;
            return this;
        }

        /** The subprotocols the client offered. */
        public Builder subprotocols(List<String> subprotocols) {
            this.subprotocols = List.copyOf(subprotocols);
            return this;
        }

        /** The channel a worker consumes (channel scopes only). */
        public Builder channel(String channel) {
            this.channel = channel;
            return this;
        }

        /** Sets an attribute, as middleware would with {@link Scope#with}. */
        public <T> Builder attribute(ScopeKey<T> key, T value) {
            attributes = ScopeAttributes.with(attributes, key, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The immutable scope. */
        public Scope build() {
            return new Scope(this);
        }

        // every part is immutable (attributes are copied on write), so a shallow copy is a full one
        private Builder copy() {
            try {
                return (Builder) clone();
            } catch (CloneNotSupportedException impossible) {
                throw new AssertionError(impossible);
            }
        }
    }
}
