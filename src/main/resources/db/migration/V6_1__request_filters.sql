-- Indexes for the requests list: each filter it offers seeks its own index, led by the filter
-- column and then time, so the newest page of any one filter is read in order without touching
-- the other events, and inserts stay close to append order. Model, provider, client key and
-- credential (auth_index) have theirs since V1; failures their partial index.

-- The model filter matches the upstream model or the alias the client asked for.
CREATE INDEX usage_event_alias_time ON usage_event (alias, ts_ns);
CREATE INDEX usage_event_endpoint_time ON usage_event (endpoint, ts_ns);
CREATE INDEX usage_event_status_time ON usage_event (status_code, ts_ns);
CREATE INDEX usage_event_effort_time ON usage_event (reasoning_effort, ts_ns);
CREATE INDEX usage_event_tier_time ON usage_event (service_tier, ts_ns);

-- The attempts of one client request (failovers) share its request id. Events without one are
-- left out, so the index holds only what a lookup can find.
CREATE INDEX usage_event_request ON usage_event (request_id) WHERE request_id <> '';
