package dev.cpaconsole.requests.core;

import static dev.cpaconsole.store.schema.Tables.CLIENT_KEY;
import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;
import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT_RAW;
import static org.jooq.impl.DSL.and;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.trueCondition;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectJoinStep;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.CpaTimestamps;
import dev.cpaconsole.usage.core.TokenAccountingSource;
import dev.cpaconsole.usage.core.TokenBuckets;

/**
 * Reads usage events for the requests list: newest first, a page at a time, with keyset
 * pagination on (start instant, id) so that every page costs the same however deep the operator
 * scrolls. Filters map onto the time-led indexes: time alone, model then time, and the partial
 * index of failed events.
 */
public final class RequestQuery {
    /** Rows per page of the requests list. */
    public static final int PAGE_SIZE = 500;

    private static final Field<Long> TS_NS = USAGE_EVENT.TS_NS;
    private static final Field<Long> ID = USAGE_EVENT.ID.coerce(Long.class);

    private final Database database;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RequestQuery(Database database) {
        this.database = database;
    }

    /**
     * The page of events matching {@code filter} that follows {@code after}, newest first.
     *
     * @param after the cursor of the last row already shown, or null for the first page
     * @param limit the most rows to return
     */
    public RequestPage page(RequestFilter filter, RequestCursor after, int limit) {
        Condition condition = matching(filter);
        if (after != null) {
            // The plain bound on ts_ns lets SQLite seek the index; the row value breaks ties.
            condition = condition.and(TS_NS.le(after.timestampNanos()))
                    .and(row(TS_NS, ID).lt(after.timestampNanos(), after.id()));
        }
        Condition where = condition;
        List<RequestRow> rows = database.read(dsl -> selectRows(dsl)
                .where(where)
                .orderBy(TS_NS.desc(), ID.desc())
                .limit(limit + 1)
                .fetch(RequestQuery::toRow));
        if (rows.size() <= limit) {
            return new RequestPage(rows, null);
        }
        List<RequestRow> shown = rows.subList(0, limit);
        return new RequestPage(shown, shown.getLast().cursor());
    }

    /**
     * The id of the most recently stored event, or 0 when none is stored. Ids grow with every
     * insert, so everything stored later has a larger id whatever its start instant.
     */
    public long newestStoredId() {
        Long newest = database.read(dsl -> dsl.select(max(ID)).from(USAGE_EVENT).fetchOne(0, Long.class));
        return newest == null ? 0 : newest;
    }

    /**
     * How many events match {@code filter} among those stored up to event {@code upToId}
     * inclusive; the time bounds seek the time index, so this stays cheap for a short range.
     */
    public long count(RequestFilter filter, long upToId) {
        Condition where = matching(filter).and(ID.le(upToId));
        return database.read(dsl -> dsl.selectCount().from(USAGE_EVENT).where(where).fetchOne(0, Long.class));
    }

    /**
     * Events matching {@code filter} stored after event {@code afterId}, in the order they were
     * stored, at most {@code limit}. CPA stamps an event with the start of the attempt but reports
     * it when the attempt ends, so a later-stored event may well be older than ones already shown:
     * only the insertion order tells which events are new.
     */
    public List<RequestRow> storedAfter(RequestFilter filter, long afterId, int limit) {
        Condition where = ID.gt(afterId).and(matching(filter));
        return database.read(dsl -> selectRows(dsl)
                .where(where)
                .orderBy(ID.asc())
                .limit(limit)
                .fetch(RequestQuery::toRow));
    }

    /** Every upstream model that occurs in the stored events, in alphabetical order. */
    public List<String> models() {
        // A skip scan over the (model, ts_ns) index: one seek per distinct model instead of a
        // pass over every event.
        String sql = """
                WITH RECURSIVE models(name) AS (
                    SELECT MIN(model) FROM usage_event
                    UNION ALL
                    SELECT (SELECT MIN(model) FROM usage_event WHERE model > models.name)
                    FROM models WHERE models.name IS NOT NULL)
                SELECT name FROM models WHERE name IS NOT NULL""";
        return database.read(dsl -> dsl.resultQuery(sql).fetch(r -> r.get(0, String.class)));
    }

    /**
     * The record of event {@code eventId} as stored: CPA's JSON with the client key replaced by
     * its hash.
     */
    public Optional<String> rawRecord(long eventId) {
        return database.read(dsl -> dsl.select(USAGE_EVENT_RAW.RECORD)
                .from(USAGE_EVENT_RAW)
                .where(USAGE_EVENT_RAW.EVENT_ID.coerce(Long.class).eq(eventId))
                .fetchOptional(USAGE_EVENT_RAW.RECORD));
    }

    /** The event with its stored record pretty-printed, or empty when there is no such event. */
    public Optional<RequestDetail> detail(long eventId) {
        Optional<RequestRow> row = database.read(dsl -> selectRows(dsl)
                .where(ID.eq(eventId))
                .fetchOptional(RequestQuery::toRow));
        return row.map(found -> new RequestDetail(found, displayRecord(found, rawRecord(eventId).orElse(""))));
    }

    private String displayRecord(RequestRow row, String stored) {
        JsonNode tree;
        try {
            tree = json.readTree(stored);
        } catch (JsonProcessingException e) {
            return stored;
        }
        try {
            return json.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return stored;
        }
    }

    private static SelectJoinStep<Record> selectRows(DSLContext dsl) {
        List<Field<?>> columns = new ArrayList<>(List.of(ID, TS_NS, USAGE_EVENT.REQUEST_ID,
                USAGE_EVENT.PROVIDER, USAGE_EVENT.MODEL, USAGE_EVENT.ALIAS, USAGE_EVENT.ENDPOINT,
                USAGE_EVENT.AUTH_TYPE, USAGE_EVENT.AUTH_INDEX, USAGE_EVENT.SOURCE, CLIENT_KEY.MASKED,
                USAGE_EVENT.FAILED, USAGE_EVENT.STATUS_CODE, USAGE_EVENT.LATENCY_MS,
                USAGE_EVENT.UNCACHED_INPUT_TOKENS, USAGE_EVENT.CACHE_READ_TOKENS,
                USAGE_EVENT.CACHE_WRITE_TOKENS, USAGE_EVENT.OUTPUT_TOKENS,
                USAGE_EVENT.REASONING_TOKENS, USAGE_EVENT.UNCLASSIFIED_TOKENS,
                USAGE_EVENT.TOTAL_TOKENS, USAGE_EVENT.INCONSISTENT, USAGE_EVENT.ACCOUNTING));
        return dsl.select(columns)
                .from(USAGE_EVENT)
                .leftJoin(CLIENT_KEY).on(CLIENT_KEY.ID.eq(USAGE_EVENT.CLIENT_KEY_ID));
    }

    private static RequestRow toRow(Record r) {
        String authType = r.get(7, String.class);
        String source = r.get(9, String.class);
        String masked = r.get(10, String.class);
        TokenBuckets tokens = new TokenBuckets(r.get(14, Long.class), r.get(15, Long.class), r.get(16, Long.class),
                r.get(17, Long.class), r.get(18, Long.class), r.get(19, Long.class), r.get(20, Long.class),
                r.get(21, Integer.class) != 0, TokenAccountingSource.fromCode(r.get(22, String.class)));
        return new RequestRow(r.get(0, Long.class), r.get(1, Long.class), r.get(2, String.class),
                r.get(3, String.class), r.get(4, String.class), r.get(5, String.class), r.get(6, String.class),
                authType, r.get(8, String.class), source,
                masked == null ? "" : masked, r.get(11, Integer.class) != 0, r.get(12, Integer.class),
                r.get(13, Long.class), tokens);
    }

    private static Condition matching(RequestFilter filter) {
        List<Condition> conditions = new ArrayList<>();
        if (filter.from() != null) {
            conditions.add(TS_NS.ge(CpaTimestamps.toEpochNanos(filter.from())));
        }
        if (filter.to() != null) {
            conditions.add(TS_NS.lt(CpaTimestamps.toEpochNanos(filter.to())));
        }
        if (filter.model() != null) {
            conditions.add(USAGE_EVENT.MODEL.eq(filter.model()));
        }
        if (filter.failedOnly()) {
            // A literal, not a bind value: only then may SQLite use the partial index of failures.
            conditions.add(USAGE_EVENT.FAILED.eq(inline(1)));
        }
        return conditions.isEmpty() ? trueCondition() : and(conditions);
    }
}
