package io.channels4j.server.undertow;

import io.channels4j.core.HandlerExecutor;
import io.channels4j.core.Headers;
import io.channels4j.core.Scope;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds a connection's {@link Scope} from an Undertow exchange, believing proxy headers only from trusted peers. */
final class ScopeFactory {
    private final ServerSettings settings;
    private final HandlerExecutor handlers; // null when embedded: handlers then run on a thread each

    ScopeFactory(ServerSettings settings, HandlerExecutor handlers) {
        this.settings = settings;
        this.handlers = handlers;
    }

    Scope create(HttpServerExchange exchange, Scope.Type type) {
        Headers.Builder headers = Headers.builder();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            String name = values.getHeaderName().toString();
            for (String value : values) {
                headers.add(name, value);
            }
        }
        Headers built = headers.build();
        InetSocketAddress client = exchange.getSourceAddress();
        boolean secure = "https".equals(exchange.getRequestScheme());
        if (client != null && settings.trusts(client.getAddress())) {
            client = forwardedPort(built, forwardedClient(built, client));
            secure = built.first("X-Forwarded-Proto").map(p -> p.trim().equalsIgnoreCase("https")).orElse(secure);
        }
        String scheme = type == Scope.Type.WEBSOCKET ? (secure ? "wss" : "ws") : (secure ? "https" : "http");
        Scope.Builder scope = Scope.builder(type)
                .rawPath(rawPath(exchange.getRequestURI())) // decoded by Scope as Daphne does: Undertow leaves %2F encoded
                .queryString(exchange.getQueryString())
                .method(exchange.getRequestMethod().toString())
                .scheme(scheme)
                .headers(built)
                .client(client)
                .server(exchange.getDestinationAddress());
        if (type == Scope.Type.WEBSOCKET) {
            scope.subprotocols(subprotocols(built));
        }
        if (settings.debug()) {
            scope.attribute(Scope.DEBUG, true);
        }
        if (handlers != null) {
            scope.attribute(HandlerExecutor.SCOPE_KEY, handlers);
        }
        return scope.build();
    }

    // the rightmost address that is not itself a trusted proxy is the real client
    private InetSocketAddress forwardedClient(Headers headers, InetSocketAddress peer) {
        List<String> hops = new ArrayList<>();
        for (String value : headers.all("X-Forwarded-For")) {
            for (String hop : value.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            try {
                InetSocketAddress hop = new InetSocketAddress(java.net.InetAddress.getByName(literal(hops.get(i))), 0);
                if (!settings.trusts(hop.getAddress())) {
                    return hop;
                }
            } catch (Exception notAnAddress) {
                return peer;
            }
        }
        return peer;
    }

    // Daphne reads X-Forwarded-Port beside X-Forwarded-For; a value that is not a port leaves the port as it was
    private static InetSocketAddress forwardedPort(Headers headers, InetSocketAddress client) {
        Optional<String> port = headers.first("X-Forwarded-Port").map(String::trim);
        if (port.isEmpty() || !port.get().matches("[0-9]{1,5}") || Integer.parseInt(port.get()) > 65_535) {
            return client;
        }
        return new InetSocketAddress(client.getAddress(), Integer.parseInt(port.get()));
    }

    // an absolute-form request target (GET http://host/x) carries scheme and host: the path starts after them
    static String rawPath(String requestUri) {
        int scheme = requestUri.indexOf("://");
        if (scheme < 0 || requestUri.startsWith("/")) {
            return requestUri;
        }
        int slash = requestUri.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : requestUri.substring(slash);
    }

    private static String literal(String hop) {
        if (!hop.matches("[0-9a-fA-F.:\\[\\]]+")) {
            throw new IllegalArgumentException("not an IP literal");
        }
        return hop.startsWith("[") ? hop.substring(1, hop.indexOf(']')) : hop;
    }

    static List<String> subprotocols(Headers headers) {
        List<String> offered = new ArrayList<>();
        for (String value : headers.all("Sec-WebSocket-Protocol")) {
            for (String protocol : value.split(",")) {
                if (!protocol.isBlank()) {
                    offered.add(protocol.trim());
                }
            }
        }
        return offered;
    }
}
