package io.channels4j.routing;

import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.ChannelNames;
import io.channels4j.core.ImproperlyConfiguredException;
import io.channels4j.core.Scope;
import io.channels4j.core.Sender;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes background-worker channels by name, as Channels' {@code ChannelNameRouter}.
 * <pre>
 * Application workers = ChannelNameRouter.of(Map.of("tasks", consumers.of(TaskWorker.class)));
 * Worker.start(layer, workers, "tasks");
 * </pre>
 */
public final class ChannelNameRouter implements Application {
    private static final Logger log = LoggerFactory.getLogger(ChannelNameRouter.class);

    private final Map<String, Application> applications;

    private ChannelNameRouter(Map<String, Application> applications) {
        this.applications = Map.copyOf(applications);
    }

    /**
     * A router over channel name → application. Opening it for a channel it has no route for throws
     * {@link ImproperlyConfiguredException}, so {@code Worker.start} fails for such a channel.
     *
     * @throws IllegalArgumentException for an invalid channel name
     */
    public static ChannelNameRouter of(Map<String, Application> applications) {
        Map<String, Application> checked = new LinkedHashMap<>();
        applications.forEach((name, app) -> checked.put(ChannelNames.requireValidChannel(name), app));
        return new ChannelNameRouter(checked);
    }

    /** The channel names this router serves. */
    public java.util.Set<String> channels() {
        return applications.keySet();
    }

    @Override
    public ApplicationInstance open(Scope scope, Sender sender) {
        if (scope.type() != Scope.Type.CHANNEL || scope.channel() == null) {
            log.error("ChannelNameRouter got a scope without a channel ({}): use it only for background worker channels,"
                    + " under ProtocolTypeRouter.channel(...)", scope);
            return Application.rejecting(404, "Not a channel.").open(scope, sender);
        }
        Application application = applications.get(scope.channel());
        if (application == null) {
            // a worker opens its channels when it starts, so a channel with no route stops it there instead of
            // consuming and dropping every message sent to it
            throw new ImproperlyConfiguredException("No application configured for channel name '" + scope.channel()
                    + "' (routes: " + String.join(", ", new TreeSet<>(applications.keySet())) + "): add it to ChannelNameRouter.of(...)"
                    + " or start the worker on a channel it routes.");
        }
        return application.open(scope, sender);
    }

    @Override
    public String toString() {
        return "ChannelNameRouter" + applications;
    }
}
