package io.channels4j.core;

/** Receives the messages of a {@link ChannelSubscription}; called from layer threads, must not block. */
@FunctionalInterface
public interface MessageListener {
    /**
     * Takes one message.
     *
     * @return false when the listener is full; the layer then throws {@link ChannelFullException} from
     *     {@code send}, or skips this member in {@code groupSend}
     */
    boolean offer(Message message);
}
