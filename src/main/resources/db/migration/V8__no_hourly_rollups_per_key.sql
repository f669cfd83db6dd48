-- Per client key, roll-ups keep quarter hours and UTC days but no hours (see Rollups.kept): with
-- many keys a key's hour rarely holds more than one of its quarter hours' rows, so hour rows cost
-- a row per event and saved no reading.
DELETE FROM usage_rollup WHERE grain = 1 AND dim = 1;
