package io.channels4j.server.undertow;

import io.channels4j.core.Application;

/** What every connection of one server shares. */
record ServerContext(Application application, ServerSettings settings, ConnectionRegistry registry, AccessLog accessLog,
                     ScopeFactory scopes, ServerMetrics metrics, IoOutboxes outboxes,
                     MessageCompressor compressor) {
}
