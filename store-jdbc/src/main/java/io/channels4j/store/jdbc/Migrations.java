package io.channels4j.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The store's schema, created and upgraded by Flyway from {@code db/migration/channels4j/<vendor>}, with its
 * own history table, so it never mixes with an application's own Flyway migrations in the same database.
 */
final class Migrations {
    /** Where the store's migrations live on the classpath, one folder per database: {@code h2}, {@code postgresql}. */
    static final String LOCATION = "classpath:db/migration/channels4j/";
    /** The store's own migration history, apart from an application's {@code flyway_schema_history}. */
    static final String HISTORY_TABLE = "channels4j_schema_history";

    private Migrations() {
    }

    /** The folder of migrations for the database behind {@code dataSource}. */
    static String vendor(DataSource dataSource) {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new JdbcStoreException("Cannot connect to the session database: " + e.getMessage()
                    + ". Check the URL, the user and password, and that the database is running.", e);
        }
        return switch (product) {
            case "H2" -> "h2";
            case "PostgreSQL" -> "postgresql";
            default -> throw new JdbcStoreException("The session store supports H2 and PostgreSQL, not " + product
                    + ": use jdbc:h2:file:... or jdbc:postgresql://...", null);
        };
    }

    /** Brings the schema up to date; returns how many migrations ran (0 when it already was). */
    static int run(DataSource dataSource, Optional<String> schema) {
        var config = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION + vendor(dataSource))
                .table(HISTORY_TABLE)
                // a database that already holds the application's tables has no history of ours yet:
                // start it at version 0 so that every migration of ours still runs
                .baselineOnMigrate(true)
                .baselineVersion("0");
        schema.ifPresent(config::schemas);
        try {
            MigrateResult result = config.load().migrate();
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new JdbcStoreException("Cannot create or upgrade the session tables (the database user needs the right to create"
                    + " tables" + schema.map(s -> " in schema '" + s + "'").orElse("") + "): " + Database.rootMessage(e), e);
        }
    }
}
