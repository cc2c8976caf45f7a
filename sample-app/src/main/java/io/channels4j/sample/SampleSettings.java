package io.channels4j.sample;

import io.channels4j.core.ImproperlyConfiguredException;
import io.channels4j.server.undertow.ServerSettings;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sample app's configuration, from environment variables; every problem is reported at once.
 *
 * @param host {@code HOST}, default 127.0.0.1
 * @param port {@code PORT}, default 8000
 * @param secretKey {@code SECRET_KEY}, at least 32 characters; generated (with a warning) when unset
 * @param secretGenerated whether the secret was generated for this process only
 * @param jwtSecret {@code JWT_SECRET}, the HS256 key as UTF-8; default the secret key
 * @param allowedOrigins {@code ALLOWED_ORIGINS}, comma-separated; default this app's own http://localhost:PORT and http://127.0.0.1:PORT
 * @param demoUsers {@code DEMO_USERS}, {@code name:password} pairs, default {@code alice:wonderland,bob:builder}
 * @param redisUrl {@code REDIS_URL}; when set the app uses the Redis layer and Redis sessions
 * @param trustedProxies {@code TRUSTED_PROXIES}, comma-separated IPs or CIDRs whose X-Forwarded-For/-Proto are believed; default none
 * @param limits the rate limits against brute force and reconnect storms
 * @param dataDir {@code DATA_DIR}, default {@code ./data}: where the embedded database file keeps sessions
 * @param databaseUrl {@code DATABASE_URL}, a {@code jdbc:postgresql://} URL: sessions in PostgreSQL instead of the file
 * @param presenceGrace {@code PRESENCE_GRACE_SECONDS}: how long a chat user whose last tab closed is still shown as here,
 *     default 5; {@code off} turns chat presence off
 */
public record SampleSettings(String host, int port, String secretKey, boolean secretGenerated, String jwtSecret,
                             List<String> allowedOrigins, Map<String, String> demoUsers, Optional<String> redisUrl,
                             List<String> trustedProxies, Limits limits, Path dataDir, Optional<String> databaseUrl,
                             Optional<Duration> presenceGrace) {
    /**
     * Rate limits; 0 turns one off.
     *
     * @param signInFailuresPerAccount {@code SIGNIN_FAILURES_PER_ACCOUNT}: failed sign-ins per username per minute, default 5
     * @param signInFailuresPerAddress {@code SIGNIN_FAILURES_PER_ADDRESS}: failed sign-ins per client address per minute, default 20
     * @param handshakesPerSecond {@code HANDSHAKES_PER_SECOND}: WebSocket handshakes per client address per second, default 10
     * @param handshakeBurst {@code HANDSHAKE_BURST}: handshakes one address may make at once, default 40
     */
    public record Limits(int signInFailuresPerAccount, int signInFailuresPerAddress, int handshakesPerSecond, int handshakeBurst) {
    }

    /** Reads the process environment. */
    public static SampleSettings fromEnvironment() {
        return from(System::getenv);
    }

    /**
     * Reads settings through {@code env} (a map's {@code get} in tests).
     *
     * @throws ImproperlyConfiguredException listing every bad value
     */
    public static SampleSettings from(Function<String, String> env) {
        List<String> problems = new ArrayList<>();
        String host = value(env, "HOST").orElse("127.0.0.1");
        int port = 8000;
        Optional<String> portText = value(env, "PORT");
        if (portText.isPresent()) {
            try {
                port = Integer.parseInt(portText.get());
                if (port < 0 || port > 65535) {
                    problems.add("PORT must be 0 to 65535, got '" + portText.get() + "'.");
                }
            } catch (NumberFormatException e) {
                problems.add("PORT must be a number, got '" + portText.get() + "'.");
            }
        }
        Optional<String> secret = value(env, "SECRET_KEY");
        if (secret.isPresent() && secret.get().length() < 32) {
            problems.add("SECRET_KEY is " + secret.get().length() + " characters; use at least 32 (e.g. `openssl rand -base64 48`).");
        }
        String secretKey = secret.orElseGet(SampleSettings::generateSecret);
        String jwtSecret = value(env, "JWT_SECRET").orElse(secretKey);
        if (jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            problems.add("JWT_SECRET is shorter than 32 bytes; HS256 needs a key of at least 256 bits.");
        }
        int ownPort = port;
        List<String> origins = value(env, "ALLOWED_ORIGINS").map(SampleSettings::splitList)
                .orElseGet(() -> List.of("http://localhost:" + ownPort, "http://127.0.0.1:" + ownPort));
        Map<String, String> users = new LinkedHashMap<>();
        for (String pair : splitList(value(env, "DEMO_USERS").orElse("alice:wonderland,bob:builder"))) {
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                problems.add("DEMO_USERS entries are name:password, got '" + pair.replaceAll(":.*", ":...") + "'.");
            } else {
                users.put(pair.substring(0, colon), pair.substring(colon + 1));
            }
        }
        Optional<String> redisUrl = value(env, "REDIS_URL");
        if (redisUrl.isPresent() && !redisUrl.get().matches("(rediss?|redis-sentinel|redis-cluster)://.+")) {
            problems.add("REDIS_URL must start with redis://, rediss://, redis-sentinel:// (host:port[,host:port]/db#master)"
                    + " or redis-cluster:// (host:port[,host:port]), got '" + redisUrl.get().replaceAll("//[^@]*@", "//***@") + "'.");
        }
        List<String> proxies = value(env, "TRUSTED_PROXIES").map(SampleSettings::splitList).orElse(List.of());
        for (String proxy : proxies) {
            try {
                ServerSettings.builder().trustedProxy(proxy);
            } catch (IllegalArgumentException e) {
                problems.add("TRUSTED_PROXIES: " + e.getMessage());
            }
        }
        Limits limits = new Limits(count(env, "SIGNIN_FAILURES_PER_ACCOUNT", 5, problems), count(env, "SIGNIN_FAILURES_PER_ADDRESS", 20, problems),
                count(env, "HANDSHAKES_PER_SECOND", 10, problems), Math.max(1, count(env, "HANDSHAKE_BURST", 40, problems)));
        Path dataDir = Path.of(value(env, "DATA_DIR").orElse("data"));
        Optional<String> databaseUrl = value(env, "DATABASE_URL");
        if (databaseUrl.isPresent() && !databaseUrl.get().startsWith("jdbc:postgresql://")) {
            problems.add("DATABASE_URL must be a JDBC URL starting with jdbc:postgresql://, e.g. jdbc:postgresql://127.0.0.1:5432/app?user=app,"
                    + " got '" + databaseUrl.get().replaceAll("(?i)password=[^&]*", "password=***").replaceAll("//[^/@]*@", "//***@") + "'.");
        }
        Optional<Duration> presenceGrace = value(env, "PRESENCE_GRACE_SECONDS").filter(v -> v.equals("off")).isPresent() ? Optional.empty()
                : Optional.of(seconds(env, "PRESENCE_GRACE_SECONDS", Duration.ofSeconds(5), problems));
        if (!problems.isEmpty()) {
            throw new ImproperlyConfiguredException(problems);
        }
        return new SampleSettings(host, port, secretKey, secret.isEmpty(), jwtSecret, origins, Map.copyOf(users), redisUrl, proxies, limits,
                dataDir, databaseUrl, presenceGrace);
    }

    /** Passwords and secrets stay out of logs. */
    @Override
    public String toString() {
        return "SampleSettings[host=" + host + ", port=" + port + ", allowedOrigins=" + allowedOrigins + ", users=" + demoUsers.keySet()
                + ", redis=" + redisUrl.isPresent() + ", trustedProxies=" + trustedProxies + ", " + limits + ", dataDir=" + dataDir
                + ", database=" + databaseUrl.isPresent() + "]";
    }

    private static Optional<String> value(Function<String, String> env, String name) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Duration seconds(Function<String, String> env, String name, Duration fallback, List<String> problems) {
        Optional<String> text = value(env, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(text.get());
            if (value >= 0 && value <= 3600) {
                return Duration.ofMillis(Math.round(value * 1000));
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        problems.add(name + " must be a number of seconds from 0 to 3600, e.g. 5 or 0.5, got '" + text.get() + "'.");
        return fallback;
    }

    private static int count(Function<String, String> env, String name, int fallback, List<String> problems) {
        Optional<String> text = value(env, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        problems.add(name + " must be a whole number, 0 or more (0 turns the limit off), got '" + text.get() + "'.");
        return fallback;
    }

    private static List<String> splitList(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static String generateSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
