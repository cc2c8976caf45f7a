package io.channels4j.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that the layer messages a handler takes are conflated while its consumer cannot keep up, as
 * {@link Delivery#latest(String)} does for a client's outbound buffer: a message that finds the
 * consumer's mailbox full replaces the unhandled one with the same key, so the newest value is always
 * handled. The key is the message's type plus the value of the field named here (none: the type alone).
 * <pre>
 * &#64;Latest("symbol") void price(Message event) { sendJson(event, Delivery.latest(event.getString("symbol"))); }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Latest {
    /** The message field whose value, with the type, is the conflation key; empty for the type alone. */
    String value() default "";
}
