package dev.cpaconsole.usage.core;

import static dev.cpaconsole.store.schema.Tables.CLIENT_KEY;
import static dev.cpaconsole.store.schema.Tables.CONSOLE_USER;
import static dev.cpaconsole.store.schema.Tables.MANAGED_KEY;
import static dev.cpaconsole.store.schema.Tables.MANAGED_KEY_VALUE;
import static dev.cpaconsole.store.schema.Tables.USAGE_CREDENTIAL;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
import java.util.Set;

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

    /** 1 for an event that carried no client key, 0 otherwise; part of the owner grouping. */
    public static final Field<Integer> WITHOUT_KEY = DSL.when(UsageRows.DIM_KEY.eq(DSL.inline(0L)), DSL.inline(1))
            .otherwise(DSL.inline(0)).as("without_key");

    private static final int HASH_HINT_LENGTH = 8;
    private static final DateTimeFormatter HOUR_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm");

    private static final long HOUR_NANOS = Rollups.GRAIN_NANOS[Rollups.HOUR];
    private static final long DAY_NANOS = Rollups.GRAIN_NANOS[Rollups.DAY];
    /** The measures statistics sum, by roll-up column name. */
    private static final List<String> SUMMED = List.of("requests", "failed", "uncached_input_tokens",
            "cache_read_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens", "unclassified_tokens",
            "total_tokens");
    private static final List<Field<BigDecimal>> SUMS = SUMMED.stream().map(UsageRows::sum).toList();

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
        Objects.requireNonNull(scope, "scope");
        return database.read(dsl -> totalsOf(dsl.select(measures())
                .from(UsageRows.rows(dsl, request(from, to, Rollups.ALL, scope, UsageRows.Cuts.NONE)))
                .fetchOne()));
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
        Objects.requireNonNull(scope, "scope");
        List<Group> groups = database.read(dsl -> switch (by) {
            case MODEL -> byColumn(dsl, request(from, to, Rollups.ALL, scope, UsageRows.Cuts.NONE), UsageRows.MODEL);
            case PROVIDER -> byColumn(dsl, request(from, to, Rollups.ALL, scope, UsageRows.Cuts.NONE),
                    UsageRows.PROVIDER);
            case KEY -> byClientKey(dsl, request(from, to, Rollups.BY_KEY, scope, UsageRows.Cuts.NONE));
            case USER -> byUser(dsl, request(from, to, Rollups.BY_KEY, scope, UsageRows.Cuts.NONE));
            case AUTH -> byCredential(dsl, request(from, to, Rollups.BY_CREDENTIAL, scope, UsageRows.Cuts.NONE));
            case DAY -> byLocalTime(dsl, from, to, Objects.requireNonNull(zone, "zone"), scope, false);
            case HOUR -> byLocalTime(dsl, from, to, Objects.requireNonNull(zone, "zone"), scope, true);
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

    private static UsageRows.Request request(Instant from, Instant to, int dim, UsageScope scope,
            UsageRows.Cuts cuts) {
        return new UsageRows.Request(from, to, dim, scope, cuts, Set.of());
    }

    private static List<Group> byColumn(DSLContext dsl, UsageRows.Request request, Field<String> column) {
        List<Group> groups = new ArrayList<>();
        dsl.select(measures(column)).from(UsageRows.rows(dsl, request)).groupBy(column)
                .forEach(r -> groups.add(new Group(r.get(column), totalsOf(r))));
        return groups;
    }

    private static List<Group> byClientKey(DSLContext dsl, UsageRows.Request request) {
        var rows = dsl.select(measures(CLIENT_KEY.KEY_HASH, CLIENT_KEY.MASKED))
                .from(perClientKey(dsl, request))
                .leftJoin(CLIENT_KEY).on(CLIENT_KEY.ID.coerce(Long.class).eq(UsageRows.DIM_KEY))
                .groupBy(UsageRows.DIM_KEY, CLIENT_KEY.KEY_HASH, CLIENT_KEY.MASKED)
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
     * The rows of {@code request} summed per client key first, so that the joins to keys and
     * owners see one row per key rather than one per key, bucket, model and status.
     */
    private static Table<Record> perClientKey(DSLContext dsl, UsageRows.Request request) {
        List<SelectField<?>> fields = new ArrayList<>();
        fields.add(UsageRows.DIM_KEY.as(UsageRows.DIM_KEY.getName()));
        for (String measure : SUMMED) {
            fields.add(UsageRows.sum(measure).as(measure));
        }
        return dsl.select(fields).from(UsageRows.rows(dsl, request)).groupBy(UsageRows.DIM_KEY)
                .asTable(UsageRows.DIM_KEY.getQualifiedName().first());
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

    /**
     * Rows of the client-key dimension with the user owning the managed key that has or had each
     * key's value: {@code client_key → managed_key_value → managed_key → console_user}, every step a
     * left join, deleted keys and users included. A value belongs to at most one managed key, so no
     * row is counted twice.
     */
    public static Table<Record> withOwners(Table<Record> keyRows) {
        return keyRows
                .leftJoin(CLIENT_KEY).on(CLIENT_KEY.ID.coerce(Long.class).eq(UsageRows.DIM_KEY))
                .leftJoin(MANAGED_KEY_VALUE).on(MANAGED_KEY_VALUE.KEY_HASH.eq(CLIENT_KEY.KEY_HASH))
                .leftJoin(MANAGED_KEY).on(MANAGED_KEY.ID.eq(MANAGED_KEY_VALUE.MANAGED_KEY_ID))
                .leftJoin(CONSOLE_USER).on(CONSOLE_USER.ID.eq(MANAGED_KEY.USER_ID));
    }

    private static List<Group> byUser(DSLContext dsl, UsageRows.Request request) {
        var rows = dsl.select(measures(CONSOLE_USER.ID, CONSOLE_USER.NAME, WITHOUT_KEY))
                .from(withOwners(perClientKey(dsl, request)))
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

    private static List<Group> byCredential(DSLContext dsl, UsageRows.Request request) {
        Map<String, Totals> byLabel = new LinkedHashMap<>();
        dsl.select(measures(USAGE_CREDENTIAL.AUTH_INDEX, USAGE_CREDENTIAL.SOURCE, USAGE_CREDENTIAL.AUTH_TYPE))
                .from(UsageRows.rows(dsl, request))
                .leftJoin(USAGE_CREDENTIAL).on(USAGE_CREDENTIAL.ID.coerce(Long.class).eq(UsageRows.DIM_KEY))
                .groupBy(UsageRows.DIM_KEY, USAGE_CREDENTIAL.AUTH_INDEX, USAGE_CREDENTIAL.SOURCE,
                        USAGE_CREDENTIAL.AUTH_TYPE)
                .forEach(r -> byLabel.merge(credentialLabel(Objects.toString(r.get(USAGE_CREDENTIAL.AUTH_INDEX), ""),
                        Objects.toString(r.get(USAGE_CREDENTIAL.SOURCE), ""),
                        Objects.toString(r.get(USAGE_CREDENTIAL.AUTH_TYPE), "")), totalsOf(r), Totals::plus));
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

    /**
     * Sums per local day or hour of {@code zone}. The range is cut at every local midnight (or
     * hour start), so no row spans two; a row's local time is that of its first instant.
     */
    private static List<Group> byLocalTime(DSLContext dsl, Instant from, Instant to, ZoneId zone, UsageScope scope,
            boolean hours) {
        UsageRows.Cuts cuts = hours ? UsageRows.Cuts.localHours(zone) : UsageRows.Cuts.localDays(zone);
        long[] bounds = UsageRows.bounds(dsl, from, to);
        Field<Long> offsetNanos = UsageRows.offsetNanos(zone, bounds[0], bounds[1]);
        Field<Long> offset = offsetNanos.as("offset_ns");
        Field<Long> local = UsageRows.floorDiv(UsageRows.AT.plus(offsetNanos), hours ? HOUR_NANOS : DAY_NANOS)
                .as("local_index");
        List<SelectField<?>> keys = hours ? List.of(local, offset) : List.of(local);
        Map<String, Totals> byLabel = new LinkedHashMap<>();
        var rows = dsl.select(measures(keys.toArray(SelectField[]::new)))
                .from(UsageRows.rows(dsl, request(from, to, Rollups.ALL, scope, cuts)))
                .groupBy(keys.stream().map(f -> (Field<?>) f).map(f -> DSL.field(DSL.name(f.getName()))).toList())
                .fetch();
        for (Record r : rows) {
            long index = r.get(local);
            String label = hours ? localHourLabel(index, r.get(offset)) : LocalDate.ofEpochDay(index).toString();
            Totals totals = totalsOf(r);
            if (totals.requests() > 0) {
                byLabel.merge(label, totals, Totals::plus);
            }
        }
        return toGroups(byLabel);
    }

    /** The label of local hour {@code index} (hours since the local epoch) at an offset in nanoseconds. */
    public static String localHourLabel(long index, long offsetNanos) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(Math.toIntExact(offsetNanos / 1_000_000_000L));
        return LocalDateTime.ofEpochSecond(index * 3600, 0, ZoneOffset.UTC).format(HOUR_FORMAT) + offset.getId();
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

    private static List<Group> toGroups(Map<String, Totals> byLabel) {
        List<Group> groups = new ArrayList<>(byLabel.size());
        byLabel.forEach((label, totals) -> groups.add(new Group(label, totals)));
        return groups;
    }

    private static List<SelectField<?>> measures(SelectField<?>... keys) {
        List<SelectField<?>> fields = new ArrayList<>(List.of(keys));
        fields.addAll(SUMS);
        return fields;
    }

    private static Totals totalsOf(Record r) {
        long[] sums = new long[SUMS.size()];
        for (int i = 0; i < sums.length; i++) {
            BigDecimal sum = r.get(SUMS.get(i));
            sums[i] = sum == null ? 0 : sum.longValueExact();
        }
        return new Totals(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7], sums[8]);
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
