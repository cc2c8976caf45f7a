package io.channels4j.core;

import java.lang.invoke.MethodHandle;

/**
 * What every consumer shares: its connection's {@link Scope}, its own channel on the channel layer, and
 * the dispatch of layer messages by type: {@code {"type": "chat.message"}} reaches
 * {@code chatMessage(Message)} (dots and underscores become camelCase).
 *
 * <p>One instance serves one connection. Its handlers run one at a time, in arrival order, off the
 * server's IO threads, and may block. Extend {@link WebsocketConsumer}, {@link JsonWebsocketConsumer},
 * {@link HttpConsumer} or {@link GenericConsumer}, not this class.
 */
public abstract class BaseConsumer {
    private ConsumerInstance instance;
    private Scope scope;
    private Sender sender;
    private ChannelLayer layer;

    BaseConsumer() {
    }

    final void bind(ConsumerInstance instance, Scope scope, Sender sender, ChannelLayer layer) {
        this.instance = instance;
        this.scope = scope;
        this.sender = sender;
        this.layer = layer;
    }

    /** Handles one event on the handler thread; subclasses turn protocol events into their hooks. */
    abstract void onEvent(Event event) throws Throwable;

    /** The connection's scope: path, headers, URL route, user, ... */
    protected final Scope scope() {
        return scope;
    }

    /**
     * The channel layer.
     *
     * @throws IllegalStateException when the application was built without one
     */
    protected final ChannelLayer channelLayer() {
        if (layer == null) {
            throw new IllegalStateException(name() + " has no channel layer: build its ConsumerFactory with one, e.g. ConsumerFactory.reflective(new InMemoryChannelLayer()).");
        }
        return layer;
    }

    /** Whether a channel layer is configured. */
    protected final boolean hasChannelLayer() {
        return layer != null;
    }

    /** This consumer's own channel name, reachable through the layer from anywhere; null without a layer. */
    protected final String channelName() {
        return instance.channelName();
    }

    /** Hands an event to the server. */
    final void emit(Event event) {
        sender.send(event);
    }

    /** Calls the handler named by the message's type. */
    final void dispatch(Message message) throws Throwable {
        MethodHandle handler = HandlerTable.of(getClass()).handler(message.type());
        handler.invokeExact(this, message);
    }

    /** Marks this consumer finished: frees its channel and memberships; later events are ignored. */
    final void end() {
        instance.end();
    }

    final boolean ended() {
        return instance.isDone();
    }

    final String name() {
        return getClass().getSimpleName();
    }
}
