package dev.cpaconsole.usage.core;

import static dev.cpaconsole.store.schema.Tables.QUARANTINE;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.store.StoreException;

/**
 * Writes received usage items: each is read, then stored as an event (normalised columns, the
 * redacted record and its client key) or kept in quarantine, and rolled up. One call is one
 * transaction; rows go through prepared statements bound row by row on the writer's connection,
 * and the roll-ups of the batch are summed in memory first (see {@link BatchRollup}). Reading
 * happens before the write lock is taken.
 *
 * <p>The ids of client keys and credentials, and the filter values already in
 * {@code usage_dimension}, are remembered once a transaction that wrote or read them has
 * committed, so a batch only looks up what it has not seen before. Those rows are never deleted.
 */
public final class UsageEventStore {
    private static final Logger LOG = LoggerFactory.getLogger(UsageEventStore.class);
    /** Bound parameters per statement stay well below SQLite's limit of 32 766. */
    private static final int KEY_LOOKUP_CHUNK = 500;
    /** Batches from this size on are read in parallel. */
    private static final int PARALLEL_READ_FROM = 64;
    private static final long DAY_NANOS = Rollups.GRAIN_NANOS[Rollups.DAY];

    private static final String INSERT_EVENT = "INSERT INTO usage_event (id, ts_ns, record_hash, received_ns, "
            + "origin, request_id, provider, model, alias, endpoint, auth_type, auth_index, source, client_key_id, "
            + "failed, status_code, latency_ms, ttft_ms, uncached_input_tokens, cache_read_tokens, "
            + "cache_write_tokens, output_tokens, reasoning_tokens, unclassified_tokens, total_tokens, accounting, "
            + "inconsistent, reasoning_effort, service_tier, client_ip, user_agent, credential_id, latency_class) "
            + "VALUES (" + "?, ".repeat(32) + "?) ON CONFLICT (ts_ns, record_hash) DO NOTHING";
    private static final String INSERT_RAW = "INSERT INTO usage_event_raw (event_id, record) VALUES (?, ?)";
    private static final String UPSERT_KEY = "INSERT INTO client_key (key_hash, masked, first_seen_ns, last_seen_ns) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (key_hash) DO UPDATE SET "
            + "first_seen_ns = MIN(first_seen_ns, excluded.first_seen_ns), "
            + "last_seen_ns = MAX(COALESCE(last_seen_ns, excluded.last_seen_ns), excluded.last_seen_ns)";

    private final Database database;
    private final Map<String, Integer> knownKeyIds = new ConcurrentHashMap<>();
    private final Map<List<String>, Integer> knownCredentialIds = new ConcurrentHashMap<>();
    private final Set<List<String>> knownDimensions = ConcurrentHashMap.newKeySet();

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
        // Reading is pure and costs more than storing; a large batch is read on every core.
        List<ReadOutcome> outcomes = items.size() < PARALLEL_READ_FROM
                ? items.stream().map(item -> UsageRecordReader.read(item.text())).toList()
                : items.parallelStream().map(item -> UsageRecordReader.read(item.text())).toList();
        for (int i = 0; i < items.size(); i++) {
            ReceivedItem item = items.get(i);
            switch (outcomes.get(i)) {
                case ReadOutcome.Accepted accepted -> events.add(new Received<>(item, accepted.event()));
                case ReadOutcome.Rejected reject -> rejected.add(new Received<>(item, reject));
                case ReadOutcome.Control ignored -> control++;
            }
        }
        int controlMessages = control;
        WriteResult result;
        try {
            Learned learned = new Learned();
            result = database.write(dsl -> {
                int added = insertEvents(dsl, events, learned);
                insertQuarantine(dsl, rejected);
                return new WriteResult(added, events.size() - added, rejected.size(), controlMessages);
            });
            remember(learned);
        } catch (RuntimeException batchFailure) {
            forgetAll();
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
                Learned learned = new Learned();
                int stored = database.write(dsl -> insertEvents(dsl, List.of(received), learned));
                remember(learned);
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

    /** What a transaction looked up or wrote, to remember once it has committed. */
    private static final class Learned {
        final Map<String, Integer> keyIds = new HashMap<>();
        final Map<List<String>, Integer> credentialIds = new HashMap<>();
        final Set<List<String>> dimensions = new HashSet<>();
    }

    private void remember(Learned learned) {
        knownKeyIds.putAll(learned.keyIds);
        knownCredentialIds.putAll(learned.credentialIds);
        knownDimensions.addAll(learned.dimensions);
    }

    /** After a failed write nothing remembered is trusted any more; the next write looks it all up again. */
    private void forgetAll() {
        knownKeyIds.clear();
        knownCredentialIds.clear();
        knownDimensions.clear();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private int insertEvents(DSLContext dsl, List<Received<UsageEvent>> events, Learned learned) {
        if (events.isEmpty()) {
            return 0;
        }
        long[] thresholds = Rollups.thresholds(dsl).stream().mapToLong(Long::longValue).toArray();
        ZoneId localDayZone = Rollups.localDayZone(dsl);
        long lastId = Rollups.lastEventId(dsl);
        return dsl.connectionResult(connection -> {
            try {
                Map<String, Integer> keyIds = upsertClientKeys(connection, events, learned);
                Map<List<String>, Integer> credentialIds = credentialIds(connection, events, learned);
                return insertEvents(connection, events, lastId + 1, keyIds, credentialIds,
                        new BatchRollup(thresholds, localDayZone), learned);
            } catch (SQLException e) {
                throw new StoreException("Storing usage events failed", e);
            }
        });
    }

    private int insertEvents(Connection connection, List<Received<UsageEvent>> events, long firstId,
            Map<String, Integer> keyIds, Map<List<String>, Integer> credentialIds, BatchRollup rollup,
            Learned learned) throws SQLException {
        long nextId = firstId;
        Set<Long> days = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENT);
             PreparedStatement raw = connection.prepareStatement(INSERT_RAW)) {
            for (Received<UsageEvent> received : events) {
                UsageEvent e = received.outcome();
                Integer keyId = e.hasClientKey() ? keyIds.get(e.clientKeyHash()) : null;
                int credentialId = credentialIds.get(credential(e));
                bindEvent(insert, nextId, e, received.item(), keyId, credentialId);
                // An event already stored (same instant and record hash) inserts nothing.
                if (insert.executeUpdate() == 0) {
                    continue;
                }
                raw.setLong(1, nextId);
                raw.setString(2, e.storedRecord());
                raw.executeUpdate();
                rollup.add(e, keyId == null ? 0 : keyId, credentialId);
                collectDimensions(e, learned.dimensions);
                days.add(Math.floorDiv(e.timestampNanos(), DAY_NANOS) * DAY_NANOS);
                nextId++;
            }
        }
        rollup.upsert(connection);
        Rollups.forgetMemberDays(connection, days);
        insertDimensions(connection, learned.dimensions);
        return Math.toIntExact(nextId - firstId);
    }

    /**
     * Makes sure every client key of {@code events} has a row, with the first and last time it was
     * seen widened to these events; returns the row id by key hash.
     */
    private Map<String, Integer> upsertClientKeys(Connection connection, List<Received<UsageEvent>> events,
            Learned learned) throws SQLException {
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
        List<String> unknown = new ArrayList<>();
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_KEY)) {
            for (UsageEvent e : firstByHash.values()) {
                upsert.setString(1, e.clientKeyHash());
                upsert.setString(2, e.clientKeyMasked());
                upsert.setLong(3, e.timestampNanos());
                upsert.setLong(4, lastByHash.get(e.clientKeyHash()));
                upsert.executeUpdate();
                Integer known = knownKeyIds.get(e.clientKeyHash());
                if (known == null) {
                    unknown.add(e.clientKeyHash());
                } else {
                    ids.put(e.clientKeyHash(), known);
                }
            }
        }
        for (int from = 0; from < unknown.size(); from += KEY_LOOKUP_CHUNK) {
            List<String> chunk = unknown.subList(from, Math.min(unknown.size(), from + KEY_LOOKUP_CHUNK));
            String sql = "SELECT key_hash, id FROM client_key WHERE key_hash IN (" + "?, ".repeat(chunk.size() - 1)
                    + "?)";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.put(rows.getString(1), rows.getInt(2));
                        learned.keyIds.put(rows.getString(1), rows.getInt(2));
                    }
                }
            }
        }
        return ids;
    }

    private static List<String> credential(UsageEvent e) {
        return List.of(e.authIndex(), e.source(), e.authType());
    }

    /** Makes sure every credential of {@code events} has a row; returns the row id by credential. */
    private Map<List<String>, Integer> credentialIds(Connection connection, List<Received<UsageEvent>> events,
            Learned learned) throws SQLException {
        Map<List<String>, Integer> ids = new HashMap<>();
        Set<List<String>> unknown = new HashSet<>();
        for (Received<UsageEvent> received : events) {
            List<String> credential = credential(received.outcome());
            Integer known = knownCredentialIds.get(credential);
            if (known == null) {
                unknown.add(credential);
            } else {
                ids.put(credential, known);
            }
        }
        if (unknown.isEmpty()) {
            return ids;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO usage_credential (auth_index, source, auth_type) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
             PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM usage_credential WHERE auth_index = ? AND source = ? AND auth_type = ?")) {
            for (List<String> credential : unknown) {
                for (PreparedStatement statement : List.of(insert, select)) {
                    for (int i = 0; i < 3; i++) {
                        statement.setString(i + 1, credential.get(i));
                    }
                }
                insert.executeUpdate();
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    ids.put(credential, row.getInt(1));
                    learned.credentialIds.put(credential, row.getInt(1));
                }
            }
        }
        return ids;
    }

    private static void bindEvent(PreparedStatement insert, long id, UsageEvent e, ReceivedItem item,
            Integer keyId, int credentialId) throws SQLException {
        TokenBuckets t = e.tokens();
        int p = 0;
        insert.setLong(++p, id);
        insert.setLong(++p, e.timestampNanos());
        insert.setBytes(++p, e.recordHash());
        insert.setLong(++p, CpaTimestamps.toEpochNanos(item.receivedAt()));
        insert.setString(++p, item.origin().code());
        insert.setString(++p, e.requestId());
        insert.setString(++p, e.provider());
        insert.setString(++p, e.model());
        insert.setString(++p, e.alias());
        insert.setString(++p, e.endpoint());
        insert.setString(++p, e.authType());
        insert.setString(++p, e.authIndex());
        insert.setString(++p, e.source());
        setNullable(insert, ++p, keyId);
        insert.setInt(++p, e.failed() ? 1 : 0);
        setNullable(insert, ++p, e.statusCode());
        insert.setLong(++p, e.latencyMs());
        setNullable(insert, ++p, e.ttftMs());
        insert.setLong(++p, t.uncachedInput());
        insert.setLong(++p, t.cacheRead());
        insert.setLong(++p, t.cacheWrite());
        insert.setLong(++p, t.output());
        insert.setLong(++p, t.reasoning());
        insert.setLong(++p, t.unclassified());
        insert.setLong(++p, t.total());
        insert.setString(++p, t.accounting().code());
        insert.setInt(++p, t.inconsistent() ? 1 : 0);
        insert.setString(++p, e.reasoningEffort());
        insert.setString(++p, e.serviceTier());
        insert.setString(++p, e.clientIp());
        insert.setString(++p, e.userAgent());
        insert.setInt(++p, credentialId);
        insert.setInt(++p, LatencyClasses.of(e.latencyMs()));
    }

    private static void setNullable(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    /** The filter values of an event ({@code usage_dimension}), unless this store wrote them already. */
    private void collectDimensions(UsageEvent e, Set<List<String>> into) {
        String[] values = {e.provider(), e.model(), e.alias(), e.endpoint(), e.reasoningEffort(), e.serviceTier(),
            e.statusCode() == null ? null : e.statusCode().toString()};
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                List<String> dimension = List.of(Rollups.DIMENSION_KINDS.get(i), values[i]);
                if (!knownDimensions.contains(dimension)) {
                    into.add(dimension);
                }
            }
        }
    }

    private void insertDimensions(Connection connection, Set<List<String>> dimensions) throws SQLException {
        if (dimensions.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR IGNORE INTO usage_dimension (kind, value) VALUES (?, ?)")) {
            for (List<String> dimension : dimensions) {
                insert.setString(1, dimension.get(0));
                insert.setString(2, dimension.get(1));
                insert.executeUpdate();
            }
        }
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
