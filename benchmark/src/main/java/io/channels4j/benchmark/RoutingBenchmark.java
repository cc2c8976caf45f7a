package io.channels4j.benchmark;

import static io.channels4j.routing.Routes.path;
import static io.channels4j.routing.Routes.rePath;

import io.channels4j.core.Application;
import io.channels4j.core.Event;
import io.channels4j.core.Message;
import io.channels4j.core.Scope;
import io.channels4j.routing.URLRouter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The per-connection and per-message hot paths: routing a handshake, and encoding a group message. */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RoutingBenchmark {
    private final Application target = (scope, sender) -> event -> { };
    private final URLRouter router = URLRouter.of(
            path("healthz", target), path("static/<path:file>", target),
            path("ws/update/", target), rePath("^ws/chat/(?<room>[A-Za-z0-9_-]{1,64})/$", target));
    private final Scope chat = Scope.builder(Scope.Type.WEBSOCKET).path("/ws/chat/lobby/").build();
    private final Message message = Message.of("chat.message", "room", "lobby", "user", "alice", "message", "hello there");

    @org.openjdk.jmh.annotations.Benchmark
    public Object routeAChatHandshake() {
        return router.open(chat, e -> { });
    }

    @org.openjdk.jmh.annotations.Benchmark
    public byte[] encodeAGroupMessageForAMember() {
        return Message.of("chat.message", "room", "lobby", "user", "alice", "message", "hello there").without("type").jsonUtf8();
    }

    @org.openjdk.jmh.annotations.Benchmark
    public Event.WebsocketSend sharedFrameForTheNextMember() {
        return Event.WebsocketSend.utf8(message.without("type").jsonUtf8());
    }
}
