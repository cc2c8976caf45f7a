package io.channels4j.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that the layer messages a handler takes may be dropped while its consumer cannot keep up, as
 * {@link Delivery#VOLATILE} does for a client's outbound buffer: a message that finds the consumer's
 * mailbox full is dropped, counted by the layer ({@link ChannelLayer#skippedDeliveries()}) and reported
 * in its log. Without it (or {@link Latest}) a layer message is reliable: a WebSocket consumer whose
 * mailbox overflows is closed with 1008.
 * <pre>
 * &#64;Volatile &#64;NonBlocking void typing(Message event) { sendJson(event.without("type"), Delivery.VOLATILE); }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Volatile {
}
