package io.channels4j.sample;

import io.channels4j.core.ImproperlyConfiguredException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code java -jar sample-app.jar} serves the app; {@code java -jar sample-app.jar worker tasks} runs only
 * the background worker for the named channels (with {@code REDIS_URL}, so it reaches the app's nodes).
 */
public final class Main {
    static {
        // one log format for everything: Undertow and XNIO log through jboss-logging, told here to use SLF4J (it
        // would guess Log4j 2 if log4j-api were on the class path); java.util.logging goes through the bridge
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    /** Starts the app or a worker; configuration comes from the environment. */
    public static void main(String[] args) throws InterruptedException {
        SampleSettings settings;
        try {
            settings = SampleSettings.fromEnvironment();
        } catch (ImproperlyConfiguredException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (args.length > 0 && args[0].equals("worker")) {
            runWorker(settings, Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SampleApp app = SampleApp.create(settings).start();
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "channels4j-shutdown"));
        log.info("Sample app on http://{}:{}/ (users: {})", settings.host(), app.port(), settings.demoUsers().keySet());
        Thread.currentThread().join();
    }

    private static void runWorker(SampleSettings settings, String[] channels) throws InterruptedException {
        if (settings.redisUrl().isEmpty()) {
            System.err.println("A separate worker process needs REDIS_URL: with the in-memory layer the worker runs inside the app.");
            System.exit(2);
        }
        if (channels.length == 0) {
            System.err.println("Name the channels to consume, e.g.: java -jar sample-app.jar worker tasks");
            System.exit(2);
        }
        SampleApp app = SampleApp.create(settings);
        Background background = app.injector().getInstance(Background.class);
        background.startWorker(app.application(), channels);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "channels4j-shutdown"));
        log.info("Worker consuming {}", Arrays.toString(channels));
        Thread.currentThread().join();
    }
}
