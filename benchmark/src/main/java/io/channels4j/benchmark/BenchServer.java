package io.channels4j.benchmark;

import io.channels4j.sample.SampleApp;
import io.channels4j.server.undertow.Compression;
import io.channels4j.sample.SampleSettings;
import java.nio.file.Files;
import java.util.Map;

/**
 * One server of the benchmark, in its own JVM: {@code channels4j PORT} runs the sample app (in-memory
 * layer, JWT secret {@link #JWT_SECRET}), {@code channels4j-nopresence PORT} the same with chat presence off;
 * {@code undertow PORT} runs the bare-Undertow baseline; {@code deflate-shared} and {@code deflate-per-connection}
 * run a compressing room ({@link DeflateRoomServer}). Prints
 * {@code READY} when it listens.
 */
public final class BenchServer {
    static final String JWT_SECRET = "benchmark-jwt-secret-that-is-long-enough-for-hs256";

    private BenchServer() {
    }

    /** Starts the named server on the port and waits forever. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        if (args[0].startsWith("channels4j")) {
            // the load generator opens thousands of sockets from one address: no handshake rate limit; sessions in a
            // database file of this run's own: the benchmark never shares or leaves state in the work tree
            String dataDir = Files.createTempDirectory("channels4j-bench-").toString();
            Map<String, String> env = Map.of("PORT", String.valueOf(port), "SECRET_KEY", JWT_SECRET, "JWT_SECRET", JWT_SECRET,
                    "HANDSHAKES_PER_SECOND", "0", "DATA_DIR", dataDir,
                    "PRESENCE_GRACE_SECONDS", args[0].endsWith("-nopresence") ? "off" : "5");
            SampleApp.create(SampleSettings.from(env::get)).start();
        } else if (args[0].startsWith("deflate-")) {
            DeflateRoomServer.start(port, args[0].equals("deflate-shared") ? Compression.SHARED : Compression.PER_CONNECTION);
        } else {
            new BareUndertowServer().start(port);
        }
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.currentThread().join();
    }
}
