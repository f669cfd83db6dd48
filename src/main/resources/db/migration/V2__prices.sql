-- Price table. Prices are USD per 1 000 000 tokens (the request fee USD per request), kept as
-- decimal text so that 0.075 stays 0.075: costs are summed exactly and every view agrees to the
-- last digit. NULL means "not set", which differs from 0 ("free"); see docs/pricing.md.

CREATE TABLE price_rule (
    id               INTEGER PRIMARY KEY,
    model            TEXT    NOT NULL,
    provider         TEXT    NOT NULL,
    input            TEXT    NOT NULL,
    output           TEXT    NOT NULL,
    cache_read       TEXT,
    cache_write      TEXT,
    reasoning        TEXT,
    request_fee      TEXT,
    tier_threshold   BIGINT,
    tier_input       TEXT,
    tier_output      TEXT,
    tier_cache_read  TEXT,
    tier_cache_write TEXT,
    tier_reasoning   TEXT,
    effective_from   TEXT    NOT NULL,
    source           TEXT    NOT NULL,
    reference        TEXT    NOT NULL,
    read_on          TEXT,
    note             TEXT    NOT NULL,
    updated_ns       BIGINT  NOT NULL
);

-- One price per model (or pattern), provider and start date; ids compare without case.
CREATE UNIQUE INDEX price_rule_key ON price_rule (model COLLATE NOCASE, provider COLLATE NOCASE, effective_from);
