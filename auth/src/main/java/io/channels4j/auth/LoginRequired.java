package io.channels4j.auth;

import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.Event;
import io.channels4j.core.Headers;
import io.channels4j.core.Middleware;
import io.channels4j.core.Scope;
import io.channels4j.core.Sender;
import io.channels4j.core.WrappingApplication;
import java.nio.charset.StandardCharsets;

/**
 * Lets only authenticated users through: an anonymous WebSocket handshake is refused with 403, an
 * anonymous HTTP request gets 401 with {@code {"error": "authentication required"}}. Goes inside
 * {@link AuthMiddlewareStack}, around the protected consumer:
 * <pre>
 * Middleware loginRequired = new LoginRequired();
 * path("api/me", loginRequired.wrap(consumers.of(MeConsumer.class)))
 * </pre>
 */
public final class LoginRequired implements Middleware {
    private static final byte[] BODY = "{\"error\": \"authentication required\"}".getBytes(StandardCharsets.UTF_8);

    /** {@code inner}, for authenticated users only. */
    @Override
    public Application wrap(Application inner) {
        return new WrappingApplication("LoginRequired", inner) {
            @Override
            public ApplicationInstance open(Scope scope, Sender sender) {
                if (scope.get(Auth.USER).isAuthenticated()) {
                    return inner.open(scope, sender);
                }
                return event -> {
                    if (event instanceof Event.WebsocketConnect) {
                        sender.send(new Event.WebsocketReject(403, "Authentication required."));
                    } else if (event instanceof Event.HttpRequest request && !request.moreBody()) {
                        sender.send(new Event.HttpResponseStart(401, Headers.of("Content-Type", "application/json",
                                "WWW-Authenticate", "Bearer", "Content-Length", String.valueOf(BODY.length))));
                        sender.send(new Event.HttpResponseBody(BODY, false));
                    }
                };
            }
        };
    }
}
