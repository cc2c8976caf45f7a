package io.channels4j.core.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.Scope;
import java.util.Objects;

/**
 * Binds what consumers need: the {@link ChannelLayer}, a {@link ConsumerFactory} that injects consumers,
 * the {@link ConnectionScoped} scope, and the connection's {@link Scope} inside it.
 * <pre>
 * Injector injector = Guice.createInjector(new ChannelsModule(new InMemoryChannelLayer()), new AppModule());
 * ConsumerFactory consumers = injector.getInstance(ConsumerFactory.class);
 * </pre>
 */
public final class ChannelsModule extends AbstractModule {
    private final ChannelLayer layer;

    /** Binds {@code layer} as the channel layer. */
    public ChannelsModule(ChannelLayer layer) {
        this.layer = Objects.requireNonNull(layer, "layer");
    }

    @Override
    protected void configure() {
        ConnectionScope connectionScope = new ConnectionScope();
        bindScope(ConnectionScoped.class, connectionScope);
        bind(ConnectionScope.class).toInstance(connectionScope);
        bind(ChannelLayer.class).toInstance(layer);
        bind(ConsumerFactory.class).to(GuiceConsumerFactory.class);
    }

    @Provides
    @ConnectionScoped
    Scope connectionScope() {
        throw new IllegalStateException("The connection's Scope is only available to consumers and what they inject, while they are created.");
    }
}
