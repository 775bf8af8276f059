-- One schema for SQLite and PostgreSQL: only types and statements both accept.
-- Times are milliseconds since the Unix epoch (BIGINT) so neither backend's date types leak in.

-- One row per question answered (or not) by a transport. No user id, message id or raw text.
CREATE TABLE questions (
    answer_id  TEXT PRIMARY KEY,
    at_ms      BIGINT NOT NULL,
    transport  TEXT NOT NULL,
    guild_id   BIGINT,
    question   TEXT NOT NULL,
    answered   BOOLEAN NOT NULL,
    verdict    TEXT,
    topic      TEXT,
    margin     REAL,
    generation BIGINT NOT NULL,
    -- The words the engine could not place, space-separated in the order given.
    unplaced   TEXT NOT NULL,
    -- What /gaps groups unanswered questions by: the sorted unplaced words, else the question.
    gap_key    TEXT NOT NULL
);
CREATE INDEX questions_at ON questions (at_ms);
CREATE INDEX questions_gap ON questions (answered, gap_key);

-- One vote per voter per answer; the voter is a keyed hash of the user id.
CREATE TABLE feedback (
    answer_id TEXT NOT NULL REFERENCES questions (answer_id) ON DELETE CASCADE,
    voter     TEXT NOT NULL,
    vote      TEXT NOT NULL,
    at_ms     BIGINT NOT NULL,
    PRIMARY KEY (answer_id, voter)
);
CREATE INDEX feedback_at ON feedback (at_ms);

-- Last ask per user for the cooldown shared by replicas.
CREATE TABLE cooldowns (
    user_key TEXT PRIMARY KEY,
    last_ms  BIGINT NOT NULL
);

-- Store-wide settings that replicas must agree on (the voter hash key).
CREATE TABLE meta (
    k TEXT PRIMARY KEY,
    v TEXT NOT NULL
);
