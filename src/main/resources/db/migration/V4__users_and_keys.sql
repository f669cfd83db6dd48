-- Users, the client keys the console manages for them, and the audit log of admin actions.
-- Instants are UTC epoch nanoseconds; money is decimal text (USD), as in the price table.
-- Rows are never deleted: a deleted user or key keeps a tombstone (deleted_ns) so that the usage
-- history stays attributed to its owner.

CREATE TABLE console_user (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    display_name  TEXT    NOT NULL,
    contact       TEXT    NOT NULL,
    notes         TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'user')),
    -- PHC string of the LAN-page password (Argon2id); NULL: the user cannot sign in.
    password_hash TEXT,
    disabled      INTEGER NOT NULL,
    created_ns    BIGINT  NOT NULL,
    updated_ns    BIGINT  NOT NULL,
    deleted_ns    BIGINT
);

-- Names are unique among the users that are not deleted; a deleted user's name can be reused.
CREATE UNIQUE INDEX console_user_name ON console_user (name COLLATE NOCASE) WHERE deleted_ns IS NULL;

-- A client key the console manages. The raw key is kept only sealed (AES-GCM, the secret outside
-- this file), because the console must add it back to CPA after a suspension; it is dropped for
-- good when the key is revoked or deleted. Limits are optional; a period is day, week or month in
-- the console's configured time zone.
CREATE TABLE managed_key (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES console_user (id),
    name           TEXT    NOT NULL,
    description    TEXT    NOT NULL,
    key_hash       TEXT    NOT NULL UNIQUE,
    masked         TEXT    NOT NULL,
    sealed_key     BLOB,
    created_ns     BIGINT  NOT NULL,
    updated_ns     BIGINT  NOT NULL,
    expires_ns     BIGINT,
    budget_usd     TEXT,
    budget_period  TEXT    CHECK (budget_period IN ('day', 'week', 'month')),
    request_quota  BIGINT,
    token_quota    BIGINT,
    quota_period   TEXT    CHECK (quota_period IN ('day', 'week', 'month')),
    suspended      INTEGER NOT NULL,
    revoked_ns     BIGINT,
    deleted_ns     BIGINT,
    -- The status derived by the last enforcement, with its reason, and what CPA held then.
    status         TEXT    NOT NULL,
    status_detail  TEXT    NOT NULL,
    in_cpa         INTEGER NOT NULL,
    out_of_sync    TEXT    NOT NULL,
    checked_ns     BIGINT
);

CREATE INDEX managed_key_user ON managed_key (user_id);

-- Every value a managed key has had: rotation adds the new value and keeps the old one, so the
-- events of either are the key's history and count towards its spend.
CREATE TABLE managed_key_value (
    key_hash       TEXT    PRIMARY KEY,
    managed_key_id INTEGER NOT NULL REFERENCES managed_key (id),
    masked         TEXT    NOT NULL,
    since_ns       BIGINT  NOT NULL
) WITHOUT ROWID;

CREATE INDEX managed_key_value_key ON managed_key_value (managed_key_id);

-- When each client key was last seen in a usage event, kept by the collector as it stores them.
ALTER TABLE client_key ADD COLUMN last_seen_ns BIGINT;

UPDATE client_key SET last_seen_ns = (
    SELECT max(ts_ns) FROM usage_event WHERE usage_event.client_key_id = client_key.id);

-- Every admin action: who did what, the state before and after (JSON, keys masked), and what CPA
-- answered.
CREATE TABLE audit_entry (
    id          INTEGER PRIMARY KEY,
    ts_ns       BIGINT  NOT NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    before_json TEXT    NOT NULL,
    after_json  TEXT    NOT NULL,
    result      TEXT    NOT NULL,
    detail      TEXT    NOT NULL
);

CREATE INDEX audit_entry_time ON audit_entry (ts_ns);
