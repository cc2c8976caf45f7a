package io.channels4j.core;

/** A channel whose messages are pushed to a {@link MessageListener}; see {@link ChannelLayer#subscribe}. */
public interface ChannelSubscription extends AutoCloseable {
    /** The channel's name, reachable by {@link ChannelLayer#send} from anywhere the layer reaches. */
    String channel();

    /** Frees the channel and leaves every group it joined. Idempotent. */
    @Override
    void close();
}
