package io.channels4j.core;

/** Receives the messages of a {@link ChannelSubscription}; called from layer threads, must not block. */
@FunctionalInterface
public interface MessageListener {
    /**
     * Takes one message.
     *
     * @return false when the listener could not take it (full, and its policy closed the consumer or dropped
     *     the message); the layer then throws {@link ChannelFullException} from {@code send}, or counts and
     *     reports this member as skipped in {@code groupSend}
     */
    boolean offer(Message message);
}
