-- The last model inventory (see docs/models.md): which models CPA offers, the accounts serving
-- each, and their usage over the seven days before the refresh. Each refresh replaces all of it,
-- so the Models screen can show it at start-up, with its refresh time, before CPA answers again.
-- Instants are UTC epoch nanoseconds and counts are declared BIGINT so they map to long.

-- One row: when the inventory was built and how each of its two sources answered.
CREATE TABLE model_inventory_refresh (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    refreshed_ns       BIGINT  NOT NULL,
    usage_since_ns     BIGINT  NOT NULL,
    proxy_list_state   TEXT    NOT NULL,
    proxy_list_message TEXT    NOT NULL,
    auth_files_state   TEXT    NOT NULL,
    auth_files_message TEXT    NOT NULL
);

-- One row per model id found in GET /v1/models or in any auth file's model list. providers holds
-- the provider ids of the serving accounts and of the week's usage, comma-separated and sorted.
CREATE TABLE model_inventory_model (
    model_id      TEXT    PRIMARY KEY,
    owned_by      TEXT    NOT NULL,
    display_name  TEXT    NOT NULL,
    in_proxy_list INTEGER NOT NULL,
    providers     TEXT    NOT NULL,
    requests_7d   BIGINT  NOT NULL,
    tokens_7d     BIGINT  NOT NULL
) WITHOUT ROWID;

-- The auth files that listed a model, by file name (an auth file's primary key) with the
-- auth_index that usage events carry.
CREATE TABLE model_inventory_account (
    model_id   TEXT NOT NULL REFERENCES model_inventory_model (model_id) ON DELETE CASCADE,
    file_name  TEXT NOT NULL,
    account    TEXT NOT NULL,
    auth_index TEXT NOT NULL,
    provider   TEXT NOT NULL,
    PRIMARY KEY (model_id, file_name)
) WITHOUT ROWID;
