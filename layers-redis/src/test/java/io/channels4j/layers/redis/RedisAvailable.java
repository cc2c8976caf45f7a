package io.channels4j.layers.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * Whether the tests' Redis answers: {@code REDIS_URL} or 127.0.0.1:6379. Without one, Redis tests are
 * skipped with a message, unless {@code REDIS_REQUIRED} is set: then they fail.
 */
final class RedisAvailable {
    static final String URL = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379/0");

    private RedisAvailable() {
    }

    static String url() {
        boolean up = answers();
        if (!up && System.getenv("REDIS_REQUIRED") != null) {
            throw new AssertionError("REDIS_REQUIRED is set but no Redis answers at " + URL + ": start redis-server (see .ci/run).");
        }
        assumeTrue(up, "Skipping Redis tests: no Redis answers at " + URL + " (set REDIS_URL, or REDIS_REQUIRED to fail instead).");
        return URL;
    }

    private static boolean answers() {
        URI uri = URI.create(URL);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort()), 500);
            socket.getOutputStream().write("PING\r\n".getBytes());
            byte[] reply = new byte[7];
            int n = socket.getInputStream().read(reply);
            return n > 0 && new String(reply, 0, n).startsWith("+PONG");
        } catch (Exception e) {
            return false;
        }
    }
}
