package io.channels4j.sample;

import io.channels4j.store.jdbc.JdbcSessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sample's sessions without Redis: PostgreSQL with DATABASE_URL, else an embedded database file in DATA_DIR. */
final class SessionDatabase {
    private static final Logger log = LoggerFactory.getLogger(SessionDatabase.class);

    private SessionDatabase() {
    }

    /** Opens (and migrates) the store; the caller closes it at shutdown. */
    static JdbcSessionStore open(SampleSettings settings) {
        if (settings.databaseUrl().isPresent()) {
            JdbcSessionStore store = JdbcSessionStore.builder().url(settings.databaseUrl().get()).build();
            log.info("Sessions are kept in PostgreSQL (DATABASE_URL)");
            return store;
        }
        JdbcSessionStore store = JdbcSessionStore.builder().file(settings.dataDir().resolve("channels4j")).build();
        log.info("Sessions are kept in {} (DATA_DIR); they survive restarts", settings.dataDir().toAbsolutePath().resolve("channels4j.mv.db"));
        return store;
    }
}
