package io.channels4j.routing;

import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.Scope;
import io.channels4j.core.Sender;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a connection by its type (websocket, http, channel), as Channels' {@code ProtocolTypeRouter}.
 * <pre>
 * Application app = ProtocolTypeRouter.builder()
 *         .http(httpRoutes)
 *         .websocket(AuthMiddlewareStack.withDefaults().wrap(websocketRoutes))
 *         .build();
 * </pre>
 * A type with no application is refused: a WebSocket handshake with HTTP 404 and an HTTP request with
 * 404, and an error naming the type is logged; Channels raises instead.
 */
public final class ProtocolTypeRouter implements Application {
    private static final Logger log = LoggerFactory.getLogger(ProtocolTypeRouter.class);

    private final Map<Scope.Type, Application> applications;

    private ProtocolTypeRouter(Map<Scope.Type, Application> applications) {
        this.applications = new EnumMap<>(applications);
    }

    /** Starts an empty router. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ApplicationInstance open(Scope scope, Sender sender) {
        Application application = applications.get(scope.type());
        if (application == null) {
            log.error("No application configured for scope type '{}' ({}): add .{}(...) to the ProtocolTypeRouter", scope.type().id(), scope,
                    scope.type().id());
            return Application.rejecting(404, "No application for " + scope.type().id() + " connections.").open(scope, sender);
        }
        return application.open(scope, sender);
    }

    @Override
    public String toString() {
        return "ProtocolTypeRouter" + applications;
    }

    /** Collects one application per connection type. */
    public static final class Builder {
        private final Map<Scope.Type, Application> applications = new EnumMap<>(Scope.Type.class);

        private Builder() {
        }

        /** The application for WebSocket connections. */
        public Builder websocket(Application application) {
            applications.put(Scope.Type.WEBSOCKET, Objects.requireNonNull(application, "application"));
            return this;
        }

        /** The application for HTTP requests. */
        public Builder http(Application application) {
            applications.put(Scope.Type.HTTP, Objects.requireNonNull(application, "application"));
            return this;
        }

        /** The application for background-worker channels, usually a {@link ChannelNameRouter}. */
        public Builder channel(Application application) {
            applications.put(Scope.Type.CHANNEL, Objects.requireNonNull(application, "application"));
            return this;
        }

        /** The router. */
        public ProtocolTypeRouter build() {
            return new ProtocolTypeRouter(applications);
        }
    }
}
