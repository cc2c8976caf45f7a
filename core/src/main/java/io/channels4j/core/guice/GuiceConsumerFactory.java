package io.channels4j.core.guice;

import com.google.inject.Inject;
import com.google.inject.Injector;
import io.channels4j.core.BaseConsumer;
import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.Scope;

/**
 * Creates consumers through Guice: a consumer may {@code @Inject} any bound service, the connection's
 * {@link Scope}, the {@link ChannelLayer} and {@link ConnectionScoped} objects. Bound by {@link ChannelsModule}.
 */
public final class GuiceConsumerFactory implements ConsumerFactory {
    private final Injector injector;
    private final ConnectionScope connectionScope;
    private final ChannelLayer layer;

    @Inject
    GuiceConsumerFactory(Injector injector, ConnectionScope connectionScope, ChannelLayer layer) {
        this.injector = injector;
        this.connectionScope = connectionScope;
        this.layer = layer;
    }

    @Override
    public <T extends BaseConsumer> T create(Class<T> type, Scope scope) {
        connectionScope.enter(scope);
        try {
            return injector.getInstance(type);
        } finally {
            connectionScope.exit();
        }
    }

    @Override
    public ChannelLayer channelLayer() {
        return layer;
    }

    @Override
    public String toString() {
        return "GuiceConsumerFactory(" + layer + ")";
    }
}
