package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.testing.Eventually;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sample app as {@code java -jar} runs it, in a process of its own (XNIO prints its version once per JVM,
 * so only a fresh one shows it): every line it prints, Undertow's and XNIO's included, is in logback.xml's format.
 */
@Timeout(60)
class MainLoggingTest {
    /** logback.xml's pattern: time, level, [thread], logger - message. */
    private static final Pattern LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) (TRACE|DEBUG|INFO |WARN |ERROR) \\[[^\\]]+\\] (\\S+) - .*");
    private static final Pattern LISTENING = Pattern.compile(".* - channels4j listening on http://127\\.0\\.0\\.1:(\\d+)");

    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;
    private Thread pump;

    @AfterEach
    void stopProcess() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void undertowXnioAndAccessLogLinesShareOneFormat() throws Exception {
        start(Map.of());
        int port = Integer.parseInt(awaitLine(LISTENING, "the server's 'listening on' line").group(1));
        assertEquals(200, new LiveClient(port).get("/healthz").statusCode());
        awaitLine(Pattern.compile(".* INFO  \\[[^\\]]+\\] io\\.channels4j\\.access - 127\\.0\\.0\\.1:\\d+ \"GET /healthz\" 200 .*"),
                "the access log line for GET /healthz");

        assertTrue(output.stream().anyMatch(l -> l.matches(".* org\\.xnio - XNIO version .*")),
                "XNIO's startup line should go through SLF4J to Logback, got:\n" + String.join("\n", output));
        for (String line : output) {
            assertTrue(LINE.matcher(line).matches(), "A line in another format (not through Logback?): '" + line + "'\n"
                    + String.join("\n", output));
        }
    }

    @Test
    void logAccessOffSilencesTheAccessLogOnly() throws Exception {
        start(Map.of("LOG_ACCESS", "OFF"));
        int port = Integer.parseInt(awaitLine(LISTENING, "the server's 'listening on' line").group(1));
        LiveClient client = new LiveClient(port);
        assertEquals(200, client.get("/healthz").statusCode());
        assertEquals(200, client.get("/healthz").statusCode());
        process.destroy();                                  // what it printed is all read once it has exited
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the app should exit on SIGTERM");
        pump.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(output.stream().anyMatch(l -> l.contains("io.channels4j.sample.Main - Sample app on")), "no output read:\n" + output);
        assertTrue(output.stream().noneMatch(l -> l.contains("io.channels4j.access")), "LOG_ACCESS=OFF, yet:\n" + String.join("\n", output));
    }

    private void start(Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .redirectErrorStream(true);
        builder.environment().remove("REDIS_URL");
        builder.environment().putAll(Map.of("HOST", "127.0.0.1", "PORT", "0", "SECRET_KEY", "test-secret-with-at-least-32-characters!"));
        builder.environment().putAll(env);
        process = builder.start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        pump = new Thread(() -> reader.lines().forEach(output::add), "sample-app-output");
        pump.setDaemon(true);
        pump.start();
    }

    private Matcher awaitLine(Pattern pattern, String what) {
        Eventually.await(Duration.ofSeconds(30), () -> find(pattern).isPresent(), what + " in:\n" + String.join("\n", output));
        return find(pattern).orElseThrow();
    }

    private Optional<Matcher> find(Pattern pattern) {
        return output.stream().map(pattern::matcher).filter(Matcher::matches).findFirst();
    }
}
