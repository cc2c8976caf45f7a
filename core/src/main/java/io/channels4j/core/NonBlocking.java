package io.channels4j.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a consumer's message handlers never block (no database, no remote layer call, no
 * sleeping), so client messages and layer messages may be handled on the thread that delivers them,
 * usually a server IO thread, instead of being handed to the handler executor. Connect and disconnect
 * (which join and leave groups) still run on the executor, and everything still runs one at a time, in
 * arrival order. This saves two thread switches per message; a handler that blocks anyway stalls every
 * connection on that IO thread.
 * On a handler method instead of the class, only layer messages of that type are handled inline: a chat
 * consumer whose {@code receiveJson} calls a Redis layer can still take its room's broadcasts inline.
 * <pre>
 * &#64;NonBlocking
 * public final class EchoConsumer extends WebsocketConsumer { ... }
 *
 * &#64;NonBlocking void chatMessage(Message event) { sendJson(event.without("type")); }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface NonBlocking {
}
