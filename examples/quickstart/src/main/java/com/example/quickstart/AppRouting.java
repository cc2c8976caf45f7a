package com.example.quickstart;

// tag::routing[]
import static io.channels4j.routing.Routes.path;
import static io.channels4j.routing.Routes.rePath;

import io.channels4j.auth.AuthMiddlewareStack;
import io.channels4j.auth.JwtAuthenticator;
import io.channels4j.core.Application;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.routing.ProtocolTypeRouter;
import io.channels4j.routing.URLRouter;
import java.nio.charset.StandardCharsets;

/** The app's routes, as a Channels {@code routing.py} would have them. */
public final class AppRouting {
    private final ConsumerFactory consumers;                    // one consumer per connection
    private final AuthMiddlewareStack auth;                     // sessions and JWT: who is connecting

    public AppRouting(ConsumerFactory consumers, AuthMiddlewareStack auth) {
        this.consumers = consumers;
        this.auth = auth;
    }

    /** Signed session cookies and HS256 bearer tokens, both keyed by {@code secret} (32+ characters). */
    public static AuthMiddlewareStack auth(String secret) {
        return AuthMiddlewareStack.builder()
                .secret(secret)                                 // signs the session cookie
                .jwt(JwtAuthenticator.builder().hs256(secret.getBytes(StandardCharsets.UTF_8)).build())
                .build();                                       // in-memory sessions unless sessionStore(...)
    }

    /** Health checks over HTTP; the echo and the chat rooms over WebSocket, behind sessions and JWT. */
    public Application application() {
        return ProtocolTypeRouter.builder()
                .http(URLRouter.of(
                        path("healthz", consumers.of(HealthConsumer.class))))
                .websocket(auth.wrap(URLRouter.of(
                        path("ws/update/", consumers.of(EchoConsumer.class)),
                        rePath("^ws/chat/(?<room>[\\w-]{1,64})/$", consumers.of(ChatConsumer.class)))))
                .build();
    }
}
// end::routing[]
