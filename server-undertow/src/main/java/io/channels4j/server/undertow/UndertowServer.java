package io.channels4j.server.undertow;

import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.HandlerExecutor;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.ConnectorStatistics;
import io.micrometer.core.instrument.Gauge;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a channels4j {@link Application} over HTTP/1.1 and WebSocket on one port, with Undertow.
 * <pre>
 * UndertowServer server = UndertowServer.builder()
 *         .host("127.0.0.1").port(8000)
 *         .application(app)
 *         .build().start();
 * Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
 * </pre>
 * {@link #stop()} is graceful, unlike Daphne: it stops accepting, closes every WebSocket with 1012 (service restart: clients reconnect soon) so
 * each consumer's disconnect runs, waits for handlers up to the shutdown timeout, then interrupts the
 * ones still running and logs them.
 */
public final class UndertowServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UndertowServer.class);

    private final String host;
    private final int requestedPort;
    private final ServerSettings settings;
    private final ChannelsHandler handler;
    private final HandlerExecutor handlers = HandlerExecutor.start(); // consumer handlers; closed by stop()
    private Undertow undertow;
    private ScheduledExecutorService heartbeat;
    private int port;
    private boolean stopped;

    private UndertowServer(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.settings = b.settings;
        this.handler = new ChannelsHandler(ChannelsHandler.context(Objects.requireNonNull(b.application,
                "application: call .application(app) on the builder"), b.settings, b.meters, b.accessLogLines, handlers));
    }

    /** Starts a builder: host 127.0.0.1, port 8000, default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and starts serving; returns once the port is bound.
     *
     * @throws IllegalStateException when the port cannot be bound, saying which
     */
    public synchronized UndertowServer start() {
        if (undertow != null) {
            throw new IllegalStateException("This server is already started on port " + port + ".");
        }
        Undertow built = Undertow.builder()
                .addHttpListener(requestedPort, host)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
                // from the first byte of a request to the end of its headers; bodies are timed by HttpConnection
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, settings.requestHeaderTimeout().toMillis()))
                .setServerOption(UndertowOptions.ENABLE_STATISTICS, true)
                .setHandler(handler)
                .build();
        try {
            built.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot listen on " + host + ":" + requestedPort + " (" + e.getMessage()
                    + "): make sure no other process is using the port, or choose another with PORT.", e);
        }
        undertow = built;
        port = ((InetSocketAddress) built.getListenerInfo().get(0).getAddress()).getPort();
        ConnectorStatistics sockets = built.getListenerInfo().get(0).getConnectorStatistics();
        Gauge.builder("channels4j.sockets.open", sockets, ConnectorStatistics::getActiveConnections)
                .description("TCP connections open now, whatever they carry").register(meters());
        heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "channels4j-heartbeat-" + port);
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.pingInterval().toNanos();
        long timeout = settings.pingTimeout().toNanos();
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(interval, timeout) / 4);
        heartbeat.scheduleAtFixedRate(() -> sweep(interval, timeout), period, period, TimeUnit.NANOSECONDS);
        log.info("channels4j listening on http://{}:{}", host, port);
        return this;
    }

    private void sweep(long interval, long timeout) {
        long now = System.nanoTime();
        for (WebsocketConnection connection : handler.context().registry().websockets()) {
            try {
                connection.heartbeat(now, interval, timeout);
            } catch (RuntimeException e) {
                log.debug("Heartbeat failed on {}", connection.scope(), e);
            }
        }
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        return port;
    }

    /** Open WebSockets and in-flight HTTP requests. */
    public int openConnections() {
        return handler.openConnections();
    }

    /** The registry holding the server's meters ({@code channels4j.*}). */
    public io.micrometer.core.instrument.MeterRegistry meters() {
        return handler.context().metrics().registry();
    }

    /** The settings in force. */
    public ServerSettings settings() {
        return settings;
    }

    /** Stops gracefully; idempotent. */
    public void stop() {
        Undertow running;
        synchronized (this) {
            if (undertow == null || stopped) {
                return;
            }
            stopped = true;
            running = undertow;
        }
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        // Undertow's listener suspend would also drop open sockets without a close frame, so new requests
        // are refused by the handler instead while the open ones drain
        handler.refuseNewConnections();
        ConnectionRegistry registry = handler.context().registry();
        List<WebsocketConnection> sockets = registry.allWebsockets();
        List<CompletableFuture<Void>> finishing = new ArrayList<>();
        for (WebsocketConnection socket : sockets) {
            finishing.add(socket.instance().finished().toCompletableFuture());
            socket.goAway();
        }
        awaitAll(finishing, Math.min(Duration.ofSeconds(2).toNanos(), remaining(deadline)));
        sockets.forEach(WebsocketConnection::forceClose); // peers that never answered the close frame
        if (!awaitAll(finishing, remaining(deadline))) {
            for (WebsocketConnection socket : sockets) {
                ApplicationInstance instance = socket.instance();
                if (!instance.finished().toCompletableFuture().isDone()) {
                    instance.interrupt();
                }
            }
            awaitAll(finishing, TimeUnit.SECONDS.toNanos(1));
        }
        heartbeat.shutdownNow();
        running.stop();
        handler.context().compressor().close();
        handlers.close();
        log.info("channels4j on port {} stopped", port);
    }

    @Override
    public void close() {
        stop();
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private boolean awaitAll(List<CompletableFuture<Void>> futures, long nanos) {
        try {
            CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | CancellationException e) {
            // all have finished, but an application ended with a failure: it must not pass as a clean stop
            log.error("An application on port {} ended with a failure while the server stopped", port,
                    e instanceof ExecutionException ? e.getCause() : e);
            return true;
        }
    }

    /** Collects the server's address, application and settings. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8000;
        private Application application;
        private ServerSettings settings = ServerSettings.DEFAULTS;
        private io.micrometer.core.instrument.MeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        private Consumer<String> accessLogLines;

        private Builder() {
        }

        // tests read the access log's lines here rather than from the logger
        Builder accessLogLines(Consumer<String> lines) {
            this.accessLogLines = lines;
            return this;
        }

        /** Where the server's meters go, e.g. a Prometheus registry (default: a registry of its own). */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry meters) {
            this.meters = Objects.requireNonNull(meters, "meters");
            return this;
        }

        /** The interface to bind (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port (default 8000; 0 picks a free one). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The application to serve. */
        public Builder application(Application application) {
            this.application = Objects.requireNonNull(application, "application");
            return this;
        }

        /** The server settings. */
        public Builder settings(ServerSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The server, not started yet. */
        public UndertowServer build() {
            return new UndertowServer(this);
        }
    }

    /** What the server's connections share, for tests in this package. */
    ServerContext context() {
        return handler.context();
    }
}
