package io.channels4j.core;

/** Thrown by {@link ChannelLayer#send} when the channel already holds its capacity of undelivered messages. */
public class ChannelFullException extends RuntimeException {
    private final String channel;

    /** Makes the exception for {@code channel}. */
    public ChannelFullException(String channel) {
        super("Channel '" + channel + "' is full: its consumer is not keeping up; retry later or raise the layer's capacity.");
        this.channel = channel;
    }

    /** The channel that was full. */
    public String channel() {
        return channel;
    }
}
