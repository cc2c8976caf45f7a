package io.channels4j.core;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Supplier;

/**
 * Makes consumers, one per connection, and turns a consumer class into an {@link Application} for routing.
 * <pre>
 * ConsumerFactory consumers = ConsumerFactory.reflective(new InMemoryChannelLayer());
 * Application echo = consumers.of(EchoConsumer.class);
 * </pre>
 * The reflective factory calls a no-argument constructor; {@code io.channels4j.core.guice} has one that
 * injects services, the connection's {@link Scope} and the {@link ChannelLayer}.
 */
public interface ConsumerFactory {
    /** Creates a consumer of {@code type} for the connection described by {@code scope}. */
    <T extends BaseConsumer> T create(Class<T> type, Scope scope);

    /** The channel layer consumers get, or null for none. */
    ChannelLayer channelLayer();

    /**
     * The application that serves each connection with a new consumer of {@code type}; handlers of a
     * {@link NonBlocking} type run on the delivering thread.
     */
    default ConsumerApplication of(Class<? extends BaseConsumer> type) {
        return ConsumerApplication.of(type, scope -> create(type, scope), channelLayer());
    }

    /** The application that serves each connection with a consumer from {@code supplier}. */
    default ConsumerApplication of(Supplier<? extends BaseConsumer> supplier) {
        return ConsumerApplication.of("consumer", scope -> supplier.get(), channelLayer());
    }

    /** A factory that calls each consumer's no-argument constructor, with no channel layer. */
    static ConsumerFactory reflective() {
        return reflective(null);
    }

    /** A factory that calls each consumer's no-argument constructor and gives them {@code layer}. */
    static ConsumerFactory reflective(ChannelLayer layer) {
        return new ConsumerFactory() {
            @Override
            public <T extends BaseConsumer> T create(Class<T> type, Scope scope) {
                try {
                    Constructor<T> constructor = type.getDeclaredConstructor();
                    constructor.setAccessible(true);
                    return constructor.newInstance();
                } catch (NoSuchMethodException e) {
                    throw new IllegalArgumentException(type.getName() + " has no no-argument constructor: add one, or use the Guice consumer factory to inject its dependencies.", e);
                } catch (InvocationTargetException e) {
                    throw new IllegalStateException(type.getSimpleName() + "'s constructor failed: " + e.getCause(), e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("Cannot create " + type.getName() + ": " + e, e);
                }
            }

            @Override
            public ChannelLayer channelLayer() {
                return layer;
            }

            @Override
            public String toString() {
                return "ConsumerFactory.reflective(" + layer + ")";
            }
        };
    }
}
