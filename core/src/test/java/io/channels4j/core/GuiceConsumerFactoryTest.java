package io.channels4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.channels4j.core.guice.ChannelsModule;
import io.channels4j.core.guice.ConnectionScoped;
import jakarta.inject.Inject;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class GuiceConsumerFactoryTest {
    static final class Greeter {
        String greet(String name) {
            return "hello " + name;
        }
    }

    @ConnectionScoped
    static final class ConnectionState {
    }

    static final class Helper {
        final ConnectionState state;

        @Inject
        Helper(ConnectionState state) {
            this.state = state;
        }
    }

    static final class GreetingConsumer extends WebsocketConsumer {
        private final Greeter greeter;
        private final Scope scope;
        private final ChannelLayer layer;
        private final ConnectionState state;
        private final Helper helper;

        @Inject
        GreetingConsumer(Greeter greeter, Scope scope, ChannelLayer layer, ConnectionState state, Helper helper) {
            this.greeter = greeter;
            this.scope = scope;
            this.layer = layer;
            this.state = state;
            this.helper = helper;
        }

        @Override
        protected void receive(String text) {
            boolean sameState = state == helper.state;
            send(greeter.greet(text) + " on " + scope.path() + " via " + (layer == channelLayer()) + "/" + sameState);
        }
    }

    @Test
    void injectsServicesTheConnectionScopeAndTheLayer() throws Exception {
        InMemoryChannelLayer layer = new InMemoryChannelLayer();
        Injector injector = Guice.createInjector(new ChannelsModule(layer), new AbstractModule() {
        });
        ConsumerFactory consumers = injector.getInstance(ConsumerFactory.class);
        assertSame(layer, consumers.channelLayer());

        LinkedBlockingQueue<Event> out = new LinkedBlockingQueue<>();
        Scope scope = Scope.builder(Scope.Type.WEBSOCKET).path("/greet/").build();
        ApplicationInstance instance = consumers.of(GreetingConsumer.class).open(scope, out::add);
        instance.receive(Event.WebsocketConnect.INSTANCE);
        assertTrue(out.poll(2, TimeUnit.SECONDS) instanceof Event.WebsocketAccept);
        instance.receive(Event.WebsocketReceive.text("bob"));
        Event.WebsocketSend reply = (Event.WebsocketSend) out.poll(2, TimeUnit.SECONDS);
        assertEquals("hello bob on /greet/ via true/true", reply.text());
        instance.receive(new Event.WebsocketDisconnect(1000, ""));
        instance.finished().toCompletableFuture().get(2, TimeUnit.SECONDS);
        assertEquals(0, layer.subscriptionCount());
    }
}
