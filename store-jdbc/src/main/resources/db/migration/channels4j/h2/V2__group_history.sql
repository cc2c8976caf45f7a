-- Group histories: per group its epoch and last offset, and its kept messages (JSON), trimmed on every append.
CREATE TABLE channels4j_history_stream (
    group_name VARCHAR(128) PRIMARY KEY,
    epoch      VARCHAR(32) NOT NULL,
    top_offset BIGINT NOT NULL
);
CREATE TABLE channels4j_history_message (
    group_name VARCHAR(128) NOT NULL,
    epoch      VARCHAR(32) NOT NULL,
    msg_offset BIGINT NOT NULL,
    sent_at    BIGINT NOT NULL,
    body       CHARACTER VARYING NOT NULL,
    PRIMARY KEY (group_name, epoch, msg_offset)
);
