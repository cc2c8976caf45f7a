package io.channels4j.routing;

import io.channels4j.core.Application;
import io.channels4j.core.Event;
import io.channels4j.core.Headers;
import io.channels4j.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A fixture application that answers an HTTP request with its name and what routing captured. */
final class RouteEcho {
    private RouteEcho() {
    }

    static Application named(String name) {
        return new Application() {
            @Override
            public io.channels4j.core.ApplicationInstance open(io.channels4j.core.Scope scope, io.channels4j.core.Sender sender) {
                return event -> {
                    if (event instanceof Event.HttpRequest) {
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("app", name);
                        body.put("args", scope.urlRoute().args().stream().map(String::valueOf).toList());
                        Map<String, String> kwargs = new LinkedHashMap<>();
                        scope.urlRoute().kwargs().forEach((k, v) -> kwargs.put(k, v.getClass().getSimpleName() + ":" + v));
                        body.put("kwargs", kwargs);
                        body.put("remaining", scope.pathRemaining());
                        sender.send(new Event.HttpResponseStart(200, Headers.EMPTY));
                        sender.send(new Event.HttpResponseBody(Json.write(body).getBytes(StandardCharsets.UTF_8), false));
                    } else if (event instanceof Event.WebsocketConnect) {
                        sender.send(new Event.WebsocketAccept(null, Headers.EMPTY));
                    }
                };
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
