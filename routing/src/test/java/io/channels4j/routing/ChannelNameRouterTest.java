package io.channels4j.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.GenericConsumer;
import io.channels4j.core.ImproperlyConfiguredException;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.Message;
import io.channels4j.core.Worker;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ChannelNameRouterTest {
    static final class Tasks extends GenericConsumer {
        void task(Message task) {
        }
    }

    @Test
    void workerForAChannelWithoutARouteFailsAtStartNamingItAndTheRoutes() {
        // channels routing.py ChannelNameRouter: "No application configured for channel name %r"
        InMemoryChannelLayer layer = new InMemoryChannelLayer();
        ConsumerFactory consumers = ConsumerFactory.reflective(layer);
        ChannelNameRouter router = ChannelNameRouter.of(Map.of("tasks", consumers.of(Tasks.class), "mail", consumers.of(Tasks.class)));
        ImproperlyConfiguredException e = assertThrows(ImproperlyConfiguredException.class, () -> Worker.start(layer, router, "tasks", "tsaks"));
        assertTrue(e.getMessage().contains("'tsaks' (routes: mail, tasks)"), e.getMessage());
        assertEquals(0, layer.subscriptionCount(), "the consumer opened for 'tasks' ended again");
    }

    @Test
    void workerForARoutedChannelStarts() {
        InMemoryChannelLayer layer = new InMemoryChannelLayer();
        ChannelNameRouter router = ChannelNameRouter.of(Map.of("tasks", ConsumerFactory.reflective(layer).of(Tasks.class)));
        try (Worker worker = Worker.start(layer, ProtocolTypeRouter.builder().channel(router).build(), "tasks")) {
            assertEquals(1, layer.subscriptionCount());
        }
        assertEquals(0, layer.subscriptionCount());
    }
}
