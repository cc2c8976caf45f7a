package io.channels4j.core;

/** A channel layer could not do its work, e.g. its Redis is unreachable; the call failed fast. */
public class ChannelLayerException extends RuntimeException {
    /** Makes the exception. */
    public ChannelLayerException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Makes the exception. */
    public ChannelLayerException(String message) {
        super(message);
    }
}
