package io.channels4j.server.undertow;

import io.channels4j.core.Scope;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per HTTP request and per WebSocket event on the {@code io.channels4j.access} logger, in the
 * spirit of Daphne's: never a header, and never the value of a {@code token} query parameter, however its
 * name is percent-encoded.
 */
final class AccessLog {
    private static final Logger log = LoggerFactory.getLogger("io.channels4j.access");

    private final boolean enabled;
    private final Consumer<String> lines;

    AccessLog(boolean enabled) {
        this(enabled, null);
    }

    /** An access log whose lines go to {@code lines} instead of the logger (null: the logger). */
    AccessLog(boolean enabled, Consumer<String> lines) {
        this.enabled = enabled && (lines != null || log.isInfoEnabled());
        this.lines = lines == null ? log::info : lines;
    }

    void http(Scope scope, int status, long bytes, long nanos) {
        if (enabled) {
            lines.accept(client(scope) + " \"" + scope.method() + " " + target(scope) + "\" " + status + " " + bytes + " " + nanos / 1_000_000 + "ms");
        }
    }

    void websocket(Scope scope, String event, int statusOrCode) {
        if (enabled) {
            lines.accept(client(scope) + " \"" + event + " " + target(scope) + "\" " + statusOrCode);
        }
    }

    static String target(Scope scope) {
        String query = scope.queryString();
        return query.isEmpty() ? scope.rawPath() : scope.rawPath() + "?" + redact(query);
    }

    // names are compared once decoded, as the query parser decodes them: tok%65n= is a token too
    static String redact(String query) {
        StringBuilder out = new StringBuilder(query.length());
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            String pair = query.substring(start, end);
            int eq = pair.indexOf('=');
            if (eq >= 0 && secret(decode(pair.substring(0, eq)))) {
                out.append(pair, 0, eq + 1).append("[redacted]");
            } else {
                out.append(pair);
            }
            if (end < query.length()) {
                out.append('&');
            }
            start = end + 1;
        }
        return out.toString();
    }

    private static boolean secret(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.equals("token") || lower.equals("access_token");
    }

    // lenient: a broken escape stays as it is rather than failing the log line
    private static String decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static String client(Scope scope) {
        InetSocketAddress client = scope.client();
        return client == null ? "-" : client.getAddress().getHostAddress() + ":" + client.getPort();
    }
}
