package io.channels4j.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.InMemoryChannelLayer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class MeteredChannelLayerTest {
    @Test
    void answersTheHealthOfTheLayerItMeters() {
        ChannelLayer unreachable = (ChannelLayer) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ChannelLayer.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "healthy" -> false;
                    case "skippedDeliveries" -> 0L;
                    default -> null;
                });
        assertFalse(new MeteredChannelLayer(unreachable, new SimpleMeterRegistry()).healthy(),
                "a health check through the metered layer sees the layer's own answer");
        try (ChannelLayer memory = new InMemoryChannelLayer()) {
            assertTrue(new MeteredChannelLayer(memory, new SimpleMeterRegistry()).healthy());
        }
    }
}
