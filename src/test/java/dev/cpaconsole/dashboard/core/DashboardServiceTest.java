package dev.cpaconsole.dashboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jooq.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.pricing.core.CostPolicy;
import dev.cpaconsole.pricing.core.CostTotals;
import dev.cpaconsole.pricing.core.PriceBook;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceSource;
import dev.cpaconsole.pricing.core.Rates;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.UsageRecord;
import dev.cpaconsole.usage.core.ClientKeys;
import dev.cpaconsole.usage.core.CpaTimestamps;
import dev.cpaconsole.usage.core.LatencyClasses;
import dev.cpaconsole.usage.core.RandomUsage;
import dev.cpaconsole.usage.core.ReceivedItem;
import dev.cpaconsole.usage.core.Rollups;
import dev.cpaconsole.usage.core.UsageEventStore;
import dev.cpaconsole.usage.core.UsageStatistics;

/**
 * The dashboard's figures, series, rankings and heatmap against the stored events summed by hand,
 * in zones with daylight saving time and with a quarter-hour offset.
 */
class DashboardServiceTest {
    private static final Instant NOW = Instant.parse("2026-03-20T10:07:30Z");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");
    private static final PriceBook BOOK = new PriceBook(List.of(
            PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL),
            PriceRule.simple("claude-*", Rates.of("3", "15"), PriceSource.MANUAL)));
    private static final CostPolicy POLICY = CostPolicy.DEFAULT;

    @TempDir
    Path dataDir;

    private Database database;
    private DashboardService service;
    private List<Event> events;

    /** One stored event as the test sums it. */
    private record Event(long ts, boolean failed, int status, long tokens, long latencyMs, int latencyClass,
            long clientKeyId, long credentialId, String model) {
    }

    @BeforeEach
    void storeEvents() {
        database = Database.open(dataDir);
        UsageEventStore store = new UsageEventStore(database);
        List<ReceivedItem> items = new RandomUsage(20_260_320).items(3_000, Instant.parse("2026-02-10T00:00:00Z"),
                NOW);
        for (int from = 0; from < items.size(); from += 500) {
            store.write(items.subList(from, Math.min(items.size(), from + 500)));
        }
        addUser(1, "alice", 11, "laptop", "sk-random-client-0001");
        addUser(2, "bob", 12, "ci", "sk-random-client-0002");
        events = new ArrayList<>();
        for (Record e : database.read(dsl -> dsl.fetch("SELECT * FROM usage_event"))) {
            Long key = e.get("client_key_id", Long.class);
            events.add(new Event(e.get("ts_ns", Long.class), e.get("failed", Integer.class) == 1,
                    Objects.requireNonNullElse(e.get("status_code", Integer.class), 0),
                    e.get("total_tokens", Long.class), e.get("latency_ms", Long.class),
                    e.get("latency_class", Integer.class), key == null ? 0 : key,
                    e.get("credential_id", Long.class), e.get("model", String.class)));
        }
        service = new DashboardService(database, Clock.fixed(NOW, KATHMANDU));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void addUser(int userId, String user, int keyId, String keyName, String rawKey) {
        database.write(dsl -> {
            dsl.execute("INSERT INTO console_user (id, name, display_name, contact, notes, role, disabled, "
                    + "created_ns, updated_ns) VALUES (?, ?, ?, '', '', 'user', 0, 0, 0)", userId, user, user);
            dsl.execute("INSERT INTO managed_key (id, user_id, name, description, key_hash, masked, created_ns, "
                    + "updated_ns, suspended, status, status_detail, in_cpa, out_of_sync) "
                    + "VALUES (?, ?, ?, '', ?, ?, 0, 0, 0, 'active', '', 1, '')", keyId, userId, keyName,
                    ClientKeys.hash(rawKey), ClientKeys.mask(rawKey));
            return dsl.execute("INSERT INTO managed_key_value (key_hash, managed_key_id, masked, since_ns) "
                    + "VALUES (?, ?, ?, 0)", ClientKeys.hash(rawKey), keyId, ClientKeys.mask(rawKey));
        });
    }

    @Test
    void thirtyDaysAcrossADaylightSavingChangeAddUpToTheEvents() {
        checkAgainstEvents(DashboardRange.of(RangePreset.LAST_30_DAYS, NOW, NEW_YORK));
    }

    @Test
    void aWeekInAQuarterHourOffsetZoneAddsUpToTheEvents() {
        checkAgainstEvents(DashboardRange.of(RangePreset.LAST_7_DAYS, NOW, KATHMANDU));
    }

    @Test
    void theDaylightSavingDayInHoursAddsUpToTheEvents() {
        DashboardRange range = DashboardRange.custom(LocalDate.of(2026, 3, 7), LocalDate.of(2026, 3, 8), NEW_YORK);

        Dashboard dashboard = checkAgainstEvents(range);

        // 24 hours on the 7th and 23 on the 8th, when 02:00 does not exist.
        assertThat(dashboard.series()).hasSize(47);
        assertThat(dashboard.series()).extracting(SeriesPoint::label).doesNotContain("2026-03-08T02:00-05:00")
                .contains("2026-03-08T01:00-05:00", "2026-03-08T03:00-04:00");
    }

    @Test
    void theLast24HoursWithRaggedEndsAddUpToTheEvents() {
        checkAgainstEvents(DashboardRange.of(RangePreset.LAST_24_HOURS, NOW, KATHMANDU));
    }

    @Test
    void aThirtyDayDashboardReadsTheRollUpsOnly() {
        DashboardRange range = DashboardRange.of(RangePreset.LAST_30_DAYS, NOW, KATHMANDU);
        DashboardScope alice = DashboardScope.GLOBAL.withUser(ScopePick.user(1, "alice"));
        Dashboard global = service.read(range, DashboardScope.GLOBAL, BOOK, POLICY);
        Dashboard narrowed = service.read(range, alice, BOOK, POLICY);
        assertThat(global.figures().totals().requests()).isPositive();

        database.write(dsl -> dsl.execute("DELETE FROM usage_event_raw") + dsl.execute("DELETE FROM usage_event"));

        assertSameDashboard(service.read(range, DashboardScope.GLOBAL, BOOK, POLICY), global);
        assertSameDashboard(service.read(range, alice, BOOK, POLICY), narrowed);
    }

    @Test
    void everyRankingRowNarrowsTheDashboardToExactlyItsOwnUsage() {
        DashboardRange range = DashboardRange.of(RangePreset.LAST_7_DAYS, NOW, NEW_YORK);
        Dashboard dashboard = service.read(range, DashboardScope.GLOBAL, BOOK, POLICY);

        List<RankingRow> rows = new ArrayList<>();
        for (Ranking ranking : List.of(dashboard.users(), dashboard.keys(), dashboard.models(),
                dashboard.accounts())) {
            rows.addAll(ranking.rows().stream().filter(r -> r.narrowTo() != null).toList());
        }
        assertThat(rows).extracting(RankingRow::label).contains("alice", "bob", "alice / laptop", "gpt-5.4");
        for (RankingRow row : rows) {
            Dashboard narrowed = service.read(range, row.narrowTo(), BOOK, POLICY);
            assertThat(narrowed.figures().totals().requests()).as(row.label()).isEqualTo(row.requests());
            assertThat(narrowed.figures().totals().totalTokens()).as(row.label()).isEqualTo(row.tokens());
            assertThat(narrowed.figures().cost().cost()).as(row.label()).isEqualByComparingTo(row.cost().cost());
        }
    }

    @Test
    void rankingsKeptPerDayFollowLateEventsOtherPricesAndRebuilds() {
        DashboardRange range = DashboardRange.of(RangePreset.LAST_30_DAYS, NOW, NEW_YORK);
        DashboardScope alice = DashboardScope.GLOBAL.withUser(ScopePick.user(1, "alice"));
        RankingRow before = aliceIn(service.read(range, DashboardScope.GLOBAL, BOOK, POLICY));
        long keptDays = database.read(dsl -> dsl.fetchOne("SELECT COUNT(*) FROM usage_member_day_state")
                .get(0, Long.class));
        assertThat(keptDays).as("days kept for keys and for accounts").isGreaterThanOrEqualTo(2 * 28);

        // A late event ten days back, on a day already kept.
        UsageRecord late = UsageRecord.at(NOW.minus(Duration.ofDays(10))).clientKey("sk-random-client-0001")
                .model("gpt-5.4").tokens(100_000, 0, 0, 20_000, 0);
        assertThat(UsageRecord.store(database, late).added()).isEqualTo(1);
        RankingRow after = aliceIn(service.read(range, DashboardScope.GLOBAL, BOOK, POLICY));
        assertThat(after.requests()).isEqualTo(before.requests() + 1);
        assertThat(after.tokens()).isEqualTo(before.tokens() + late.totalTokens());
        assertThat(after.cost().cost()).isGreaterThan(before.cost().cost());
        assertSameUsage(after, service.read(range, alice, BOOK, POLICY));

        // Other prices sum every day again; the first ones once more give the first costs.
        PriceBook dearer = new PriceBook(List.of(
                PriceRule.simple("gpt-5.4", Rates.of("2.5", "20"), PriceSource.MANUAL),
                PriceRule.simple("claude-*", Rates.of("3", "15"), PriceSource.MANUAL)));
        RankingRow repriced = aliceIn(service.read(range, DashboardScope.GLOBAL, dearer, POLICY));
        assertThat(repriced.cost().cost()).isGreaterThan(after.cost().cost());
        assertSameUsage(repriced, service.read(range, alice, dearer, POLICY));
        assertThat(aliceIn(service.read(range, DashboardScope.GLOBAL, BOOK, POLICY))).isEqualTo(after);

        database.write(dsl -> {
            Rollups.rebuild(dsl);
            return null;
        });
        long keptAfterRebuild = database.read(dsl -> dsl.fetchOne("SELECT COUNT(*) FROM usage_member_day_state")
                .get(0, Long.class));
        assertThat(keptAfterRebuild).isZero();
        assertThat(aliceIn(service.read(range, DashboardScope.GLOBAL, BOOK, POLICY))).isEqualTo(after);
    }

    private static RankingRow aliceIn(Dashboard dashboard) {
        return dashboard.users().rows().stream().filter(r -> r.label().equals("alice")).findFirst().orElseThrow();
    }

    /** The row's requests, tokens and cost are the dashboard's figures. */
    private static void assertSameUsage(RankingRow row, Dashboard narrowed) {
        assertThat(narrowed.figures().totals().requests()).isEqualTo(row.requests());
        assertThat(narrowed.figures().totals().totalTokens()).isEqualTo(row.tokens());
        assertThat(narrowed.figures().cost().cost()).isEqualByComparingTo(row.cost().cost());
    }

    @Test
    void aUserNarrowedToAnAccountRanksNoAccountsButSaysWhy() {
        DashboardRange range = DashboardRange.of(RangePreset.LAST_7_DAYS, NOW, NEW_YORK);
        DashboardScope alice = DashboardScope.GLOBAL.withUser(ScopePick.user(1, "alice"));

        Dashboard dashboard = service.read(range, alice, BOOK, POLICY);

        assertThat(dashboard.accounts().rows()).isEmpty();
        assertThat(dashboard.accounts().unavailable()).contains("not ranked");
        assertThat(dashboard.users().rows()).extracting(RankingRow::label).containsExactly("alice");
    }

    @Test
    void collectionGapsOverlappingTheRangeAreClippedToIt() {
        DashboardRange range = DashboardRange.of(RangePreset.LAST_24_HOURS, NOW, KATHMANDU);
        long before = CpaTimestamps.toEpochNanos(range.from().minusSeconds(3600));
        long inside = CpaTimestamps.toEpochNanos(range.from().plusSeconds(7200));
        database.write(dsl -> {
            dsl.execute("INSERT INTO collection_gap (start_ns, end_ns, reason) VALUES (?, ?, 'disconnected')",
                    before, CpaTimestamps.toEpochNanos(range.from().plusSeconds(600)));
            dsl.execute("INSERT INTO collection_gap (start_ns, end_ns, reason) VALUES (?, ?, 'console-stopped')",
                    before - 1_000_000_000_000L, before);
            return dsl.execute("INSERT INTO collection_gap (start_ns, reason) VALUES (?, 'key-rejected')", inside);
        });

        List<GapInterval> gaps = service.read(range, DashboardScope.GLOBAL, BOOK, POLICY).gaps();

        assertThat(gaps).extracting(GapInterval::reason).containsExactly("disconnected", "key-rejected");
        assertThat(gaps.get(0).start()).isEqualTo(range.from());
        assertThat(gaps.get(0).end()).isEqualTo(range.from().plusSeconds(600));
        assertThat(gaps.get(1).end()).isEqualTo(NOW);
    }

    @Test
    void scopeChoicesComeFromTheSmallTables() {
        ScopeChoices choices = service.choices();

        assertThat(choices.users()).extracting(ScopePick::label).containsExactly("alice", "bob");
        assertThat(choices.keys()).extracting(ScopePick::label).containsExactly("alice / laptop", "bob / ci");
        assertThat(choices.models()).contains("gpt-5.4", "fast", "claude-sonnet-4-6");
        assertThat(choices.providers()).containsExactly("claude", "codex", "gemini");
        assertThat(choices.accounts()).hasSize(3);
    }

    private Dashboard checkAgainstEvents(DashboardRange range) {
        Dashboard dashboard = service.read(range, DashboardScope.GLOBAL, BOOK, POLICY);
        ZoneId zone = range.zone();
        long from = CpaTimestamps.toEpochNanos(range.from());
        long to = CpaTimestamps.toEpochNanos(range.to());
        List<Event> inRange = events.stream().filter(e -> e.ts() >= from && e.ts() < to).toList();
        assertThat(inRange).hasSizeGreaterThan(20);

        Figures figures = dashboard.figures();
        assertThat(figures.totals().requests()).isEqualTo(inRange.size());
        assertThat(figures.totals().failed()).isEqualTo(inRange.stream().filter(Event::failed).count());
        long tokens = inRange.stream().mapToLong(Event::tokens).sum();
        assertThat(figures.totals().totalTokens()).isEqualTo(tokens);
        assertThat(figures.averageLatencyMs().getAsDouble())
                .isEqualTo((double) inRange.stream().mapToLong(Event::latencyMs).sum() / inRange.size());
        long[] classes = new long[LatencyClasses.COUNT];
        inRange.forEach(e -> classes[e.latencyClass()]++);
        assertThat(figures.p95LatencyMs().getAsDouble()).isEqualTo(LatencyClasses.quantile(classes, 0.95));
        Map<Integer, Long> failures = new HashMap<>();
        inRange.stream().filter(Event::failed).forEach(e -> failures.merge(e.status(), 1L, Long::sum));
        assertThat(figures.failuresByStatus()).isEqualTo(failures);
        CostTotals cost = exact(figures.cost());
        assertThat(cost.pricedRequests() + cost.unpricedRequests()).isEqualTo(inRange.size());
        assertThat(cost.cost()).isPositive();

        // The series: each local hour or day holds its own events, and together they hold the range.
        Function<Event, String> bucketOf = range.hourly()
                ? e -> UsageStatistics.hourLabel(e.ts(), zone)
                : e -> UsageStatistics.localDate(e.ts(), zone).toString();
        Map<String, Long> expected = new HashMap<>();
        inRange.forEach(e -> expected.merge(bucketOf.apply(e), 1L, Long::sum));
        Map<String, Long> actual = new HashMap<>();
        dashboard.series().stream().filter(p -> p.requests() > 0).forEach(p -> actual.put(p.label(), p.requests()));
        assertThat(actual).isEqualTo(expected);
        assertThat(dashboard.series().stream().mapToLong(SeriesPoint::failed).sum())
                .isEqualTo(figures.totals().failed());
        assertThat(dashboard.series().stream().mapToLong(SeriesPoint::tokens).sum()).isEqualTo(tokens);
        assertThat(sum(dashboard.series().stream().map(SeriesPoint::cost).toList())).isEqualTo(cost);
        assertThat(dashboard.series().getFirst().start()).isEqualTo(range.from());
        assertThat(dashboard.series().getLast().end()).isEqualTo(range.to());

        // Every ranking adds up to the figures.
        for (Ranking ranking : List.of(dashboard.users(), dashboard.keys(), dashboard.models(),
                dashboard.accounts())) {
            assertThat(ranking.rows().stream().mapToLong(RankingRow::requests).sum()).isEqualTo(inRange.size());
            assertThat(ranking.rows().stream().mapToLong(RankingRow::tokens).sum()).isEqualTo(tokens);
            assertThat(sum(ranking.rows().stream().map(RankingRow::cost).toList())).isEqualTo(cost);
        }
        Map<String, Long> byModel = new HashMap<>();
        inRange.forEach(e -> byModel.merge(e.model(), 1L, Long::sum));
        Map<String, Long> rankedModels = new HashMap<>();
        dashboard.models().rows().forEach(r -> rankedModels.put(r.label(), r.requests()));
        assertThat(rankedModels).isEqualTo(byModel);
        long alicesEvents = inRange.stream().filter(e -> e.clientKeyId() == clientKeyId("sk-random-client-0001"))
                .count();
        assertThat(dashboard.users().rows()).filteredOn(r -> r.label().equals("alice"))
                .extracting(RankingRow::requests).containsExactly(alicesEvents);

        // The heatmap holds every event in its local weekday and hour.
        long[][] hours = new long[7][24];
        inRange.forEach(e -> {
            LocalDateTime local = LocalDateTime.ofInstant(CpaTimestamps.fromEpochNanos(e.ts()), zone);
            hours[local.getDayOfWeek().getValue() - 1][local.getHour()]++;
        });
        for (DayOfWeek day : DayOfWeek.values()) {
            for (int hour = 0; hour < 24; hour++) {
                assertThat(dashboard.hourOfWeek().requests(day, hour)).as(day + " " + hour)
                        .isEqualTo(hours[day.getValue() - 1][hour]);
            }
        }
        return dashboard;
    }

    private long clientKeyId(String rawKey) {
        return database.read(dsl -> dsl.fetchValue("SELECT id FROM client_key WHERE key_hash = ?",
                ClientKeys.hash(rawKey))) instanceof Number n ? n.longValue() : -1;
    }

    private static CostTotals sum(List<CostTotals> costs) {
        CostTotals total = CostTotals.ZERO;
        for (CostTotals cost : costs) {
            total = total.plus(cost);
        }
        return exact(total);
    }

    /** The same totals with the amount in its shortest scale, so that equal amounts compare equal. */
    private static CostTotals exact(CostTotals cost) {
        return new CostTotals(cost.cost().stripTrailingZeros(), cost.pricedRequests(), cost.unpricedRequests(),
                cost.unpricedTokens(), cost.flags());
    }

    private static void assertSameDashboard(Dashboard actual, Dashboard expected) {
        assertThat(actual.figures().totals()).isEqualTo(expected.figures().totals());
        assertThat(actual.figures().failuresByStatus()).isEqualTo(expected.figures().failuresByStatus());
        assertThat(actual.figures().cost().cost()).isEqualByComparingTo(expected.figures().cost().cost());
        assertThat(actual.figures().p50LatencyMs()).isEqualTo(expected.figures().p50LatencyMs());
        assertThat(actual.figures().averageTtftMs()).isEqualTo(expected.figures().averageTtftMs());
        assertThat(actual.figures().outputTokensPerSecond()).isEqualTo(expected.figures().outputTokensPerSecond());
        assertThat(actual.series()).isEqualTo(expected.series());
        assertThat(actual.users()).isEqualTo(expected.users());
        assertThat(actual.keys()).isEqualTo(expected.keys());
        assertThat(actual.models()).isEqualTo(expected.models());
        assertThat(actual.accounts()).isEqualTo(expected.accounts());
        assertThat(actual.hourOfWeek().total()).isEqualTo(expected.hourOfWeek().total());
    }
}
