package io.channels4j.server.undertow;

/**
 * Whether WebSocket messages are compressed (permessage-deflate, RFC 7692) for clients that offer it, and how.
 * Messages below {@link ServerSettings#compressionThreshold()} always go uncompressed.
 */
public enum Compression {
    /** No compression; an offer of permessage-deflate is declined (the default). */
    OFF,
    /**
     * Compressed without context takeover, so a message's compressed frame is the same for every client: a group
     * message is compressed once per process and the same bytes go to every member that negotiated it.
     */
    SHARED,
    /** Compressed separately for every client, as most servers do; for comparison, it costs one deflate per member. */
    PER_CONNECTION
}
