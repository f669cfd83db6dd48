package dev.cpaconsole.requests.core;

import static dev.cpaconsole.store.schema.Tables.CLIENT_KEY;
import static dev.cpaconsole.store.schema.Tables.CONSOLE_USER;
import static dev.cpaconsole.store.schema.Tables.MANAGED_KEY;
import static dev.cpaconsole.store.schema.Tables.MANAGED_KEY_VALUE;
import static dev.cpaconsole.store.schema.Tables.USAGE_CREDENTIAL;
import static dev.cpaconsole.store.schema.Tables.USAGE_DIMENSION;
import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;
import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT_RAW;
import static org.jooq.impl.DSL.and;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.or;
import static org.jooq.impl.DSL.row;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.SelectField;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.TableLike;
import org.jooq.impl.DSL;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.TokenAccountingSource;
import dev.cpaconsole.usage.core.TokenBuckets;
import dev.cpaconsole.usage.core.UsageStatistics;

/**
 * Reads usage events for the requests list, a page at a time, with keyset pagination on (sort
 * value, id) so that every page costs the same however deep the operator scrolls.
 *
 * <p>Each filter seeks an index led by its column and then time, so the newest page of any one
 * filter is read in index order. A filter that stands for several values (a model is its upstream
 * name or its alias; a user or managed key stands for every client key value it had) becomes one
 * ordered, limited read per value, merged: one read with {@code OR} would have to sort every
 * matching event before it could return the first page.
 */
public final class RequestQuery {
    /** Rows per page of the requests list. */
    public static final int PAGE_SIZE = 500;
    /** The most attempts of one request id shown together. */
    public static final int MAX_ATTEMPTS = 100;
    /**
     * Up to this many client keys, a key filter reads each key's events in order and merges them;
     * beyond, it reads them in one go and sorts, which is slower but keeps the statement small.
     */
    private static final int MAX_MERGED_READS = 64;

    private static final int KEY_HINT_LENGTH = 8;
    private static final Field<Long> TS_NS = USAGE_EVENT.TS_NS;
    private static final Field<Long> ID = USAGE_EVENT.ID.coerce(Long.class);
    private static final Field<Long> SORT_VALUE = DSL.field(DSL.name("merged", "sort_value"), Long.class);
    private static final Field<Long> MERGED_ID = DSL.field(DSL.name("merged", "event_id"), Long.class);
    private static final List<SelectField<?>> COLUMNS = List.of(ID, TS_NS, USAGE_EVENT.REQUEST_ID,
            USAGE_EVENT.PROVIDER, USAGE_EVENT.MODEL, USAGE_EVENT.ALIAS, USAGE_EVENT.ENDPOINT, USAGE_EVENT.AUTH_TYPE,
            USAGE_EVENT.AUTH_INDEX, USAGE_EVENT.SOURCE, CLIENT_KEY.MASKED, CLIENT_KEY.KEY_HASH, MANAGED_KEY.NAME,
            CONSOLE_USER.NAME,
            USAGE_EVENT.FAILED, USAGE_EVENT.STATUS_CODE, USAGE_EVENT.LATENCY_MS, USAGE_EVENT.TTFT_MS,
            USAGE_EVENT.REASONING_EFFORT, USAGE_EVENT.SERVICE_TIER, USAGE_EVENT.UNCACHED_INPUT_TOKENS,
            USAGE_EVENT.CACHE_READ_TOKENS, USAGE_EVENT.CACHE_WRITE_TOKENS, USAGE_EVENT.OUTPUT_TOKENS,
            USAGE_EVENT.REASONING_TOKENS, USAGE_EVENT.UNCLASSIFIED_TOKENS, USAGE_EVENT.TOTAL_TOKENS,
            USAGE_EVENT.INCONSISTENT, USAGE_EVENT.ACCOUNTING);

    private final Database database;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RequestQuery(Database database) {
        this.database = database;
    }

    /** The page of events matching {@code filter} that follows {@code after}, newest first. */
    public RequestPage page(RequestFilter filter, RequestCursor after, int limit) {
        return page(filter, RequestSort.NEWEST_FIRST, after, limit);
    }

    /**
     * The page of events matching {@code filter} that follows {@code after} in {@code sort} order.
     *
     * @param after the cursor of the last row already shown, or null for the first page
     * @param limit the most rows to return
     */
    public RequestPage page(RequestFilter filter, RequestSort sort, RequestCursor after, int limit) {
        List<RequestRow> rows = database.read(dsl -> pageQuery(dsl, filter, sort, after, limit + 1)
                .map(query -> query.fetch(RequestQuery::toRow))
                .orElse(List.of()));
        if (rows.size() <= limit) {
            return new RequestPage(rows, null);
        }
        List<RequestRow> shown = rows.subList(0, limit);
        return new RequestPage(shown, sort.after(shown.getLast()));
    }

    /**
     * The lines of SQLite's plan for the first page of {@code filter} in {@code sort} order, as
     * {@code EXPLAIN QUERY PLAN} gives them; empty when the filter can match nothing.
     */
    List<String> firstPagePlan(RequestFilter filter, RequestSort sort) {
        return database.read(dsl -> pageQuery(dsl, filter, sort, null, PAGE_SIZE + 1)
                .map(query -> dsl.resultQuery("EXPLAIN QUERY PLAN " + query.getSQL(), query.getBindValues()
                        .toArray()).fetch(r -> r.get("detail", String.class)))
                .orElse(List.of()));
    }

    /**
     * The id of the most recently stored event, or 0 when none is stored. Ids grow with every
     * insert, so everything stored later has a larger id whatever its start instant.
     */
    public long newestStoredId() {
        Long newest = database.read(dsl -> dsl.select(max(ID)).from(USAGE_EVENT).fetchOne(0, Long.class));
        return newest == null ? 0 : newest;
    }

    /** How many events match {@code filter} among those stored up to event {@code upToId} inclusive. */
    public long count(RequestFilter filter, long upToId) {
        return database.read(dsl -> {
            Optional<Condition> matching = scope(dsl, filter).condition();
            return matching.isEmpty() ? 0L : dsl.selectCount().from(USAGE_EVENT)
                    .where(matching.get().and(ID.le(upToId))).fetchOne(0, Long.class);
        });
    }

    /**
     * Events matching {@code filter} stored after event {@code afterId}, in the order they were
     * stored, at most {@code limit}. CPA stamps an event with the start of the attempt but reports
     * it when the attempt ends, so a later-stored event may well be older than ones already shown:
     * only the insertion order tells which events are new.
     */
    public List<RequestRow> storedAfter(RequestFilter filter, long afterId, int limit) {
        return database.read(dsl -> scope(dsl, filter).condition()
                .map(matching -> selectRows(dsl, null)
                        .where(ID.gt(afterId).and(matching))
                        .orderBy(ID.asc())
                        .limit(limit)
                        .fetch(RequestQuery::toRow))
                .orElse(List.of()));
    }

    /** What each filter offers, from the small tables kept beside the events. */
    public RequestChoices choices() {
        return database.read(dsl -> {
            List<FilterChoice> users = dsl.select(CONSOLE_USER.ID, CONSOLE_USER.NAME, CONSOLE_USER.DELETED_NS)
                    .from(CONSOLE_USER)
                    .orderBy(CONSOLE_USER.NAME.collate("NOCASE"), CONSOLE_USER.ID)
                    .fetch(r -> new FilterChoice(String.valueOf(r.value1()),
                            r.value2() + (r.value3() == null ? "" : " (deleted)")));
            List<FilterChoice> keys = dsl.select(MANAGED_KEY.ID, MANAGED_KEY.NAME, MANAGED_KEY.DESCRIPTION,
                            CONSOLE_USER.NAME, MANAGED_KEY.DELETED_NS)
                    .from(MANAGED_KEY)
                    .join(CONSOLE_USER).on(CONSOLE_USER.ID.eq(MANAGED_KEY.USER_ID))
                    .orderBy(MANAGED_KEY.NAME.collate("NOCASE"), CONSOLE_USER.NAME.collate("NOCASE"),
                            MANAGED_KEY.ID)
                    .fetch(r -> new FilterChoice(String.valueOf(r.value1()), keyLabel(r.value2(), r.value3(),
                            r.value4(), r.value5() != null)));
            Map<String, TreeSet<String>> seen = new LinkedHashMap<>();
            dsl.select(USAGE_DIMENSION.KIND, USAGE_DIMENSION.VALUE).from(USAGE_DIMENSION)
                    .forEach(r -> seen.computeIfAbsent(r.value1(), kind -> new TreeSet<>()).add(r.value2()));
            TreeSet<String> models = new TreeSet<>(seen.getOrDefault("model", new TreeSet<>()));
            models.addAll(seen.getOrDefault("alias", new TreeSet<>()));
            models.remove("");
            List<FilterChoice> statusCodes = seen.getOrDefault("status_code", new TreeSet<>()).stream()
                    .sorted(Comparator.comparingInt(Integer::parseInt)).map(FilterChoice::of).toList();
            return new RequestChoices(users, keys, values(seen, "provider"),
                    models.stream().map(FilterChoice::of).toList(), values(seen, "endpoint"), accounts(dsl),
                    statusCodes, values(seen, "reasoning_effort"), values(seen, "service_tier"));
        });
    }

    /**
     * The {@code auth_index} values an operator may mean by {@code text}: the one equal to it, or
     * those of the credentials whose source (an e-mail, a project id) is {@code text}.
     */
    public List<String> accountsNamed(String text) {
        return database.read(dsl -> dsl.selectDistinct(USAGE_CREDENTIAL.AUTH_INDEX)
                .from(USAGE_CREDENTIAL)
                .where(USAGE_CREDENTIAL.AUTH_INDEX.eq(text).or(USAGE_CREDENTIAL.SOURCE.eq(text)))
                .orderBy(USAGE_CREDENTIAL.AUTH_INDEX)
                .fetch(USAGE_CREDENTIAL.AUTH_INDEX));
    }

    /** The attempts of {@code requestId}, oldest first, at most {@link #MAX_ATTEMPTS}. */
    public List<RequestRow> attempts(String requestId) {
        if (requestId.isEmpty()) {
            return List.of();
        }
        return database.read(dsl -> selectRows(dsl, null)
                .where(requestIdIs(requestId))
                .orderBy(TS_NS.asc(), ID.asc())
                .limit(MAX_ATTEMPTS)
                .fetch(RequestQuery::toRow));
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

    /**
     * The event with its stored record pretty-printed and the attempts that share its request id,
     * or empty when there is no such event.
     */
    public Optional<RequestDetail> detail(long eventId) {
        Optional<RequestRow> row = database.read(dsl -> selectRows(dsl, null)
                .where(ID.eq(eventId))
                .fetchOptional(RequestQuery::toRow));
        return row.map(found -> {
            List<RequestRow> attempts = attempts(found.requestId());
            return new RequestDetail(found, displayRecord(rawRecord(eventId).orElse("")),
                    attempts.isEmpty() ? List.of(found) : attempts);
        });
    }

    private String displayRecord(String stored) {
        try {
            JsonNode tree = json.readTree(stored);
            return json.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return stored;
        }
    }

    private static Optional<ResultQuery<Record>> pageQuery(DSLContext dsl, RequestFilter filter, RequestSort sort,
            RequestCursor after, int limit) {
        Scope scope = scope(dsl, filter);
        if (scope.reads().isEmpty()) {
            return Optional.empty();
        }
        Field<Long> value = sortColumn(sort);
        Condition seek = after == null ? DSL.noCondition() : seek(value, sort.descending(), after);
        if (scope.reads().size() == 1) {
            return Optional.of(selectRows(dsl, null)
                    .where(scope.common()).and(scope.reads().getFirst()).and(seek)
                    .orderBy(order(value, ID, sort.descending()))
                    .limit(limit));
        }
        Select<Record2<Long, Long>> merged = null;
        for (Condition read : scope.reads()) {
            // Each read seeks its own index in order and stops after one page.
            Table<?> part = dsl.select(ID.as("event_id"), value.as("sort_value"))
                    .from(USAGE_EVENT)
                    .where(scope.common()).and(read).and(seek)
                    .orderBy(order(value, ID, sort.descending()))
                    .limit(limit)
                    .asTable("part");
            Select<Record2<Long, Long>> piece = dsl.select(part.field("event_id", Long.class),
                    part.field("sort_value", Long.class)).from(part);
            merged = merged == null ? piece : merged.union(piece);
        }
        return Optional.of(selectRows(dsl, Objects.requireNonNull(merged).asTable("merged"))
                .orderBy(order(SORT_VALUE, MERGED_ID, sort.descending()))
                .limit(limit));
    }

    private static List<SortField<Long>> order(Field<Long> value, Field<Long> id, boolean descending) {
        return descending ? List.of(value.desc(), id.desc()) : List.of(value.asc(), id.asc());
    }

    /** Rows after {@code after}: the plain bound lets SQLite seek the index; the row value breaks ties. */
    private static Condition seek(Field<Long> value, boolean descending, RequestCursor after) {
        return descending
                ? value.le(after.value()).and(row(value, ID).lt(after.value(), after.id()))
                : value.ge(after.value()).and(row(value, ID).gt(after.value(), after.id()));
    }

    private static Field<Long> sortColumn(RequestSort sort) {
        return switch (sort.column()) {
            case TIME -> TS_NS;
            case LATENCY -> USAGE_EVENT.LATENCY_MS;
            case TOKENS -> USAGE_EVENT.TOTAL_TOKENS;
        };
    }

    /**
     * The columns of a row, from the events alone or, when {@code merged} is given, from the events
     * that merged page names, in its order.
     */
    private static org.jooq.SelectJoinStep<Record> selectRows(DSLContext dsl, Table<?> merged) {
        TableLike<?> events = merged == null ? USAGE_EVENT
                : merged.crossJoin(USAGE_EVENT);
        org.jooq.SelectJoinStep<Record> select = dsl.select(COLUMNS)
                .from(events)
                .leftJoin(CLIENT_KEY).on(CLIENT_KEY.ID.eq(USAGE_EVENT.CLIENT_KEY_ID))
                .leftJoin(MANAGED_KEY_VALUE).on(MANAGED_KEY_VALUE.KEY_HASH.eq(CLIENT_KEY.KEY_HASH))
                .leftJoin(MANAGED_KEY).on(MANAGED_KEY.ID.eq(MANAGED_KEY_VALUE.MANAGED_KEY_ID))
                .leftJoin(CONSOLE_USER).on(CONSOLE_USER.ID.eq(MANAGED_KEY.USER_ID));
        if (merged != null) {
            select.where(ID.eq(MERGED_ID));
        }
        return select;
    }

    /** The first hex digits of a client key's hash, which tell apart keys that share a mask; "" for none. */
    private static String keyHint(String hash) {
        return hash == null ? "" : hash.substring(0, Math.min(KEY_HINT_LENGTH, hash.length()));
    }

    private static RequestRow toRow(Record r) {
        TokenBuckets tokens = new TokenBuckets(r.get(USAGE_EVENT.UNCACHED_INPUT_TOKENS),
                r.get(USAGE_EVENT.CACHE_READ_TOKENS), r.get(USAGE_EVENT.CACHE_WRITE_TOKENS),
                r.get(USAGE_EVENT.OUTPUT_TOKENS), r.get(USAGE_EVENT.REASONING_TOKENS),
                r.get(USAGE_EVENT.UNCLASSIFIED_TOKENS), r.get(USAGE_EVENT.TOTAL_TOKENS),
                r.get(USAGE_EVENT.INCONSISTENT) != 0,
                TokenAccountingSource.fromCode(r.get(USAGE_EVENT.ACCOUNTING)));
        return new RequestRow(r.get(ID), r.get(TS_NS), r.get(USAGE_EVENT.REQUEST_ID), r.get(USAGE_EVENT.PROVIDER),
                r.get(USAGE_EVENT.MODEL), r.get(USAGE_EVENT.ALIAS), r.get(USAGE_EVENT.ENDPOINT),
                r.get(USAGE_EVENT.AUTH_TYPE), r.get(USAGE_EVENT.AUTH_INDEX), r.get(USAGE_EVENT.SOURCE),
                Objects.requireNonNullElse(r.get(CLIENT_KEY.MASKED), ""),
                keyHint(r.get(CLIENT_KEY.KEY_HASH)),
                Objects.requireNonNullElse(r.get(MANAGED_KEY.NAME), ""),
                Objects.requireNonNullElse(r.get(CONSOLE_USER.NAME), ""),
                r.get(USAGE_EVENT.FAILED) != 0, r.get(USAGE_EVENT.STATUS_CODE), r.get(USAGE_EVENT.LATENCY_MS),
                r.get(USAGE_EVENT.TTFT_MS), r.get(USAGE_EVENT.REASONING_EFFORT), r.get(USAGE_EVENT.SERVICE_TIER),
                tokens);
    }

    /**
     * The conditions of {@code filter}: those every read shares, and one condition per ordered read
     * (a single read without a condition of its own when no filter stands for several values).
     * The key filters are looked up first: the client keys that a user's or managed key's values
     * are stored as.
     */
    private static Scope scope(DSLContext dsl, RequestFilter filter) {
        List<Condition> common = new ArrayList<>();
        if (filter.from() != null) {
            common.add(TS_NS.ge(UsageStatistics.saturatedNanos(filter.from())));
        }
        if (filter.to() != null) {
            common.add(TS_NS.lt(UsageStatistics.saturatedNanos(filter.to())));
        }
        addEqual(common, USAGE_EVENT.PROVIDER, filter.provider());
        addEqual(common, USAGE_EVENT.ENDPOINT, filter.endpoint());
        addEqual(common, USAGE_EVENT.AUTH_INDEX, filter.account());
        addEqual(common, USAGE_EVENT.REASONING_EFFORT, filter.reasoningEffort());
        addEqual(common, USAGE_EVENT.SERVICE_TIER, filter.serviceTier());
        if (filter.requestId() != null) {
            common.add(requestIdIs(filter.requestId()));
        }
        if (filter.outcome() != null) {
            // Literals, not bind values: only then may SQLite use the partial index of failures.
            common.add(switch (filter.outcome().kind()) {
                case OK -> USAGE_EVENT.FAILED.eq(inline(0));
                case FAILED -> USAGE_EVENT.FAILED.eq(inline(1));
                case STATUS -> USAGE_EVENT.STATUS_CODE.eq(filter.outcome().statusCode());
            });
        }
        List<Condition> keyReads = null;
        if (filter.userId() != null || filter.keyId() != null) {
            List<Integer> clientKeys = clientKeyIds(dsl, filter.userId(), filter.keyId());
            if (clientKeys.isEmpty()) {
                return new Scope(DSL.falseCondition(), List.of());
            }
            if (clientKeys.size() > MAX_MERGED_READS) {
                common.add(USAGE_EVENT.CLIENT_KEY_ID.in(clientKeys));
            } else {
                keyReads = clientKeys.stream().map(USAGE_EVENT.CLIENT_KEY_ID::eq).toList();
            }
        }
        List<Condition> modelReads = filter.model() == null ? null
                : List.of(USAGE_EVENT.MODEL.eq(filter.model()), USAGE_EVENT.ALIAS.eq(filter.model()));
        List<Condition> reads;
        if (keyReads != null && (keyReads.size() > 1 || modelReads == null)) {
            reads = keyReads;
            if (modelReads != null) {
                common.add(or(modelReads));
            }
        } else if (modelReads != null) {
            reads = modelReads;
            if (keyReads != null) {
                common.addAll(keyReads);
            }
        } else {
            reads = List.of(DSL.noCondition());
        }
        return new Scope(and(common), reads);
    }

    /**
     * Events of one request id. The index of request ids leaves out events without one; SQLite
     * uses it only when the query says so with a literal.
     */
    private static Condition requestIdIs(String requestId) {
        return USAGE_EVENT.REQUEST_ID.eq(requestId).and(USAGE_EVENT.REQUEST_ID.ne(inline("")));
    }

    private static void addEqual(List<Condition> conditions, Field<String> column, String value) {
        if (value != null) {
            conditions.add(column.eq(value));
        }
    }

    /** The client keys stored for the values of {@code keyId}, or of every key of {@code userId}, or both. */
    private static List<Integer> clientKeyIds(DSLContext dsl, Long userId, Long keyId) {
        Condition owned = DSL.noCondition();
        if (userId != null) {
            owned = owned.and(MANAGED_KEY.USER_ID.eq(Math.toIntExact(userId)));
        }
        if (keyId != null) {
            owned = owned.and(MANAGED_KEY.ID.eq(Math.toIntExact(keyId)));
        }
        return dsl.selectDistinct(CLIENT_KEY.ID)
                .from(MANAGED_KEY)
                .join(MANAGED_KEY_VALUE).on(MANAGED_KEY_VALUE.MANAGED_KEY_ID.eq(MANAGED_KEY.ID))
                .join(CLIENT_KEY).on(CLIENT_KEY.KEY_HASH.eq(MANAGED_KEY_VALUE.KEY_HASH))
                .where(owned)
                .orderBy(CLIENT_KEY.ID)
                .fetch(CLIENT_KEY.ID);
    }

    private static List<FilterChoice> values(Map<String, TreeSet<String>> seen, String kind) {
        return seen.getOrDefault(kind, new TreeSet<>()).stream().map(FilterChoice::of).toList();
    }

    /** One choice per {@code auth_index}, labelled as the statistics label credentials. */
    private static List<FilterChoice> accounts(DSLContext dsl) {
        Map<String, String> labels = new LinkedHashMap<>();
        dsl.select(USAGE_CREDENTIAL.AUTH_INDEX, USAGE_CREDENTIAL.SOURCE, USAGE_CREDENTIAL.AUTH_TYPE)
                .from(USAGE_CREDENTIAL)
                .orderBy(USAGE_CREDENTIAL.AUTH_INDEX, USAGE_CREDENTIAL.SOURCE)
                .forEach(r -> labels.merge(r.value1(), UsageStatistics.credentialLabel(r.value1(), r.value2(),
                        r.value3()), (first, next) -> first));
        return labels.entrySet().stream().map(e -> new FilterChoice(e.getKey(), e.getValue())).toList();
    }

    private static String keyLabel(String name, String description, String owner, boolean deleted) {
        return name + (description.isBlank() ? "" : " \u2013 " + description) + " (" + owner
                + (deleted ? ", deleted)" : ")");
    }

    /**
     * What a filter reads.
     *
     * @param common the conditions every read shares
     * @param reads one condition per ordered read, whose results are merged; none when nothing
     *     can match
     */
    private record Scope(Condition common, List<Condition> reads) {
        /** Everything the filter matches as one condition, or empty when nothing can match. */
        Optional<Condition> condition() {
            return reads.isEmpty() ? Optional.empty() : Optional.of(common.and(or(reads)));
        }
    }
}
