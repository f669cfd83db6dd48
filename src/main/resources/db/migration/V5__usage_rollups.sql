-- Usage roll-ups: sums of usage events per quarter hour, hour and UTC day, kept for every event
-- ever stored, so that dashboards and statistics over long ranges never read the events
-- themselves, and so that the history outlives the events once they are pruned.
--
-- Every offset in use is a multiple of 15 minutes, so any local day, week or month is a union of
-- whole quarter hours; hours and days only shorten the list of rows a long range reads.
-- A row is also cut by everything a price depends on (provider, model, alias, the instant's UTC
-- day through its bucket, and which long-context thresholds its requests' input exceeds), so that
-- costs computed from roll-ups equal costs computed event by event.

-- Credentials as the events name them; a roll-up refers to one by id.
CREATE TABLE usage_credential (
    id         INTEGER PRIMARY KEY,
    auth_index TEXT    NOT NULL,
    source     TEXT    NOT NULL,
    auth_type  TEXT    NOT NULL,
    UNIQUE (auth_index, source, auth_type)
);

INSERT INTO usage_credential (auth_index, source, auth_type)
SELECT DISTINCT auth_index, source, auth_type FROM usage_event;

ALTER TABLE usage_event ADD COLUMN credential_id INTEGER REFERENCES usage_credential (id);

UPDATE usage_event SET credential_id = (
    SELECT c.id FROM usage_credential c
    WHERE c.auth_index = usage_event.auth_index
      AND c.source = usage_event.source
      AND c.auth_type = usage_event.auth_type);

-- The latency histogram class of an event, 0 to 31: class 0 is below 100 ms, class k below
-- round(100 ms * 2^(0.4 k)), class 31 from 409.6 s on (see LatencyClasses).
ALTER TABLE usage_event ADD COLUMN latency_class INTEGER NOT NULL DEFAULT 0;

UPDATE usage_event SET latency_class = CASE
        WHEN latency_ms < 100 THEN 0
        WHEN latency_ms < 132 THEN 1
        WHEN latency_ms < 174 THEN 2
        WHEN latency_ms < 230 THEN 3
        WHEN latency_ms < 303 THEN 4
        WHEN latency_ms < 400 THEN 5
        WHEN latency_ms < 528 THEN 6
        WHEN latency_ms < 696 THEN 7
        WHEN latency_ms < 919 THEN 8
        WHEN latency_ms < 1213 THEN 9
        WHEN latency_ms < 1600 THEN 10
        WHEN latency_ms < 2111 THEN 11
        WHEN latency_ms < 2786 THEN 12
        WHEN latency_ms < 3676 THEN 13
        WHEN latency_ms < 4850 THEN 14
        WHEN latency_ms < 6400 THEN 15
        WHEN latency_ms < 8445 THEN 16
        WHEN latency_ms < 11143 THEN 17
        WHEN latency_ms < 14703 THEN 18
        WHEN latency_ms < 19401 THEN 19
        WHEN latency_ms < 25600 THEN 20
        WHEN latency_ms < 33779 THEN 21
        WHEN latency_ms < 44572 THEN 22
        WHEN latency_ms < 58813 THEN 23
        WHEN latency_ms < 77605 THEN 24
        WHEN latency_ms < 102400 THEN 25
        WHEN latency_ms < 135118 THEN 26
        WHEN latency_ms < 178289 THEN 27
        WHEN latency_ms < 235253 THEN 28
        WHEN latency_ms < 310419 THEN 29
        WHEN latency_ms < 409600 THEN 30
        ELSE 31 END;

-- Values seen in events, for filter choices: provider, model, alias, endpoint, reasoning_effort,
-- service_tier and status_code. Filled as events are stored; never read from the events.
CREATE TABLE usage_dimension (
    kind  TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, value)
) WITHOUT ROWID;

INSERT INTO usage_dimension (kind, value) SELECT DISTINCT 'provider', provider FROM usage_event;
INSERT INTO usage_dimension (kind, value) SELECT DISTINCT 'model', model FROM usage_event;
INSERT INTO usage_dimension (kind, value) SELECT DISTINCT 'alias', alias FROM usage_event;
INSERT INTO usage_dimension (kind, value) SELECT DISTINCT 'endpoint', endpoint FROM usage_event;
INSERT INTO usage_dimension (kind, value) SELECT DISTINCT 'reasoning_effort', reasoning_effort FROM usage_event;
INSERT INTO usage_dimension (kind, value) SELECT DISTINCT 'service_tier', service_tier FROM usage_event;
INSERT INTO usage_dimension (kind, value)
SELECT DISTINCT 'status_code', CAST(status_code AS TEXT) FROM usage_event WHERE status_code IS NOT NULL;

-- Input sizes at which some price changes (long-context tiers). A roll-up row keeps the largest
-- of them that its requests' input exceeds, so a tier at any of these thresholds is priced
-- exactly. exact_from_ns: roll-ups of buckets from this instant on know the threshold; older
-- ones were built before it was added, when their events were already pruned.
CREATE TABLE rollup_threshold (
    tokens        BIGINT PRIMARY KEY,
    exact_from_ns BIGINT NOT NULL
);

INSERT INTO rollup_threshold (tokens, exact_from_ns)
VALUES (32000, -9223372036854775808), (64000, -9223372036854775808), (128000, -9223372036854775808),
       (200000, -9223372036854775808), (256000, -9223372036854775808), (272000, -9223372036854775808),
       (400000, -9223372036854775808), (1000000, -9223372036854775808);

INSERT OR IGNORE INTO rollup_threshold (tokens, exact_from_ns)
SELECT DISTINCT tier_threshold, -9223372036854775808 FROM price_rule WHERE tier_threshold IS NOT NULL;

-- grain: 0 quarter hour, 1 hour, 2 UTC day; bucket_ns: its first instant.
-- dim: 0 every event (dim_key 0), 1 per client key (dim_key = client_key.id, 0 for none),
-- 2 per credential (dim_key = usage_credential.id).
-- input_floor: the largest rollup_threshold below the requests' input, 0 below the smallest.
-- status_code: CPA's status, 0 when it sent none.
-- ttft_count, ttft_ms_sum: requests with a time to first token and its sum; gen_tokens_sum and
-- gen_ms_sum: output and reasoning tokens and the time after the first token, of the requests
-- whose latency exceeds their time to first token.
-- lat_00 .. lat_31: requests per latency class.
CREATE TABLE usage_rollup (
    grain                 INTEGER NOT NULL,
    dim                   INTEGER NOT NULL,
    bucket_ns             BIGINT  NOT NULL,
    dim_key               INTEGER NOT NULL,
    provider              TEXT    NOT NULL,
    model                 TEXT    NOT NULL,
    alias                 TEXT    NOT NULL,
    input_floor           BIGINT  NOT NULL,
    status_code           INTEGER NOT NULL,
    requests              BIGINT  NOT NULL,
    failed                BIGINT  NOT NULL,
    uncached_input_tokens BIGINT  NOT NULL,
    cache_read_tokens     BIGINT  NOT NULL,
    cache_write_tokens    BIGINT  NOT NULL,
    output_tokens         BIGINT  NOT NULL,
    reasoning_tokens      BIGINT  NOT NULL,
    unclassified_tokens   BIGINT  NOT NULL,
    total_tokens          BIGINT  NOT NULL,
    latency_ms_sum        BIGINT  NOT NULL,
    ttft_count            BIGINT  NOT NULL,
    ttft_ms_sum           BIGINT  NOT NULL,
    gen_tokens_sum        BIGINT  NOT NULL,
    gen_ms_sum            BIGINT  NOT NULL,
    first_ns              BIGINT  NOT NULL,
    last_ns               BIGINT  NOT NULL,
    lat_00                 BIGINT  NOT NULL,
    lat_01                 BIGINT  NOT NULL,
    lat_02                 BIGINT  NOT NULL,
    lat_03                 BIGINT  NOT NULL,
    lat_04                 BIGINT  NOT NULL,
    lat_05                 BIGINT  NOT NULL,
    lat_06                 BIGINT  NOT NULL,
    lat_07                 BIGINT  NOT NULL,
    lat_08                 BIGINT  NOT NULL,
    lat_09                 BIGINT  NOT NULL,
    lat_10                 BIGINT  NOT NULL,
    lat_11                 BIGINT  NOT NULL,
    lat_12                 BIGINT  NOT NULL,
    lat_13                 BIGINT  NOT NULL,
    lat_14                 BIGINT  NOT NULL,
    lat_15                 BIGINT  NOT NULL,
    lat_16                 BIGINT  NOT NULL,
    lat_17                 BIGINT  NOT NULL,
    lat_18                 BIGINT  NOT NULL,
    lat_19                 BIGINT  NOT NULL,
    lat_20                 BIGINT  NOT NULL,
    lat_21                 BIGINT  NOT NULL,
    lat_22                 BIGINT  NOT NULL,
    lat_23                 BIGINT  NOT NULL,
    lat_24                 BIGINT  NOT NULL,
    lat_25                 BIGINT  NOT NULL,
    lat_26                 BIGINT  NOT NULL,
    lat_27                 BIGINT  NOT NULL,
    lat_28                 BIGINT  NOT NULL,
    lat_29                 BIGINT  NOT NULL,
    lat_30                 BIGINT  NOT NULL,
    lat_31                 BIGINT  NOT NULL,
    PRIMARY KEY (grain, dim, bucket_ns, dim_key, provider, model, alias, input_floor, status_code)
) WITHOUT ROWID;

-- One key's or one credential's rows over a range, without reading every key's.
CREATE INDEX usage_rollup_member ON usage_rollup (dim, dim_key, grain, bucket_ns) WHERE dim > 0;

