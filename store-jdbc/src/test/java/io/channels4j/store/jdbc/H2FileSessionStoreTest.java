package io.channels4j.store.jdbc;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/** The store on the embedded default: an H2 database file under target/, a new one per test. */
class H2FileSessionStoreTest extends JdbcSessionStoreContract {
    private static final Path RUN = Path.of("target", "h2-sessions-" + UUID.randomUUID().toString().substring(0, 8));
    private Path file;

    @BeforeEach
    void newFile(TestInfo test) {
        file = RUN.resolve(test.getTestMethod().orElseThrow().getName()).resolve("channels4j");
    }

    @Override
    JdbcSessionStoreBuilder location() {
        return JdbcSessionStore.builder().file(file);
    }

    @Override
    String jdbcUrl() {
        return "jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    @Override
    Optional<String> schema() {
        return Optional.empty();
    }
}
