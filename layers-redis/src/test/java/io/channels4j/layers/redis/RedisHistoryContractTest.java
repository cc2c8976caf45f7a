package io.channels4j.layers.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ChannelNames;
import io.channels4j.core.ChannelSubscription;
import io.channels4j.core.HistoryPolicy;
import io.channels4j.core.HistoryPosition;
import io.channels4j.core.Message;
import io.channels4j.testing.HistoryContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedisHistoryContractTest extends HistoryContract {
    @Override
    protected ChannelLayer newLayer(String pattern, HistoryPolicy policy) {
        return RedisChannelLayer.builder().url(RedisAvailable.url()).prefix("test" + ChannelNames.randomLetters(8)).history(pattern, policy).build();
    }

    @Override
    protected void wipeHistory(ChannelLayer layer) {
        layer.flush(); // deletes every key of the layer's prefix, histories included
    }

    @Test
    void twoNodesSendingAtOnceGetEveryOffsetOnceAndEveryMemberSeesThemInOrder() throws Exception {
        String prefix = "test" + ChannelNames.randomLetters(8);
        HistoryPolicy policy = HistoryPolicy.keep(1000, Duration.ofHours(1));
        try (RedisChannelLayer a = RedisChannelLayer.builder().url(RedisAvailable.url()).prefix(prefix).history("hist.*", policy).build();
             RedisChannelLayer b = RedisChannelLayer.builder().url(RedisAvailable.url()).prefix(prefix).history("hist.*", policy).build()) {
            LinkedBlockingQueue<Message> onA = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<Message> onB = new LinkedBlockingQueue<>();
            ChannelSubscription memberA = a.subscribe(onA::add);
            ChannelSubscription memberB = b.subscribe(onB::add);
            a.groupAdd("hist.nodes", memberA.channel());
            b.groupAdd("hist.nodes", memberB.channel());
            List<Thread> senders = new ArrayList<>();
            for (RedisChannelLayer node : List.of(a, b, a, b)) {
                Thread sender = new Thread(() -> {
                    for (int i = 0; i < 100; i++) {
                        node.groupSend("hist.nodes", Message.of("chat.message", "n", i));
                    }
                });
                senders.add(sender);
                sender.start();
            }
            for (LinkedBlockingQueue<Message> member : List.of(onA, onB)) {
                for (long expected = 1; expected <= 400; expected++) {
                    Message message = member.poll(10, TimeUnit.SECONDS);
                    assertEquals(expected, HistoryPosition.of(message).offset());
                }
            }
            for (Thread sender : senders) {
                sender.join();
            }
        }
    }
}
