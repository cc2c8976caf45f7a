package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Password guessing over real sockets: failures are throttled per account and per client address, with 429 and Retry-After. */
@Timeout(120)
class BruteForceTest {
    private static String credentials(String user, String password) {
        return Json.write(Map.of("username", user, "password", password));
    }

    /** The statuses, Retry-After and body of a run of guesses. */
    private static List<String> guess(LiveClient client, String path, String user, int times) throws Exception {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            HttpResponse<String> response = client.post(path, credentials(user, "guess-" + i));
            answers.add(response.statusCode() + " " + response.headers().firstValue("retry-after").orElse("-") + " "
                    + response.body().replace(user, "USER"));
        }
        return answers;
    }

    @Test
    void afterFiveFailuresAnAccountGets429WithRetryAfterEvenForTheRightPassword() throws Exception {
        try (SampleApp app = SampleAppTest.start(Map.of("SIGNIN_FAILURES_PER_ADDRESS", "1000"))) {
            LiveClient client = new LiveClient(app.port());
            List<String> answers = guess(client, "/auth/login", "alice", 6);
            for (int i = 0; i < 5; i++) {
                assertTrue(answers.get(i).startsWith("401 - "), answers.get(i));
            }
            assertTrue(answers.get(5).matches("429 ([1-9]|1[0-2]) \\{\"error\":\"too many failed sign-ins; try again in \\d+ s\"}"), answers.get(5));
            assertEquals(429, client.post("/auth/login", credentials("alice", "wonderland")).statusCode(), "no hint that this guess was right");
            assertEquals(429, client.post("/auth/token", credentials("alice", "wonderland")).statusCode(), "the token endpoint counts the same");
            assertEquals(200, client.post("/auth/token", credentials("bob", "builder")).statusCode(), "other accounts are not affected");
        }
    }

    @Test
    void anUnknownAccountAnswersExactlyAsAKnownOne() throws Exception {
        try (SampleApp app = SampleAppTest.start(Map.of("SIGNIN_FAILURES_PER_ADDRESS", "1000"))) {
            LiveClient client = new LiveClient(app.port());
            List<String> known = guess(client, "/auth/token", "bob", 7);
            List<String> unknown = guess(client, "/auth/token", "nobody-" + UUID.randomUUID(), 7);
            assertEquals(known.stream().map(a -> a.substring(0, 3)).toList(), unknown.stream().map(a -> a.substring(0, 3)).toList());
            assertEquals(known.get(0), unknown.get(0));
            assertEquals(known.get(6).replaceAll("\\d+", "N"), unknown.get(6).replaceAll("\\d+", "N"));
            assertTrue(unknown.get(6).startsWith("429 "), unknown.get(6));
        }
    }

    @Test
    void anAddressThatGuessesAcrossAccountsIsStoppedWhileAnotherAddressSignsIn() throws Exception {
        try (SampleApp app = SampleAppTest.start(Map.of("SIGNIN_FAILURES_PER_ADDRESS", "4"))) {
            LiveClient client = new LiveClient(app.port());
            for (int i = 0; i < 4; i++) {
                assertEquals(401, client.post("/auth/login", credentials("user" + i, "x")).statusCode());
            }
            assertEquals(429, client.post("/auth/login", credentials("bob", "builder")).statusCode(), "127.0.0.1 has used its allowance");
            String fromElsewhere = rawPost(app.port(), "127.0.0.2", "/auth/login", credentials("bob", "builder"));
            assertTrue(fromElsewhere.startsWith("HTTP/1.1 200"), fromElsewhere);
        }
    }

    @Test
    void failuresOnOneNodeCountOnTheOtherThroughRedis() throws Exception {
        TwoNodesOverRedisTest.requireRedis(6379);
        Map<String, String> env = Map.of("REDIS_URL", "redis://127.0.0.1:6379/5", "SIGNIN_FAILURES_PER_ADDRESS", "1000");
        try (SampleApp one = SampleAppTest.start(env); SampleApp two = SampleAppTest.start(env)) {
            String user = "mallory-" + UUID.randomUUID();
            List<String> onOne = guess(new LiveClient(one.port()), "/auth/login", user, 5);
            assertTrue(onOne.stream().allMatch(a -> a.startsWith("401 ")), onOne.toString());
            HttpResponse<String> onTwo = new LiveClient(two.port()).post("/auth/login", credentials(user, "another guess"));
            assertEquals(429, onTwo.statusCode(), onTwo.body());
            assertTrue(onTwo.headers().firstValue("retry-after").isPresent());
        }
    }

    @Test
    void whileTheRedisOfTheCountsIsDownSignInAnswers503() throws Exception {
        TwoNodesOverRedisTest.requireRedis(6379); // the machine has redis-server; this test runs its own on a spare port
        try (io.channels4j.testing.RedisProcesses redis = new io.channels4j.testing.RedisProcesses(java.nio.file.Path.of("target/redis"))) {
            int port = redis.server();
            try (SampleApp app = SampleAppTest.start(Map.of("REDIS_URL", "redis://127.0.0.1:" + port))) {
                LiveClient client = new LiveClient(app.port());
                assertEquals(401, client.post("/auth/token", credentials("alice", "wrong")).statusCode());
                redis.kill(port);
                HttpResponse<String> during = client.post("/auth/token", credentials("alice", "wonderland"));
                assertEquals(503, during.statusCode(), during.body());
                assertTrue(during.body().contains("sign-in unavailable"), during.body());
            }
        }
    }

    /** A POST from another loopback address (the whole of 127.0.0.0/8 is this machine), answered with Connection: close. */
    private static String rawPost(int port, String from, String path, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(10_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        }
    }
}
