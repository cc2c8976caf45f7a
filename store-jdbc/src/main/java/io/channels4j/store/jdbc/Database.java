package io.channels4j.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A store's database: the data source (a pool it opened from a URL, or the user's, which it never closes),
 * the schema its tables live in, and migrations run once at opening.
 */
final class Database implements AutoCloseable {
    private final DataSource dataSource;
    private final HikariDataSource ownPool; // null when the data source is the user's
    private final Optional<String> schema;

    private Database(DataSource dataSource, HikariDataSource ownPool, Optional<String> schema) {
        this.dataSource = dataSource;
        this.ownPool = ownPool;
        this.schema = schema;
    }

    /** Opens a pool on {@code url} and migrates; the pool is closed with this database. */
    static Database open(String url, String user, String password, int poolSize, Optional<String> schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("channels4j-store");
        // a request waiting on a database that is down gets an error (503) soon, as with the Redis store
        config.setConnectionTimeout(5_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new JdbcStoreException("Cannot connect to the session database " + Urls.redact(url) + ": " + rootMessage(e)
                    + ". Check the URL, the user and password, and that the database is running.", e);
        }
        try {
            Migrations.run(pool, schema);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, pool, schema);
    }

    /** Uses the caller's data source and migrates; the data source stays open when this database closes. */
    static Database on(DataSource dataSource, Optional<String> schema) {
        Migrations.run(dataSource, schema);
        return new Database(dataSource, null, schema);
    }

    DataSource dataSource() {
        return dataSource;
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** {@code table}, qualified by the schema when one is configured. */
    String table(String table) {
        return schema.map(s -> s + "." + table).orElse(table);
    }

    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.close();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
