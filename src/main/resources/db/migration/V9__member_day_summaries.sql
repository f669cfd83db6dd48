-- Per UTC day, the usage and cost of each client key (dim 1) and each credential (dim 2) as the
-- dashboard's global rankings show them, so that a ranking over a month reads a row per key and
-- day rather than the key's roll-ups cut by model, alias, input size and status. A day is summed
-- when a dashboard first needs it, under one price book and fee policy (usage_member_day_state.
-- prices, their fingerprint), and forgotten when events of that day are stored or the roll-ups
-- are rebuilt; other prices sum it again.
CREATE TABLE usage_member_day (
    dim               INTEGER NOT NULL,
    day_ns            BIGINT  NOT NULL,
    dim_key           INTEGER NOT NULL,
    requests          BIGINT  NOT NULL,
    failed            BIGINT  NOT NULL,
    total_tokens      BIGINT  NOT NULL,
    cost              TEXT    NOT NULL,
    priced_requests   BIGINT  NOT NULL,
    unpriced_requests BIGINT  NOT NULL,
    unpriced_tokens   BIGINT  NOT NULL,
    flags             TEXT    NOT NULL,
    PRIMARY KEY (dim, day_ns, dim_key)
) WITHOUT ROWID;

-- The days usage_member_day holds per dimension, with the fingerprint of the prices they were
-- summed under.
CREATE TABLE usage_member_day_state (
    dim    INTEGER NOT NULL,
    day_ns BIGINT  NOT NULL,
    prices TEXT    NOT NULL,
    PRIMARY KEY (dim, day_ns)
) WITHOUT ROWID;
