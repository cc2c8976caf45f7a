package io.channels4j.sample;

import static io.channels4j.routing.Routes.path;
import static io.channels4j.routing.Routes.rePath;

import io.channels4j.auth.AuthMiddlewareStack;
import io.channels4j.auth.CsrfOriginCheck;
import io.channels4j.auth.LoginRequired;
import io.channels4j.auth.OriginValidator;
import io.channels4j.core.Application;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.routing.ChannelNameRouter;
import io.channels4j.routing.ProtocolTypeRouter;
import io.channels4j.routing.URLRouter;
import jakarta.inject.Inject;
import java.util.Map;

/** The sample app's routes, as a Channels {@code routing.py} would have them. */
public final class SampleRouting {
    private final ConsumerFactory consumers;
    private final AuthMiddlewareStack auth;
    private final OriginValidator origins;

    @Inject
    SampleRouting(ConsumerFactory consumers, AuthMiddlewareStack auth, OriginValidator origins) {
        this.consumers = consumers;
        this.auth = auth;
        this.origins = origins;
    }

    /** The whole app: pages and API over HTTP, chat and updates over WebSocket, tasks for the worker. */
    public Application application() {
        Application pages = consumers.of(StaticConsumer.class);
        return ProtocolTypeRouter.builder()
                .http(CsrfOriginCheck.of(origins).wrap(URLRouter.of(  // POSTs from other sites' pages: 403
                        path("healthz", consumers.of(HealthConsumer.class)),
                        path("metrics", consumers.of(MetricsConsumer.class)),
                        path("", pages),
                        path("static/<path:file>", pages),
                        rePath("", auth.wrap(URLRouter.of(                 // the rest needs the session or a token
                                path("auth/login", consumers.of(LoginConsumer.class)),
                                path("auth/logout", consumers.of(LogoutConsumer.class)),
                                path("auth/token", consumers.of(TokenConsumer.class)),
                                path("api/me", new LoginRequired().wrap(consumers.of(MeConsumer.class))),
                                path("api/client", consumers.of(ClientConsumer.class)),
                                path("api/updates", new LoginRequired().wrap(consumers.of(UpdatesConsumer.class))),
                                path("api/tasks", new LoginRequired().wrap(consumers.of(TasksConsumer.class)))))))))
                .websocket(origins.wrap(auth.wrap(URLRouter.of(
                        path("ws/update/", consumers.of(UpdateConsumer.class)),
                        rePath("^ws/chat/(?<room>[A-Za-z0-9_-]{1,64})/$", new LoginRequired().wrap(consumers.of(ChatConsumer.class)))))))
                .channel(ChannelNameRouter.of(Map.of(TasksConsumer.CHANNEL, consumers.of(TaskWorker.class))))
                .build();
    }
}
