-- One key's or one credential's roll-up rows are found by seeking the primary key once per
-- bucket (grain, dim, bucket_ns, dim_key), not through an index ordered by key: that index took
-- a write to a different page for nearly every event, so each batch rewrote most of it.
DROP INDEX usage_rollup_member;
