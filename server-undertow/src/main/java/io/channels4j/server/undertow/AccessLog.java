package io.channels4j.server.undertow;

import io.channels4j.core.Scope;
import java.net.InetSocketAddress;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per HTTP request and per WebSocket event on the {@code io.channels4j.access} logger, in the
 * spirit of Daphne's: never a header, and never the value of a {@code token} query parameter.
 */
final class AccessLog {
    private static final Logger log = LoggerFactory.getLogger("io.channels4j.access");
    private static final Pattern TOKEN = Pattern.compile("(^|&)(token|access_token)=[^&]*");

    private final boolean enabled;

    AccessLog(boolean enabled) {
        this.enabled = enabled && log.isInfoEnabled();
    }

    void http(Scope scope, int status, long bytes, long nanos) {
        if (enabled) {
            log.info("{} \"{} {}\" {} {} {}ms", client(scope), scope.method(), target(scope), status, bytes, nanos / 1_000_000);
        }
    }

    void websocket(Scope scope, String event, int statusOrCode) {
        if (enabled) {
            log.info("{} \"{} {}\" {}", client(scope), event, target(scope), statusOrCode);
        }
    }

    static String target(Scope scope) {
        String query = scope.queryString();
        return query.isEmpty() ? scope.rawPath() : scope.rawPath() + "?" + redact(query);
    }

    static String redact(String query) {
        return TOKEN.matcher(query).replaceAll("$1$2=[redacted]");
    }

    private static String client(Scope scope) {
        InetSocketAddress client = scope.client();
        return client == null ? "-" : client.getAddress().getHostAddress() + ":" + client.getPort();
    }
}
