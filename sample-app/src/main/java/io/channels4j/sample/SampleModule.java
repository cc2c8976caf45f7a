package io.channels4j.sample;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.channels4j.auth.AuthMiddlewareStack;
import io.channels4j.auth.JwtAuthenticator;
import io.channels4j.auth.OriginValidator;
import io.channels4j.core.session.SessionStore;
import io.channels4j.core.ChannelLayer;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.guice.ChannelsModule;
import io.channels4j.metrics.MeteredChannelLayer;
import io.channels4j.store.jdbc.JdbcHistoryStore;
import io.channels4j.store.jdbc.JdbcSessionStore;
import io.github.bucket4j.TimeMeter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample app's bindings: layer and sign-in throttle (in memory, or Redis with REDIS_URL), sessions and room histories (an embedded database file, PostgreSQL with
 * DATABASE_URL, or Redis with REDIS_URL), users, JWT, origins.
 */
final class SampleModule extends AbstractModule implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SampleModule.class);
    private final SampleSettings settings;
    private final RedisBackends redis;
    private final JdbcSessionStore database; // null with REDIS_URL: sessions are in Redis then
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    SampleModule(SampleSettings settings) {
        this.settings = settings;
        this.redis = settings.redisUrl().map(url -> RedisBackends.connect(url, ChatConsumer.presence(settings))).orElse(null);
        this.database = redis != null ? null : SessionDatabase.open(settings);
    }

    @Override
    protected void configure() {
        if (settings.secretGenerated()) {
            log.warn("SECRET_KEY is not set: using a secret generated for this process. Sessions and tokens will NOT survive a"
                    + " restart or work across nodes. Set SECRET_KEY to 32 or more random characters.");
        }
        ChannelLayer layer = new MeteredChannelLayer(redis != null ? redis.layer() : InMemoryChannelLayer.builder()
                .presence(ChatConsumer.presence(settings))
                .history("chat.*", ChatConsumer.HISTORY).historyStore(JdbcHistoryStore.on(database.dataSource())).build(), meters);
        install(new ChannelsModule(layer));
        bind(PrometheusMeterRegistry.class).toInstance(meters);
        bind(SampleSettings.class).toInstance(settings);
        bind(SessionStore.class).toInstance(redis != null ? redis.sessions() : database);
        bind(UserDirectory.class).toInstance(new UserDirectory(settings.demoUsers()));
    }

    /** Closes the session store's connection or database (pool and purge thread); the layer is closed by {@link Background}. */
    @Override
    public void close() {
        if (redis != null) {
            redis.sessions().close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Provides
    @Singleton
    JwtAuthenticator jwt() {
        return JwtAuthenticator.builder().hs256(settings.jwtSecret().getBytes(StandardCharsets.UTF_8)).build();
    }

    @Provides
    @Singleton
    AuthMiddlewareStack auth(SessionStore sessions, UserDirectory users, JwtAuthenticator jwt) {
        return AuthMiddlewareStack.builder().secret(settings.secretKey()).sessionStore(sessions).userResolver(users).jwt(jwt).build();
    }

    @Provides
    @Singleton
    SignInThrottle signInThrottle() {
        SampleSettings.Limits limits = settings.limits();
        return redis != null ? SignInThrottle.redis(redis.client(), "asgi", limits.signInFailuresPerAccount(), limits.signInFailuresPerAddress())
                : SignInThrottle.inMemory(limits.signInFailuresPerAccount(), limits.signInFailuresPerAddress(), TimeMeter.SYSTEM_NANOTIME);
    }

    @Provides
    @Singleton
    OriginValidator origins() {
        return OriginValidator.of(settings.allowedOrigins());
    }
}
