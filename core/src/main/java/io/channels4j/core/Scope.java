package io.channels4j.core;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
        WEBSOCKET("websocket"),
        /** One HTTP request. */
        HTTP("http"),
        /** A named channel consumed by a background worker. */
        CHANNEL("channel");

        private final String id;

        Type(String id) {
            this.id = id;
        }

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

    private final Type type;
    private final String path;
    private final String rawPath;
    private final String queryString;
    private final String method;
    private final String scheme;
    private final Headers headers;
    private final Map<String, String> cookies;
    private final InetSocketAddress client;
    private final InetSocketAddress server;
    private final List<String> subprotocols;
    private final UrlRoute urlRoute;
    private final String pathRemaining;
    private final String channel;
    // keys and values alternating: a scope lives as long as its connection and holds two or three attributes
    private final Object[] attributes;
    private volatile Map<String, List<String>> queryParams;

    private Scope(Builder b) {
        this.type = Objects.requireNonNull(b.type, "type");
        this.path = b.path != null ? b.path : b.rawPath != null ? PercentDecoding.decodePath(b.rawPath) : "";
        this.rawPath = b.rawPath == null ? this.path : b.rawPath;
        this.queryString = b.queryString;
        this.method = b.method;
        this.scheme = b.scheme;
        this.headers = b.headers;
        this.cookies = b.cookies;
        this.client = b.client;
        this.server = b.server;
        this.subprotocols = b.subprotocols;
        this.urlRoute = b.urlRoute;
        this.pathRemaining = b.pathRemaining;
        this.channel = b.channel;
        this.attributes = b.attributes;
    }

    /** Starts a scope of the given type; the server fills in what it knows. */
    public static Builder builder(Type type) {
        return new Builder(type);
    }

    /** {@code websocket}, {@code http} or {@code channel}. */
    public Type type() {
        return type;
    }

    /**
     * The request path, percent-decoded as Daphne does: every escape is decoded, {@code %2F} too
     * ({@code /foo%2Fbar} is {@code /foo/bar}), the bytes read as UTF-8; with its leading slash, without the
     * query string; empty for channel scopes. Routing matches against it; {@link #rawPath()} keeps the original.
     */
    public String path() {
        return path;
    }

    /** The path as it came on the wire, still percent-encoded (Daphne's {@code raw_path}, as a String), without the query string. */
    public String rawPath() {
        return rawPath;
    }

    /** The raw query string without the {@code ?}; empty when there is none. */
    public String queryString() {
        return queryString;
    }

    /** The decoded query parameters; a name may appear several times. */
    public Map<String, List<String>> queryParams() {
        Map<String, List<String>> params = queryParams;
        if (params == null) {
            params = parseQuery(queryString);
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
        return method;
    }

    /** {@code http}, {@code https}, {@code ws} or {@code wss}, as the server saw it (or a trusted proxy said). */
    public String scheme() {
        return scheme;
    }

    /** Whether the connection came over TLS, directly or through a trusted proxy. */
    public boolean secure() {
        return "https".equals(scheme) || "wss".equals(scheme);
    }

    /** The request headers. */
    public Headers headers() {
        return headers;
    }

    /** Cookies parsed by the cookie middleware; empty until it has run. */
    public Map<String, String> cookies() {
        return cookies;
    }

    /** The peer's address (after trusted proxy headers), or null when unknown. */
    public InetSocketAddress client() {
        return client;
    }

    /** The local address the connection arrived on, or null when unknown. */
    public InetSocketAddress server() {
        return server;
    }

    /** The subprotocols the WebSocket client offered, in its order. */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** What URL routing captured; empty before routing. */
    public UrlRoute urlRoute() {
        return urlRoute;
    }

    /** The part of the path a nested router has not matched yet, or null outside routing. */
    public String pathRemaining() {
        return pathRemaining;
    }

    /** For channel scopes, the channel name a worker is consuming; else null. */
    public String channel() {
        return channel;
    }

    /**
     * The attribute under {@code key}.
     *
     * @throws IllegalStateException when no middleware set it, with a message saying what to add
     */
    public <T> T get(ScopeKey<T> key) {
        Object value = attribute(attributes, key);
        if (value == null) {
            throw new IllegalStateException("Scope has no '" + key.name() + "': " + key.hint() + ".");
        }
        return key.cast(value);
    }

    /** The attribute under {@code key}, if some middleware set it. */
    public <T> Optional<T> find(ScopeKey<T> key) {
        return Optional.ofNullable(key.cast(attribute(attributes, key)));
    }

    /** Whether an attribute is set under {@code key}. */
    public boolean has(ScopeKey<?> key) {
        return attribute(attributes, key) != null;
    }

    /** A new scope with {@code key} set to {@code value}; this scope when nothing changes. */
    public <T> Scope with(ScopeKey<T> key, T value) {
        Objects.requireNonNull(value, "value");
        if (attribute(attributes, key) == value) {
            return this;
        }
        Builder b = toBuilder();
        b.attributes = withAttribute(b.attributes, key, value);
        return b.build();
    }

    /** A new scope with the given cookies. */
    public Scope withCookies(Map<String, String> cookies) {
        return toBuilder().cookies(cookies).build();
    }

    /** A new scope with routing's result: the captured route and the unmatched rest of the path. */
    public Scope withRoute(UrlRoute route, String remaining) {
        Builder b = toBuilder();
        b.urlRoute = Objects.requireNonNull(route, "route");
        b.pathRemaining = remaining;
        return b.build();
    }

    private static final Object[] NO_ATTRIBUTES = new Object[0];

    private static Object attribute(Object[] attributes, ScopeKey<?> key) {
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i] == key) {
                return attributes[i + 1];
            }
        }
        return null;
    }

    private static Object[] withAttribute(Object[] attributes, ScopeKey<?> key, Object value) {
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i] == key) {
                Object[] copy = attributes.clone();
                copy[i + 1] = value;
                return copy;
            }
        }
        Object[] copy = Arrays.copyOf(attributes, attributes.length + 2);
        copy[attributes.length] = key;
        copy[attributes.length + 1] = value;
        return copy;
    }

    /** A builder holding everything this scope holds. */
    public Builder toBuilder() {
        Builder b = new Builder(type);
        b.path = path;
        b.rawPath = rawPath;
        b.queryString = queryString;
        b.method = method;
        b.scheme = scheme;
        b.headers = headers;
        b.cookies = cookies;
        b.client = client;
        b.server = server;
        b.subprotocols = subprotocols;
        b.urlRoute = urlRoute;
        b.pathRemaining = pathRemaining;
        b.channel = channel;
        b.attributes = attributes;
        return b;
    }

    /** The type and path only: headers, cookies and query strings may carry secrets. */
    @Override
    public String toString() {
        return type == Type.CHANNEL ? "Scope[channel " + channel + "]" : "Scope[" + type.id() + " " + path + "]";
    }

    private static Map<String, List<String>> parseQuery(String query) {
        if (query == null || query.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        params.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(params);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s; // a bad %-escape in one parameter must not fail the connection
        }
    }

    /** Collects a scope's parts; unset parts default to empty values. */
    public static final class Builder {
        private final Type type;
        private String path;
        private String rawPath;
        private String queryString = "";
        private String method = "";
        private String scheme = "";
        private Headers headers = Headers.EMPTY;
        private Map<String, String> cookies = Map.of();
        private InetSocketAddress client;
        private InetSocketAddress server;
        private List<String> subprotocols = List.of();
        private UrlRoute urlRoute = UrlRoute.EMPTY;
        private String pathRemaining;
        private String channel;
        private Object[] attributes = NO_ATTRIBUTES;

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

        /** Parsed cookies. */
        public Builder cookies(Map<String, String> cookies) {
            this.cookies = cookies.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(cookies));
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
            attributes = withAttribute(attributes, key, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The immutable scope. */
        public Scope build() {
            return new Scope(this);
        }
    }
}
