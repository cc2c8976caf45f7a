-- Sessions: the JSON of the session's data and when it expires (epoch milliseconds, from the store's clock).
CREATE TABLE channels4j_session (
    id         VARCHAR(128) PRIMARY KEY,
    data       TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
-- the purge deletes by expiry
CREATE INDEX channels4j_session_expires_at ON channels4j_session (expires_at);
