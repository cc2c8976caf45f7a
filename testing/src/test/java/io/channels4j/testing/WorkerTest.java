package io.channels4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.GenericConsumer;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.Message;
import io.channels4j.core.Worker;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class WorkerTest {
    private final LinkedBlockingQueue<String> done = new LinkedBlockingQueue<>();

    static final class Thumbnails extends GenericConsumer {
        private final LinkedBlockingQueue<String> done;

        Thumbnails(LinkedBlockingQueue<String> done) {
            this.done = done;
        }

        void generate(Message task) {
            done.add(task.getString("id") + " on " + scope().channel());
        }

        void explode(Message task) {
            throw new IllegalStateException("bad task");
        }
    }

    @Test
    void consumesANamedChannelInOrderAndSurvivesAFailingTask() throws InterruptedException {
        InMemoryChannelLayer layer = new InMemoryChannelLayer();
        try (Worker worker = Worker.start(layer, ConsumerFactory.reflective(layer).of(() -> new Thumbnails(done)), "thumbnails")) {
            layer.send("thumbnails", Message.of("generate", "id", "1"));
            layer.send("thumbnails", Message.of("explode"));
            layer.send("thumbnails", Message.of("unknown.kind"));
            layer.send("thumbnails", Message.of("generate", "id", "2"));
            assertEquals("1 on thumbnails", done.poll(5, TimeUnit.SECONDS));
            assertEquals("2 on thumbnails", done.poll(5, TimeUnit.SECONDS));
        }
    }
}
