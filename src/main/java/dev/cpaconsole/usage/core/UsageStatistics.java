package dev.cpaconsole.usage.core;

import static dev.cpaconsole.store.schema.Tables.CLIENT_KEY;
import static dev.cpaconsole.store.schema.Tables.CONSOLE_USER;
import static dev.cpaconsole.store.schema.Tables.MANAGED_KEY;
import static dev.cpaconsole.store.schema.Tables.MANAGED_KEY_VALUE;
import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;

import dev.cpaconsole.store.Database;

/**
 * Sums of stored usage events over a time range, in total or per group. Ranges are half-open,
 * {@code [from, to)}; a null bound is unbounded. Requests count records, that is upstream
 * attempts.
 */
public final class UsageStatistics {
    /** Label of the group of events that carried no client key. */
    public static final String NO_KEY = "(no key)";
    /** Label of the group of events that used no credential. */
    public static final String NO_CREDENTIAL = "(no credential)";
    /** Label of the group of events whose client key no managed key has or had. */
    public static final String UNMANAGED_KEY = "(unmanaged key)";

    /**
     * Usage events with the user owning the managed key that has or had their client key's value:
     * {@code usage_event → client_key → managed_key_value → managed_key → console_user}, every
     * step a left join, deleted keys and users included. A value belongs to at most one managed
     * key, so no event is counted twice.
     */
    public static final Table<Record> EVENTS_WITH_OWNERS = USAGE_EVENT
            .leftJoin(CLIENT_KEY).on(CLIENT_KEY.ID.eq(USAGE_EVENT.CLIENT_KEY_ID))
            .leftJoin(MANAGED_KEY_VALUE).on(MANAGED_KEY_VALUE.KEY_HASH.eq(CLIENT_KEY.KEY_HASH))
            .leftJoin(MANAGED_KEY).on(MANAGED_KEY.ID.eq(MANAGED_KEY_VALUE.MANAGED_KEY_ID))
            .leftJoin(CONSOLE_USER).on(CONSOLE_USER.ID.eq(MANAGED_KEY.USER_ID));

    /** 1 for an event that carried no client key, 0 otherwise; part of the owner grouping. */
    public static final Field<Integer> WITHOUT_KEY = DSL.when(USAGE_EVENT.CLIENT_KEY_ID.isNull(), DSL.inline(1))
            .otherwise(DSL.inline(0)).as("without_key");

    /** Days are cut from quarter-hour sums: every offset in use today is a multiple of 15 minutes. */
    public static final long BUCKET_NANOS = 15L * 60 * 1_000_000_000L;
    private static final int HASH_HINT_LENGTH = 8;
    private static final DateTimeFormatter HOUR_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm");

    private static final Field<Integer> REQUESTS = DSL.count();
    private static final List<Field<BigDecimal>> SUMS = List.of(
            DSL.sum(USAGE_EVENT.FAILED),
            DSL.sum(USAGE_EVENT.UNCACHED_INPUT_TOKENS),
            DSL.sum(USAGE_EVENT.CACHE_READ_TOKENS),
            DSL.sum(USAGE_EVENT.CACHE_WRITE_TOKENS),
            DSL.sum(USAGE_EVENT.OUTPUT_TOKENS),
            DSL.sum(USAGE_EVENT.REASONING_TOKENS),
            DSL.sum(USAGE_EVENT.UNCLASSIFIED_TOKENS),
            DSL.sum(USAGE_EVENT.TOTAL_TOKENS));

    /** What to group events by. */
    public enum GroupBy {
        /** Upstream model. */
        MODEL,
        /** Provider (executor) id. */
        PROVIDER,
        /** Client key, shown masked; events without a key form {@link #NO_KEY}. */
        KEY,
        /**
         * The user owning the managed key that has or had the event's client key, deleted users and
         * keys included; other keys form {@link #UNMANAGED_KEY}, events without a key {@link #NO_KEY}.
         */
        USER,
        /** Credential: {@code auth_index}, with its source when known. */
        AUTH,
        /** Local date in the given zone, {@code 2026-03-08}. */
        DAY,
        /**
         * Local hour in the given zone with its offset, {@code 2026-11-01T01:00-04:00}: the offset
         * tells apart the two hours of the same name when daylight saving time ends.
         */
        HOUR
    }

    /**
     * Sums of a set of events.
     *
     * @param requests records (upstream attempts)
     * @param failed records CPA counted as failed
     * @param uncachedInputTokens input without a cache hit
     * @param cacheReadTokens input served from the prompt cache
     * @param cacheWriteTokens input written to the prompt cache
     * @param outputTokens output without reasoning
     * @param reasoningTokens reasoning
     * @param unclassifiedTokens tokens in a total but in no bucket
     * @param totalTokens the sum of every bucket
     */
    public record Totals(
            long requests,
            long failed,
            long uncachedInputTokens,
            long cacheReadTokens,
            long cacheWriteTokens,
            long outputTokens,
            long reasoningTokens,
            long unclassifiedTokens,
            long totalTokens) {

        public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0);

        public Totals plus(Totals other) {
            return new Totals(requests + other.requests, failed + other.failed,
                    uncachedInputTokens + other.uncachedInputTokens, cacheReadTokens + other.cacheReadTokens,
                    cacheWriteTokens + other.cacheWriteTokens, outputTokens + other.outputTokens,
                    reasoningTokens + other.reasoningTokens, unclassifiedTokens + other.unclassifiedTokens,
                    totalTokens + other.totalTokens);
        }
    }

    /** The sums of one group; {@code key} is its display label. */
    public record Group(String key, Totals totals) {
    }

    private final Database database;

    public UsageStatistics(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Sums of every event in {@code [from, to)}. */
    public Totals totals(Instant from, Instant to) {
        return totals(from, to, UsageScope.ALL);
    }

    /** Sums of the events of {@code scope} in {@code [from, to)}. */
    public Totals totals(Instant from, Instant to, UsageScope scope) {
        Condition range = range(from, to).and(scope.condition());
        return database.read(dsl -> sumOf(dsl, range));
    }

    /**
     * Sums per group of the events in {@code [from, to)}: by day in ascending date order, otherwise
     * by total tokens, largest first. {@code zone} cuts days; the other groupings ignore it.
     */
    public List<Group> groups(Instant from, Instant to, GroupBy by, ZoneId zone) {
        return groups(from, to, by, zone, UsageScope.ALL);
    }

    /** {@link #groups(Instant, Instant, GroupBy, ZoneId)} of the events of {@code scope}. */
    public List<Group> groups(Instant from, Instant to, GroupBy by, ZoneId zone, UsageScope scope) {
        Objects.requireNonNull(by, "by");
        Condition within = scope.condition();
        Condition range = range(from, to).and(within);
        List<Group> groups = database.read(dsl -> switch (by) {
            case MODEL -> byColumn(dsl, range, USAGE_EVENT.MODEL);
            case PROVIDER -> byColumn(dsl, range, USAGE_EVENT.PROVIDER);
            case KEY -> byClientKey(dsl, range);
            case USER -> byUser(dsl, range);
            case AUTH -> byCredential(dsl, range);
            case DAY -> byDay(dsl, range, within, from, to, Objects.requireNonNull(zone, "zone"));
            case HOUR -> byHour(dsl, range, Objects.requireNonNull(zone, "zone"));
        });
        List<Group> sorted = new ArrayList<>(groups);
        if (by == GroupBy.DAY) {
            sorted.sort(Comparator.comparing(Group::key));
        } else if (by == GroupBy.HOUR) {
            sorted.sort(Comparator.comparing(g -> OffsetDateTime.parse(g.key())));
        } else {
            sorted.sort(Comparator.comparingLong((Group g) -> g.totals().totalTokens()).reversed()
                    .thenComparing(Group::key));
        }
        return List.copyOf(sorted);
    }

    private static List<Group> byColumn(DSLContext dsl, Condition range, Field<String> column) {
        List<Group> groups = new ArrayList<>();
        dsl.select(measures(column)).from(USAGE_EVENT).where(range).groupBy(column)
                .forEach(r -> groups.add(new Group(r.get(column), totalsOf(r))));
        return groups;
    }

    private static List<Group> byClientKey(DSLContext dsl, Condition range) {
        var rows = dsl.select(measures(CLIENT_KEY.KEY_HASH, CLIENT_KEY.MASKED))
                .from(USAGE_EVENT)
                .leftJoin(CLIENT_KEY).on(CLIENT_KEY.ID.eq(USAGE_EVENT.CLIENT_KEY_ID))
                .where(range)
                .groupBy(USAGE_EVENT.CLIENT_KEY_ID, CLIENT_KEY.KEY_HASH, CLIENT_KEY.MASKED)
                .fetch();
        Map<String, Integer> maskUses = new HashMap<>();
        for (Record r : rows) {
            if (r.get(CLIENT_KEY.KEY_HASH) != null) {
                maskUses.merge(r.get(CLIENT_KEY.MASKED), 1, Integer::sum);
            }
        }
        List<Group> groups = new ArrayList<>();
        for (Record r : rows) {
            String hash = r.get(CLIENT_KEY.KEY_HASH);
            String masked = r.get(CLIENT_KEY.MASKED);
            groups.add(new Group(keyLabel(hash, masked, hash != null && maskUses.get(masked) > 1), totalsOf(r)));
        }
        return groups;
    }

    /**
     * The label of a client key's group: its mask, with a prefix of its hash when another key in
     * the same listing shares the mask; {@link #NO_KEY} when {@code hash} is null.
     */
    public static String keyLabel(String hash, String masked, boolean maskShared) {
        if (hash == null) {
            return NO_KEY;
        }
        // Two keys can share a mask; a prefix of the hash tells them apart without revealing either.
        return maskShared ? masked + " #" + hash.substring(0, HASH_HINT_LENGTH) : masked;
    }

    private static List<Group> byUser(DSLContext dsl, Condition range) {
        var rows = dsl.select(measures(CONSOLE_USER.ID, CONSOLE_USER.NAME, WITHOUT_KEY))
                .from(EVENTS_WITH_OWNERS)
                .where(range)
                .groupBy(CONSOLE_USER.ID, CONSOLE_USER.NAME, WITHOUT_KEY)
                .fetch();
        Map<String, Integer> nameUses = new HashMap<>();
        for (Record r : rows) {
            if (r.get(CONSOLE_USER.ID) != null) {
                nameUses.merge(r.get(CONSOLE_USER.NAME), 1, Integer::sum);
            }
        }
        Map<String, Totals> byLabel = new LinkedHashMap<>();
        for (Record r : rows) {
            Integer id = r.get(CONSOLE_USER.ID);
            String name = r.get(CONSOLE_USER.NAME);
            byLabel.merge(userLabel(id, name, r.get(WITHOUT_KEY) == 1, id != null && nameUses.get(name) > 1),
                    totalsOf(r), Totals::plus);
        }
        return toGroups(byLabel);
    }

    /**
     * The label of a user's group: the user's name, with its id when another user in the same
     * listing has the same name (a deleted user's name can be given to a new one) or the name is
     * one of the labels below; {@link #NO_KEY} or {@link #UNMANAGED_KEY} when {@code userId} is null.
     */
    public static String userLabel(Integer userId, String name, boolean withoutKey, boolean nameShared) {
        if (userId == null) {
            return withoutKey ? NO_KEY : UNMANAGED_KEY;
        }
        boolean ambiguous = nameShared || name.equals(NO_KEY) || name.equals(UNMANAGED_KEY);
        return ambiguous ? name + " #" + userId : name;
    }

    private static List<Group> byCredential(DSLContext dsl, Condition range) {
        Map<String, Totals> byLabel = new LinkedHashMap<>();
        dsl.select(measures(USAGE_EVENT.AUTH_INDEX, USAGE_EVENT.SOURCE, USAGE_EVENT.AUTH_TYPE))
                .from(USAGE_EVENT)
                .where(range)
                .groupBy(USAGE_EVENT.AUTH_INDEX, USAGE_EVENT.SOURCE, USAGE_EVENT.AUTH_TYPE)
                .forEach(r -> byLabel.merge(credentialLabel(r.get(USAGE_EVENT.AUTH_INDEX),
                        r.get(USAGE_EVENT.SOURCE), r.get(USAGE_EVENT.AUTH_TYPE)), totalsOf(r), Totals::plus));
        return toGroups(byLabel);
    }

    /** The credential's label; an API-key credential's source is stored masked already. */
    public static String credentialLabel(String authIndex, String source, String authType) {
        String shownSource = source;
        if (authIndex.isEmpty()) {
            return shownSource.isEmpty() ? NO_CREDENTIAL : NO_CREDENTIAL + " " + shownSource;
        }
        return shownSource.isEmpty() ? authIndex : authIndex + " (" + shownSource + ")";
    }

    private static List<Group> byDay(DSLContext dsl, Condition range, Condition within, Instant from, Instant to,
            ZoneId zone) {
        Field<Long> bucket = USAGE_EVENT.TS_NS.div(BUCKET_NANOS)
                .minus(DSL.when(USAGE_EVENT.TS_NS.mod(BUCKET_NANOS).lt(0L), 1L).otherwise(0L));
        Field<Long> bucketField = bucket.as("bucket");
        Map<LocalDate, Totals> byDate = new HashMap<>();
        long lower = from == null ? Long.MIN_VALUE : saturatedNanos(from);
        long upper = to == null ? Long.MAX_VALUE : saturatedNanos(to);
        var rows = dsl.select(measures(bucketField)).from(USAGE_EVENT).where(range).groupBy(bucket).fetch();
        for (Record r : rows) {
            long start = r.get(bucketField) * BUCKET_NANOS;
            long end = start + BUCKET_NANOS;
            LocalDate first = localDate(start, zone);
            LocalDate last = localDate(end - 1, zone);
            if (first.equals(last)) {
                byDate.merge(first, totalsOf(r), Totals::plus);
            } else {
                // Only an offset that is not a multiple of 15 minutes (historic local mean time)
                // puts midnight inside a quarter hour; that bucket is summed exactly on each side.
                long midnight = CpaTimestamps.toEpochNanos(last.atStartOfDay(zone).toInstant());
                byDate.merge(first, sumOf(dsl, between(Math.max(start, lower), Math.min(midnight, upper)).and(within)),
                        Totals::plus);
                byDate.merge(last, sumOf(dsl, between(Math.max(midnight, lower), Math.min(end, upper)).and(within)),
                        Totals::plus);
            }
        }
        Map<String, Totals> byLabel = new LinkedHashMap<>();
        byDate.forEach((date, totals) -> {
            if (totals.requests() > 0) {
                byLabel.put(date.toString(), totals);
            }
        });
        return toGroups(byLabel);
    }

    /**
     * Sums per local hour. Every offset in use since the 1970s is a multiple of 15 minutes, so a
     * quarter-hour bucket lies within one local hour; a bucket of a historic zone whose offset is
     * not is counted in the hour it starts in.
     */
    private static List<Group> byHour(DSLContext dsl, Condition range, ZoneId zone) {
        Field<Long> bucket = USAGE_EVENT.TS_NS.div(BUCKET_NANOS)
                .minus(DSL.when(USAGE_EVENT.TS_NS.mod(BUCKET_NANOS).lt(0L), 1L).otherwise(0L));
        Field<Long> bucketField = bucket.as("bucket");
        Map<String, Totals> byLabel = new LinkedHashMap<>();
        for (Record r : dsl.select(measures(bucketField)).from(USAGE_EVENT).where(range).groupBy(bucket).fetch()) {
            byLabel.merge(hourLabel(r.get(bucketField) * BUCKET_NANOS, zone), totalsOf(r), Totals::plus);
        }
        return toGroups(byLabel);
    }

    /**
     * The local hour an instant (UTC epoch nanoseconds) falls in, with its offset:
     * {@code 2026-11-01T01:00-04:00}.
     */
    public static String hourLabel(long nanos, ZoneId zone) {
        ZonedDateTime hour = CpaTimestamps.fromEpochNanos(nanos).atZone(zone).truncatedTo(ChronoUnit.HOURS);
        return hour.toLocalDateTime().format(HOUR_FORMAT) + hour.getOffset().getId();
    }

    /** The local date of an instant given as UTC epoch nanoseconds. */
    public static LocalDate localDate(long nanos, ZoneId zone) {
        return LocalDate.ofInstant(CpaTimestamps.fromEpochNanos(nanos), zone);
    }

    private static Totals sumOf(DSLContext dsl, Condition condition) {
        return totalsOf(dsl.select(measures()).from(USAGE_EVENT).where(condition).fetchOne());
    }

    private static List<Group> toGroups(Map<String, Totals> byLabel) {
        List<Group> groups = new ArrayList<>(byLabel.size());
        byLabel.forEach((label, totals) -> groups.add(new Group(label, totals)));
        return groups;
    }

    private static List<SelectField<?>> measures(SelectField<?>... keys) {
        List<SelectField<?>> fields = new ArrayList<>(List.of(keys));
        fields.add(REQUESTS);
        fields.addAll(SUMS);
        return fields;
    }

    private static Totals totalsOf(Record r) {
        long[] sums = new long[SUMS.size()];
        for (int i = 0; i < sums.length; i++) {
            BigDecimal sum = r.get(SUMS.get(i));
            sums[i] = sum == null ? 0 : sum.longValueExact();
        }
        Integer requests = r.get(REQUESTS);
        return new Totals(requests == null ? 0 : requests, sums[0], sums[1], sums[2], sums[3], sums[4], sums[5],
                sums[6], sums[7]);
    }

    private static Condition range(Instant from, Instant to) {
        Condition condition = DSL.noCondition();
        if (from != null) {
            condition = condition.and(USAGE_EVENT.TS_NS.ge(saturatedNanos(from)));
        }
        if (to != null) {
            condition = condition.and(USAGE_EVENT.TS_NS.lt(saturatedNanos(to)));
        }
        return condition;
    }

    private static Condition between(long fromNanos, long toNanos) {
        return USAGE_EVENT.TS_NS.ge(fromNanos).and(USAGE_EVENT.TS_NS.lt(toNanos));
    }

    /** Epoch nanoseconds, pinned to the long range for instants beyond it (open-ended bounds). */
    public static long saturatedNanos(Instant instant) {
        try {
            return CpaTimestamps.toEpochNanos(instant);
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
