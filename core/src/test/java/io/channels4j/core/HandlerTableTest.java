package io.channels4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandlerTableTest {
    static class Chat extends GenericConsumer {
        final List<String> seen = new ArrayList<>();

        public void chatMessage(Message m) {
            seen.add("chatMessage:" + m.getString("text"));
        }

        void userLeft(Message m) {
            seen.add("userLeft");
        }
    }

    @Test
    void dotsAndUnderscoresBecomeCamelCase() {
        assertEquals("chatMessage", HandlerTable.methodName("chat.message"));
        assertEquals("chatMessage", HandlerTable.methodName("chat_message"));
        assertEquals("taskDoneNow", HandlerTable.methodName("task.done_now"));
        assertEquals("update", HandlerTable.methodName("update"));
    }

    @Test
    void dispatchesToTheNamedMethodIncludingPackagePrivateOnes() throws Throwable {
        Chat chat = new Chat();
        chat.dispatch(Message.of("chat.message", "text", "hi"));
        chat.dispatch(Message.of("user.left"));
        assertEquals(List.of("chatMessage:hi", "userLeft"), chat.seen);
    }

    @Test
    void unknownTypeNamesTheTypeTheConsumerAndTheKnownHandlers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Chat().dispatch(Message.of("chat.mesage")));
        assertEquals("No handler for message type 'chat.mesage' in Chat: add chatMesage(Message) (known: chatMessage, userLeft).", e.getMessage());
    }

    @Test
    void rejectsMalformedAndMissingTypes() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Chat().dispatch(Message.of("_private"))).getMessage().contains("Malformed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Chat().dispatch(Message.of(".x"))).getMessage().contains("Malformed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Chat().dispatch(Message.of(java.util.Map.of("text", "x"))))
                .getMessage().contains("no 'type'"));
    }
}
