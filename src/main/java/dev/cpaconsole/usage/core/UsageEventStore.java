package dev.cpaconsole.usage.core;

import static dev.cpaconsole.store.schema.Tables.CLIENT_KEY;
import static dev.cpaconsole.store.schema.Tables.QUARANTINE;
import static dev.cpaconsole.store.schema.Tables.USAGE_CREDENTIAL;
import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;
import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT_RAW;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.store.Database;

/**
 * Writes received usage items: each is read, then stored as an event (normalised columns, the
 * redacted record and its client key) or kept in quarantine. One call is one transaction, and
 * every table is written with one batched statement, so thousands of items cost a handful of
 * round trips. Reading happens before the write lock is taken.
 */
public final class UsageEventStore {
    private static final Logger LOG = LoggerFactory.getLogger(UsageEventStore.class);
    /** Bound parameters per statement stay well below SQLite's limit of 32 766. */
    private static final int KEY_LOOKUP_CHUNK = 500;

    private final Database database;

    public UsageEventStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Reads and stores {@code items} in one transaction. Events already stored (same instant and
     * record hash) count as duplicates; unusable items go to quarantine; control messages are
     * only counted. A bad item never stops the others.
     *
     * @throws dev.cpaconsole.store.StoreException if the database cannot be written; nothing of
     *     this call is then stored
     */
    public WriteResult write(List<ReceivedItem> items) {
        if (items.isEmpty()) {
            return WriteResult.NONE;
        }
        List<Received<UsageEvent>> events = new ArrayList<>();
        List<Received<ReadOutcome.Rejected>> rejected = new ArrayList<>();
        int control = 0;
        for (ReceivedItem item : items) {
            switch (UsageRecordReader.read(item.text())) {
                case ReadOutcome.Accepted accepted -> events.add(new Received<>(item, accepted.event()));
                case ReadOutcome.Rejected reject -> rejected.add(new Received<>(item, reject));
                case ReadOutcome.Control ignored -> control++;
            }
        }
        int controlMessages = control;
        WriteResult result;
        try {
            result = database.write(dsl -> {
                int added = insertEvents(dsl, events);
                insertQuarantine(dsl, rejected);
                return new WriteResult(added, events.size() - added, rejected.size(), controlMessages);
            });
        } catch (RuntimeException batchFailure) {
            if (events.size() < 2) {
                throw batchFailure;
            }
            LOG.warn("A batch of {} usage items could not be stored; storing them one by one", items.size(),
                    batchFailure);
            result = writeOneByOne(events, rejected, controlMessages);
        }
        LOG.debug("Stored usage items: {} added, {} duplicate, {} quarantined, {} control",
                result.added(), result.duplicates(), result.quarantined(), result.control());
        return result;
    }

    /**
     * Stores each event in its own transaction, so one the database refuses (a constraint a
     * reader bug let through, say) cannot hold back the others. Events refused on their own while
     * others were stored are kept in quarantine with the database's reason. When every event is
     * refused, the database itself is failing: the first error is thrown and nothing is lost,
     * since the caller still holds the items.
     */
    private WriteResult writeOneByOne(List<Received<UsageEvent>> events, List<Received<ReadOutcome.Rejected>> rejected,
            int control) {
        int added = 0;
        int duplicates = 0;
        List<Received<ReadOutcome.Rejected>> refused = new ArrayList<>();
        RuntimeException firstFailure = null;
        for (Received<UsageEvent> received : events) {
            try {
                int stored = database.write(dsl -> insertEvents(dsl, List.of(received)));
                added += stored;
                duplicates += 1 - stored;
            } catch (RuntimeException e) {
                firstFailure = firstFailure == null ? e : firstFailure;
                String reason = "the database refused the event: " + rootMessage(e);
                refused.add(new Received<>(received.item(),
                        new ReadOutcome.Rejected(reason, received.outcome().storedRecord())));
            }
        }
        if (refused.size() == events.size()) {
            throw firstFailure;
        }
        List<Received<ReadOutcome.Rejected>> quarantined = new ArrayList<>(rejected);
        quarantined.addAll(refused);
        database.write(dsl -> {
            insertQuarantine(dsl, quarantined);
            return null;
        });
        return new WriteResult(added, duplicates, quarantined.size(), control);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static int insertEvents(DSLContext dsl, List<Received<UsageEvent>> events) {
        if (events.isEmpty()) {
            return 0;
        }
        long lastBefore = Rollups.lastEventId(dsl);
        Map<String, Integer> keyIds = upsertClientKeys(dsl, events);
        Map<List<String>, Integer> credentialIds = upsertCredentials(dsl, events);
        Param<Long> tsNs = DSL.param("ts_ns", Long.class);
        Param<byte[]> recordHash = DSL.param("record_hash", byte[].class);
        BatchBindStep insert = dsl.batch(dsl.insertInto(USAGE_EVENT,
                        USAGE_EVENT.TS_NS, USAGE_EVENT.RECORD_HASH, USAGE_EVENT.RECEIVED_NS, USAGE_EVENT.ORIGIN,
                        USAGE_EVENT.REQUEST_ID, USAGE_EVENT.PROVIDER, USAGE_EVENT.MODEL, USAGE_EVENT.ALIAS,
                        USAGE_EVENT.ENDPOINT, USAGE_EVENT.AUTH_TYPE, USAGE_EVENT.AUTH_INDEX, USAGE_EVENT.SOURCE,
                        USAGE_EVENT.CLIENT_KEY_ID, USAGE_EVENT.FAILED, USAGE_EVENT.STATUS_CODE, USAGE_EVENT.LATENCY_MS,
                        USAGE_EVENT.TTFT_MS, USAGE_EVENT.UNCACHED_INPUT_TOKENS, USAGE_EVENT.CACHE_READ_TOKENS,
                        USAGE_EVENT.CACHE_WRITE_TOKENS, USAGE_EVENT.OUTPUT_TOKENS, USAGE_EVENT.REASONING_TOKENS,
                        USAGE_EVENT.UNCLASSIFIED_TOKENS, USAGE_EVENT.TOTAL_TOKENS, USAGE_EVENT.ACCOUNTING,
                        USAGE_EVENT.INCONSISTENT, USAGE_EVENT.REASONING_EFFORT, USAGE_EVENT.SERVICE_TIER,
                        USAGE_EVENT.CLIENT_IP, USAGE_EVENT.USER_AGENT, USAGE_EVENT.CREDENTIAL_ID,
                        USAGE_EVENT.LATENCY_CLASS)
                .values(tsNs, recordHash, DSL.param("received_ns", Long.class), DSL.param("origin", String.class),
                        DSL.param("request_id", String.class), DSL.param("provider", String.class),
                        DSL.param("model", String.class), DSL.param("alias", String.class),
                        DSL.param("endpoint", String.class), DSL.param("auth_type", String.class),
                        DSL.param("auth_index", String.class), DSL.param("source", String.class),
                        DSL.param("client_key_id", Integer.class), DSL.param("failed", Integer.class),
                        DSL.param("status_code", Integer.class), DSL.param("latency_ms", Long.class),
                        DSL.param("ttft_ms", Integer.class), DSL.param("uncached_input_tokens", Long.class),
                        DSL.param("cache_read_tokens", Long.class), DSL.param("cache_write_tokens", Long.class),
                        DSL.param("output_tokens", Long.class), DSL.param("reasoning_tokens", Long.class),
                        DSL.param("unclassified_tokens", Long.class), DSL.param("total_tokens", Long.class),
                        DSL.param("accounting", String.class), DSL.param("inconsistent", Integer.class),
                        DSL.param("reasoning_effort", String.class), DSL.param("service_tier", String.class),
                        DSL.param("client_ip", String.class), DSL.param("user_agent", String.class),
                        DSL.param("credential_id", Integer.class), DSL.param("latency_class", Integer.class))
                .onConflict(USAGE_EVENT.TS_NS, USAGE_EVENT.RECORD_HASH)
                .doNothing());
        for (Received<UsageEvent> received : events) {
            UsageEvent e = received.outcome();
            TokenBuckets t = e.tokens();
            insert = insert.bind(e.timestampNanos(), e.recordHash(),
                    CpaTimestamps.toEpochNanos(received.item().receivedAt()), received.item().origin().code(),
                    e.requestId(), e.provider(), e.model(), e.alias(), e.endpoint(), e.authType(), e.authIndex(),
                    e.source(), e.hasClientKey() ? keyIds.get(e.clientKeyHash()) : null, e.failed() ? 1 : 0,
                    e.statusCode(), e.latencyMs(), e.ttftMs(), t.uncachedInput(), t.cacheRead(), t.cacheWrite(),
                    t.output(), t.reasoning(), t.unclassified(), t.total(), t.accounting().code(),
                    t.inconsistent() ? 1 : 0, e.reasoningEffort(), e.serviceTier(), e.clientIp(), e.userAgent(),
                    credentialIds.get(credential(e)), LatencyClasses.of(e.latencyMs()));
        }
        int[] inserted = insert.execute();
        // The raw record joins its event by the identity just written; the lookup is a probe of
        // the time-led unique index, so this stays one batched statement instead of one query per row.
        BatchBindStep raw = dsl.batch(dsl.insertInto(USAGE_EVENT_RAW, USAGE_EVENT_RAW.EVENT_ID, USAGE_EVENT_RAW.RECORD)
                .select(DSL.select(USAGE_EVENT.ID, DSL.param("record", String.class))
                        .from(USAGE_EVENT)
                        .where(USAGE_EVENT.TS_NS.eq(tsNs))
                        .and(USAGE_EVENT.RECORD_HASH.eq(recordHash))));
        int added = 0;
        for (int i = 0; i < inserted.length; i++) {
            if (inserted[i] > 0) {
                UsageEvent e = events.get(i).outcome();
                raw = raw.bind(e.storedRecord(), e.timestampNanos(), e.recordHash());
                added++;
            }
        }
        if (added > 0) {
            raw.execute();
            Rollups.addEventsAfter(dsl, lastBefore);
        }
        return added;
    }

    /**
     * Makes sure every client key of {@code events} has a row, with the first and last time it was
     * seen widened to these events; returns the row id by key hash.
     */
    private static Map<String, Integer> upsertClientKeys(DSLContext dsl, List<Received<UsageEvent>> events) {
        Map<String, UsageEvent> firstByHash = new LinkedHashMap<>();
        Map<String, Long> lastByHash = new HashMap<>();
        for (Received<UsageEvent> received : events) {
            UsageEvent e = received.outcome();
            if (e.hasClientKey()) {
                firstByHash.merge(e.clientKeyHash(), e,
                        (a, b) -> a.timestampNanos() <= b.timestampNanos() ? a : b);
                lastByHash.merge(e.clientKeyHash(), e.timestampNanos(), Math::max);
            }
        }
        Map<String, Integer> ids = new HashMap<>();
        if (firstByHash.isEmpty()) {
            return ids;
        }
        BatchBindStep upsert = dsl.batch(dsl.insertInto(CLIENT_KEY,
                        CLIENT_KEY.KEY_HASH, CLIENT_KEY.MASKED, CLIENT_KEY.FIRST_SEEN_NS, CLIENT_KEY.LAST_SEEN_NS)
                .values(DSL.param("key_hash", String.class), DSL.param("masked", String.class),
                        DSL.param("first_seen_ns", Long.class), DSL.param("last_seen_ns", Long.class))
                .onConflict(CLIENT_KEY.KEY_HASH)
                .doUpdate()
                .set(CLIENT_KEY.FIRST_SEEN_NS,
                        DSL.least(CLIENT_KEY.FIRST_SEEN_NS, DSL.excluded(CLIENT_KEY.FIRST_SEEN_NS)))
                .set(CLIENT_KEY.LAST_SEEN_NS, DSL.greatest(DSL.coalesce(CLIENT_KEY.LAST_SEEN_NS, Long.MIN_VALUE),
                        DSL.excluded(CLIENT_KEY.LAST_SEEN_NS))));
        for (UsageEvent e : firstByHash.values()) {
            upsert = upsert.bind(e.clientKeyHash(), e.clientKeyMasked(), e.timestampNanos(),
                    lastByHash.get(e.clientKeyHash()));
        }
        upsert.execute();
        List<String> hashes = new ArrayList<>(firstByHash.keySet());
        for (int from = 0; from < hashes.size(); from += KEY_LOOKUP_CHUNK) {
            List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + KEY_LOOKUP_CHUNK));
            dsl.select(CLIENT_KEY.KEY_HASH, CLIENT_KEY.ID)
                    .from(CLIENT_KEY)
                    .where(CLIENT_KEY.KEY_HASH.in(chunk))
                    .forEach(r -> ids.put(r.value1(), r.value2()));
        }
        return ids;
    }

    private static List<String> credential(UsageEvent e) {
        return List.of(e.authIndex(), e.source(), e.authType());
    }

    /** Makes sure every credential of {@code events} has a row; returns the row id by credential. */
    private static Map<List<String>, Integer> upsertCredentials(DSLContext dsl, List<Received<UsageEvent>> events) {
        Map<List<String>, Integer> ids = new HashMap<>();
        for (Received<UsageEvent> received : events) {
            ids.put(credential(received.outcome()), null);
        }
        BatchBindStep insert = dsl.batch(dsl.insertInto(USAGE_CREDENTIAL,
                        USAGE_CREDENTIAL.AUTH_INDEX, USAGE_CREDENTIAL.SOURCE, USAGE_CREDENTIAL.AUTH_TYPE)
                .values(DSL.param("auth_index", String.class), DSL.param("source", String.class),
                        DSL.param("auth_type", String.class))
                .onConflictDoNothing());
        for (List<String> credential : ids.keySet()) {
            insert = insert.bind(credential.get(0), credential.get(1), credential.get(2));
        }
        insert.execute();
        for (List<String> credential : List.copyOf(ids.keySet())) {
            ids.put(credential, dsl.select(USAGE_CREDENTIAL.ID).from(USAGE_CREDENTIAL)
                    .where(USAGE_CREDENTIAL.AUTH_INDEX.eq(credential.get(0)))
                    .and(USAGE_CREDENTIAL.SOURCE.eq(credential.get(1)))
                    .and(USAGE_CREDENTIAL.AUTH_TYPE.eq(credential.get(2)))
                    .fetchOne(USAGE_CREDENTIAL.ID));
        }
        return ids;
    }

    private static void insertQuarantine(DSLContext dsl, List<Received<ReadOutcome.Rejected>> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        BatchBindStep insert = dsl.batch(dsl.insertInto(QUARANTINE,
                        QUARANTINE.FETCHED_NS, QUARANTINE.ORIGIN, QUARANTINE.REASON, QUARANTINE.PAYLOAD)
                .values(DSL.param("fetched_ns", Long.class), DSL.param("origin", String.class),
                        DSL.param("reason", String.class), DSL.param("payload", String.class)));
        for (Received<ReadOutcome.Rejected> received : rejected) {
            insert = insert.bind(CpaTimestamps.toEpochNanos(received.item().receivedAt()),
                    received.item().origin().code(), received.outcome().reason(), received.outcome().payload());
        }
        insert.execute();
    }

    private record Received<T>(ReceivedItem item, T outcome) {
    }
}
