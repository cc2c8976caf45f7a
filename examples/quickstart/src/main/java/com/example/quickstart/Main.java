package com.example.quickstart;

// tag::main[]
import io.channels4j.core.Application;
import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.server.undertow.UndertowServer;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Serves the app on http://127.0.0.1:8000/ until the process is stopped. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();       // java.util.logging into SLF4J: one log format
        SLF4JBridgeHandler.install();
        String secret = System.getenv("SECRET_KEY");            // 32+ characters, the same on every node
        if (secret == null) {
            log.warn("SECRET_KEY is not set: using a random secret; sessions and tokens end with this process.");
            secret = UUID.randomUUID() + "-" + UUID.randomUUID();
        }
        ChannelLayer layer = new InMemoryChannelLayer();
        Application app = new AppRouting(ConsumerFactory.reflective(layer), AppRouting.auth(secret)).application();
        UndertowServer server = UndertowServer.builder().host("127.0.0.1").port(8000).application(app).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));   // 1012 to every socket, handlers drain
    }
}
// end::main[]
