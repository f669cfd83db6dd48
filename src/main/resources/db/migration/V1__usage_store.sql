-- Usage history. Instants are UTC epoch nanoseconds; token counts are non-overlapping buckets
-- (see docs/token-accounting.md). Events are append-mostly and read by time range, so every
-- index on usage_event is led by time or by a low-cardinality column followed by time.
-- Instants, durations and token counts are declared BIGINT: SQLite stores them exactly like
-- INTEGER, but the generated Java types become long, which nanosecond instants need.

CREATE TABLE client_key (
    id            INTEGER PRIMARY KEY,
    key_hash      TEXT    NOT NULL UNIQUE,
    masked        TEXT    NOT NULL,
    first_seen_ns BIGINT  NOT NULL
);

CREATE TABLE usage_event (
    id                    INTEGER PRIMARY KEY,
    ts_ns                 BIGINT  NOT NULL,
    record_hash           BLOB    NOT NULL,
    received_ns           BIGINT  NOT NULL,
    origin                TEXT    NOT NULL,
    request_id            TEXT    NOT NULL,
    provider              TEXT    NOT NULL,
    model                 TEXT    NOT NULL,
    alias                 TEXT    NOT NULL,
    endpoint              TEXT    NOT NULL,
    auth_type             TEXT    NOT NULL,
    auth_index            TEXT    NOT NULL,
    source                TEXT    NOT NULL,
    client_key_id         INTEGER REFERENCES client_key (id),
    failed                INTEGER NOT NULL,
    status_code           INTEGER,
    latency_ms            BIGINT  NOT NULL,
    ttft_ms               INTEGER,
    uncached_input_tokens BIGINT  NOT NULL,
    cache_read_tokens     BIGINT  NOT NULL,
    cache_write_tokens    BIGINT  NOT NULL,
    output_tokens         BIGINT  NOT NULL,
    reasoning_tokens      BIGINT  NOT NULL,
    unclassified_tokens   BIGINT  NOT NULL,
    total_tokens          BIGINT  NOT NULL,
    accounting            TEXT    NOT NULL,
    inconsistent          INTEGER NOT NULL,
    reasoning_effort      TEXT    NOT NULL,
    service_tier          TEXT    NOT NULL,
    client_ip             TEXT    NOT NULL,
    user_agent            TEXT    NOT NULL
);

-- Identity of an event: the same record always has the same instant, so leading with time keeps
-- the unique index append-ordered while it deduplicates re-imports and retried writes.
CREATE UNIQUE INDEX usage_event_identity ON usage_event (ts_ns, record_hash);
CREATE INDEX usage_event_model_time ON usage_event (model, ts_ns);
CREATE INDEX usage_event_provider_time ON usage_event (provider, ts_ns);
CREATE INDEX usage_event_client_key_time ON usage_event (client_key_id, ts_ns);
CREATE INDEX usage_event_auth_time ON usage_event (auth_index, ts_ns);
CREATE INDEX usage_event_failed_time ON usage_event (ts_ns) WHERE failed = 1;

-- The record as CPA sent it, with the client key replaced by its hash. Kept apart from
-- usage_event so scans over the normalised columns stay narrow.
CREATE TABLE usage_event_raw (
    event_id INTEGER PRIMARY KEY REFERENCES usage_event (id),
    record   TEXT    NOT NULL
);

-- Items that could not be read as usage records. Nothing received is dropped: the payload is
-- kept as it arrived, except that a client key found in it is replaced by its hash.
CREATE TABLE quarantine (
    id         INTEGER PRIMARY KEY,
    fetched_ns BIGINT  NOT NULL,
    origin     TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    payload    TEXT    NOT NULL
);

CREATE INDEX quarantine_time ON quarantine (fetched_ns);

-- Intervals in which usage may have been missed: the console was not running, the collector was
-- disconnected, CPA refused the key, or another consumer took part of the stream.
CREATE TABLE collection_gap (
    id       INTEGER PRIMARY KEY,
    start_ns BIGINT  NOT NULL,
    end_ns   BIGINT,
    reason   TEXT    NOT NULL,
    detail   TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX collection_gap_time ON collection_gap (start_ns);

CREATE TABLE setting (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
