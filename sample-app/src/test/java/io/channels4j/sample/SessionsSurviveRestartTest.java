package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ImproperlyConfiguredException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** On its embedded default the app keeps sessions in a database file under DATA_DIR, so a restart logs nobody out. */
@Timeout(60)
class SessionsSurviveRestartTest {
    @Test
    void aRestartWithTheSameSecretAndDataDirKeepsTheSignedInUser() throws Exception {
        Map<String, String> env = Map.of("DATA_DIR", "target/restart-" + UUID.randomUUID());
        String cookie;
        try (SampleApp first = SampleAppTest.start(env)) {
            LiveClient client = new LiveClient(first.port());
            cookie = client.login("alice", "wonderland");
            assertEquals("{\"username\":\"alice\"}", client.get("/api/me", "Cookie", cookie).body());
        } // the whole app stops: server, session database, layer

        try (SampleApp second = SampleAppTest.start(env)) {
            LiveClient client = new LiveClient(second.port());
            assertEquals("{\"username\":\"alice\"}", client.get("/api/me", "Cookie", cookie).body(), "the cookie still signs alice in");
            assertEquals(200, client.post("/auth/logout", "{}", "Cookie", cookie).statusCode());
        }

        try (SampleApp third = SampleAppTest.start(env)) {
            assertEquals(401, new LiveClient(third.port()).get("/api/me", "Cookie", cookie).statusCode(), "a logout is kept too");
        }
    }

    @Test
    void refusesADatabaseUrlThatIsNotPostgres() {
        ImproperlyConfiguredException e = assertThrows(ImproperlyConfiguredException.class,
                () -> SampleSettings.from(Map.of("DATABASE_URL", "postgres://app:secret@db/app")::get));
        assertTrue(e.getMessage().contains("jdbc:postgresql://"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "the password stays out of the message");
    }
}
