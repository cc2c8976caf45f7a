package io.channels4j.store.jdbc;

import io.channels4j.core.ImproperlyConfiguredException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/** Configures a {@link JdbcSessionStore}; {@link #build()} reports every problem at once, then opens and migrates. */
public final class JdbcSessionStoreBuilder {
    private Path file;
    private String url;
    private DataSource dataSource;
    private String user;
    private String password;
    private String schema;
    private int poolSize = 10;
    private Clock clock = Clock.systemUTC();
    private Duration purgeInterval = Duration.ofMinutes(10);

    JdbcSessionStoreBuilder() {
    }

    /**
     * An embedded H2 database in {@code file} (H2 adds {@code .mv.db}); its directory is created if missing.
     * One process at a time may open it.
     */
    public JdbcSessionStoreBuilder file(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        return this;
    }

    /** Any JDBC URL of a supported database: {@code jdbc:postgresql://host/db} or {@code jdbc:h2:...}. */
    public JdbcSessionStoreBuilder url(String url) {
        this.url = Objects.requireNonNull(url, "url");
        return this;
    }

    /** The database user, for {@link #url(String)} (or in the URL). */
    public JdbcSessionStoreBuilder user(String user) {
        this.user = user;
        return this;
    }

    /** The database password, for {@link #url(String)} (or in the URL). */
    public JdbcSessionStoreBuilder password(String password) {
        this.password = password;
        return this;
    }

    /** The application's data source: the store uses it and leaves it open when it closes. */
    public JdbcSessionStoreBuilder dataSource(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        return this;
    }

    /** The schema to keep the store's tables in (created if missing); default the connection's own. */
    public JdbcSessionStoreBuilder schema(String schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        return this;
    }

    /** The most connections the store's own pool opens; default 10. */
    public JdbcSessionStoreBuilder poolSize(int poolSize) {
        this.poolSize = poolSize;
        return this;
    }

    /** The clock that times expiry; tests pass a virtual one. */
    public JdbcSessionStoreBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** How often the store deletes expired sessions; default 10 minutes; {@link Duration#ZERO} turns it off. */
    public JdbcSessionStoreBuilder purgeInterval(Duration purgeInterval) {
        this.purgeInterval = Objects.requireNonNull(purgeInterval, "purgeInterval");
        return this;
    }

    /**
     * Opens the database and creates or upgrades the store's tables.
     *
     * @throws ImproperlyConfiguredException listing every problem with the settings
     * @throws JdbcStoreException when the database cannot be reached or migrated
     */
    public JdbcSessionStore build() {
        List<String> problems = new ArrayList<>();
        int places = (file == null ? 0 : 1) + (url == null ? 0 : 1) + (dataSource == null ? 0 : 1);
        if (places != 1) {
            problems.add("JdbcSessionStore needs exactly one of file(path), url(jdbcUrl) or dataSource(ds), got " + places + ".");
        }
        if (url != null && !url.startsWith("jdbc:")) {
            problems.add("JdbcSessionStore url " + Urls.redact(url) + " is not a JDBC URL: use jdbc:postgresql://host:5432/db or jdbc:h2:file:/path.");
        }
        if (schema != null && !schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            problems.add("JdbcSessionStore schema '" + schema + "' is not a plain SQL name: use letters, digits and '_', not starting with a digit.");
        }
        if (poolSize < 1) {
            problems.add("JdbcSessionStore poolSize must be at least 1, got " + poolSize + ".");
        }
        if (purgeInterval.isNegative()) {
            problems.add("JdbcSessionStore purgeInterval must be positive (or ZERO for none), got " + purgeInterval + ".");
        }
        if (!problems.isEmpty()) {
            throw new ImproperlyConfiguredException(problems);
        }
        Optional<String> inSchema = Optional.ofNullable(schema);
        Database database;
        if (dataSource != null) {
            database = Database.on(dataSource, inSchema);
        } else {
            database = Database.open(url != null ? url : h2Url(file), user, password, poolSize, inSchema);
        }
        return new JdbcSessionStore(database, clock, purgeInterval);
    }

    private static String h2Url(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw new JdbcStoreException("Cannot create the directory for the session database '" + absolute.getParent() + "': "
                    + e.getMessage() + ". Choose a writable directory.", e);
        }
        // our close() closes it, not H2's own shutdown hook, which would pull it from under requests still draining
        return "jdbc:h2:file:" + absolute + ";DB_CLOSE_ON_EXIT=FALSE";
    }
}
