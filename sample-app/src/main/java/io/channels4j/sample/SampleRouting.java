package io.channels4j.sample;

import static io.channels4j.routing.Routes.path;
import static io.channels4j.routing.Routes.rePath;

import io.channels4j.auth.AuthMiddlewareStack;
import io.channels4j.auth.CsrfOriginCheck;
import io.channels4j.auth.LoginRequired;
import io.channels4j.auth.OriginValidator;
import io.channels4j.core.Application;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.Middleware;
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
    private final Middleware loginRequired = new LoginRequired();

    @Inject
    SampleRouting(ConsumerFactory consumers, AuthMiddlewareStack auth, OriginValidator origins) {
        this.consumers = consumers;
        this.auth = auth;
        this.origins = origins;
    }

    /** The whole app: pages and API over HTTP, chat and updates over WebSocket, tasks for the worker. */
    public Application application() {
        return ProtocolTypeRouter.builder()
                .http(CsrfOriginCheck.of(origins).wrap(http()))  // POSTs from other sites' pages: 403
                .websocket(origins.wrap(auth.wrap(websockets())))
                .channel(workers())
                .build();
    }

    /** Pages, health and metrics for anyone; sign-in and the API with the session or a token. */
    private URLRouter http() {
        Application pages = consumers.of(StaticConsumer.class);
        return URLRouter.of(
                path("healthz", consumers.of(HealthConsumer.class)),
                path("metrics", consumers.of(MetricsConsumer.class)),
                path("", pages),
                path("static/<path:file>", pages),
                path("auth/", auth.wrap(authEndpoints())),
                path("api/", auth.wrap(api())));
    }

    private URLRouter authEndpoints() {
        return URLRouter.of(
                path("login", consumers.of(LoginConsumer.class)),
                path("logout", consumers.of(LogoutConsumer.class)),
                path("token", consumers.of(TokenConsumer.class)));
    }

    private URLRouter api() {
        return URLRouter.of(
                path("me", loginRequired.wrap(consumers.of(MeConsumer.class))),
                rePath("^rooms/(?<room>[A-Za-z0-9_-]{1,64})/presence$", loginRequired.wrap(consumers.of(RoomPresenceConsumer.class))),
                path("client", consumers.of(ClientConsumer.class)),
                path("updates", loginRequired.wrap(consumers.of(UpdatesConsumer.class))),
                path("tasks", loginRequired.wrap(consumers.of(TasksConsumer.class))));
    }

    private URLRouter websockets() {
        return URLRouter.of(
                path("ws/update/", consumers.of(UpdateConsumer.class)),
                rePath("^ws/chat/(?<room>[A-Za-z0-9_-]{1,64})/$", loginRequired.wrap(consumers.of(ChatConsumer.class))));
    }

    /** Background channels: the worker runs this application's channel routes (see {@link Background}). */
    private ChannelNameRouter workers() {
        return ChannelNameRouter.of(Map.of(TasksConsumer.CHANNEL, consumers.of(TaskWorker.class)));
    }
}
