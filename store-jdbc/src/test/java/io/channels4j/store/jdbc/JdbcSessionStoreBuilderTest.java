package io.channels4j.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ImproperlyConfiguredException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JdbcSessionStoreBuilderTest {
    @Test
    void reportsEveryProblemAtOnce() {
        ImproperlyConfiguredException e = assertThrows(ImproperlyConfiguredException.class, () -> JdbcSessionStore.builder()
                .schema("sessions; DROP TABLE users").poolSize(0).purgeInterval(Duration.ofSeconds(-1)).build());
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).contains("exactly one of file(path), url(jdbcUrl) or dataSource(ds)"));
    }

    @Test
    void refusesAUrlThatIsNotJdbc() {
        ImproperlyConfiguredException e = assertThrows(ImproperlyConfiguredException.class,
                () -> JdbcSessionStore.builder().url("postgres://me:secret@db/app").build());
        assertTrue(e.getMessage().contains("jdbc:postgresql://"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "the password stays out of the message");
    }

    @Test
    void anUnreachableDatabaseFailsAtStartNamingIt() {
        JdbcStoreException e = assertThrows(JdbcStoreException.class,
                () -> JdbcSessionStore.builder().url("jdbc:postgresql://127.0.0.1:1/test?user=u&password=secret").build());
        assertTrue(e.getMessage().startsWith("Cannot connect to the session database 'jdbc:postgresql://127.0.0.1:1/test?user=u&password=***'"),
                e.getMessage());
    }
}
