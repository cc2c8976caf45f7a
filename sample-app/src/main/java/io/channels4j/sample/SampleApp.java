package io.channels4j.sample;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.channels4j.auth.AuthMiddlewareStack;
import io.channels4j.core.Application;
import io.channels4j.server.undertow.Compression;
import io.channels4j.server.undertow.ServerSettings;
import io.channels4j.server.undertow.UndertowServer;

/**
 * The sample app, wired: its Guice injector, its application and, once started, its server. Tests start
 * it in-process; {@link Main} starts it from the command line.
 */
public final class SampleApp implements AutoCloseable {
    private final SampleSettings settings;
    private final SampleModule module;
    private final Injector injector;
    private final Application application;
    private UndertowServer server;

    private SampleApp(SampleSettings settings) {
        this.settings = settings;
        this.module = new SampleModule(settings);
        this.injector = Guice.createInjector(module);
        this.application = injector.getInstance(SampleRouting.class).application();
    }

    /** Builds the app without serving it. */
    public static SampleApp create(SampleSettings settings) {
        return new SampleApp(settings);
    }

    /** Serves the app on the configured host and port; returns once the port is bound. */
    public synchronized SampleApp start() {
        ServerSettings.Builder serverSettings = ServerSettings.builder().compression(Compression.SHARED)
                .handshakeRateLimit(settings.limits().handshakesPerSecond(), settings.limits().handshakeBurst());
        settings.trustedProxies().forEach(serverSettings::trustedProxy);
        server = UndertowServer.builder().host(settings.host()).port(settings.port()).application(application).settings(serverSettings.build())
                .meterRegistry(injector.getInstance(io.micrometer.prometheusmetrics.PrometheusMeterRegistry.class)).build().start();
        injector.getInstance(Background.class).start(application);
        return this;
    }

    /** Stops serving (gracefully); the app can be started again on the same port. */
    public synchronized void stopServer() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** The bound port. */
    public synchronized int port() {
        return server == null ? settings.port() : server.port();
    }

    /** Open WebSockets and in-flight requests of the running server; 0 when stopped. */
    public synchronized int openConnections() {
        return server == null ? 0 : server.openConnections();
    }

    /** The app's application, for in-process tests with the communicators. */
    public Application application() {
        return application;
    }

    /** The injector, for tests that need a service. */
    public Injector injector() {
        return injector;
    }

    /** Stops the server and the app's background work and connections. */
    @Override
    public void close() {
        stopServer();
        try {
            injector.getInstance(AuthMiddlewareStack.class).close();
            module.close();
            injector.getInstance(SignInThrottle.class).close();
        } catch (Exception e) {
            throw new IllegalStateException("Closing the sample app failed: " + e.getMessage(), e);
        } finally {
            injector.getInstance(Background.class).close();
        }
    }
}
