package dev.cpaconsole.usage.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.jooq.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.pricing.core.CostCalculator;
import dev.cpaconsole.pricing.core.CostPolicy;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.CostReport;
import dev.cpaconsole.pricing.core.PriceBook;
import dev.cpaconsole.pricing.core.PriceMatch;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceSource;
import dev.cpaconsole.pricing.core.PriceTier;
import dev.cpaconsole.pricing.core.Rates;
import dev.cpaconsole.pricing.core.UsageAmounts;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.UsageStatistics.Group;
import dev.cpaconsole.usage.core.UsageStatistics.GroupBy;
import dev.cpaconsole.usage.core.UsageStatistics.Totals;

/**
 * Over random time zones, events and ranges: the local days (and hours) of any range add up to
 * the range's total, each holds exactly the events whose local date is that day, and costs from
 * roll-ups equal costs computed event by event.
 */
class LocalBucketsPropertyTest {
    private static final int RUNS = 40;
    private static final Instant FROM = Instant.parse("2026-02-20T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-04-10T00:00:00Z");

    @TempDir
    Path dataDir;

    private Database database;
    private List<StoredEvent> events;

    private record StoredEvent(long ts, String provider, String model, String alias, UsageAmounts amounts,
            long input, long tokens, long clientKeyId, long credentialId) {
    }

    @BeforeEach
    void storeRandomEvents() {
        database = Database.open(dataDir);
        UsageEventStore store = new UsageEventStore(database);
        RandomUsage usage = new RandomUsage(20_260_308);
        List<ReceivedItem> items = usage.items(3_000, FROM, TO);
        for (int from = 0; from < items.size(); from += 500) {
            store.write(items.subList(from, Math.min(items.size(), from + 500)));
        }
        events = new ArrayList<>();
        for (Record e : database.read(dsl -> dsl.fetch("SELECT * FROM usage_event"))) {
            long uncached = e.get("uncached_input_tokens", Long.class);
            long read = e.get("cache_read_tokens", Long.class);
            long write = e.get("cache_write_tokens", Long.class);
            UsageAmounts amounts = new UsageAmounts(1, e.get("failed", Long.class), uncached, read, write,
                    e.get("output_tokens", Long.class), e.get("reasoning_tokens", Long.class),
                    e.get("unclassified_tokens", Long.class));
            events.add(new StoredEvent(e.get("ts_ns", Long.class), e.get("provider", String.class),
                    e.get("model", String.class), e.get("alias", String.class), amounts, uncached + read + write,
                    e.get("total_tokens", Long.class),
                    e.get("client_key_id") == null ? 0 : e.get("client_key_id", Long.class),
                    e.get("credential_id", Long.class)));
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void localDaysOfAnyRangeInAnyZoneAddUpToTheRangeAndHoldTheirOwnEvents() {
        List<String> zones = new ArrayList<>(ZoneId.getAvailableZoneIds());
        zones.sort(null);
        Random random = new Random(42);
        UsageStatistics statistics = new UsageStatistics(database);
        for (int run = 0; run < RUNS; run++) {
            ZoneId zone = ZoneId.of(zones.get(random.nextInt(zones.size())));
            Instant[] range = randomRange(random);
            String context = "run " + run + " in " + zone + " over " + range[0] + " .. " + range[1];

            Map<String, long[]> expected = new TreeMap<>();
            long expectedRequests = 0;
            long expectedTokens = 0;
            for (StoredEvent e : within(range)) {
                String day = UsageStatistics.localDate(e.ts(), zone).toString();
                long[] sums = expected.computeIfAbsent(day, d -> new long[2]);
                sums[0]++;
                sums[1] += e.tokens();
                expectedRequests++;
                expectedTokens += e.tokens();
            }
            Totals total = statistics.totals(range[0], range[1]);
            assertThat(total.requests()).as(context).isEqualTo(expectedRequests);
            assertThat(total.totalTokens()).as(context).isEqualTo(expectedTokens);

            List<Group> days = statistics.groups(range[0], range[1], GroupBy.DAY, zone);
            Map<String, long[]> actual = new TreeMap<>();
            for (Group day : days) {
                actual.put(day.key(), new long[] {day.totals().requests(), day.totals().totalTokens()});
            }
            assertThat(actual.keySet()).as(context).containsExactlyElementsOf(expected.keySet());
            expected.forEach((day, sums) -> assertThat(actual.get(day)).as(context + " on " + day)
                    .containsExactly(sums));
            assertThat(days.stream().map(Group::totals).reduce(Totals.ZERO, Totals::plus)).as(context)
                    .isEqualTo(total);

            List<Group> hours = statistics.groups(range[0], range[1], GroupBy.HOUR, zone);
            Map<String, Long> expectedHours = new HashMap<>();
            within(range).forEach(e -> expectedHours.merge(UsageStatistics.hourLabel(e.ts(), zone), 1L, Long::sum));
            Map<String, Long> actualHours = new HashMap<>();
            hours.forEach(h -> actualHours.put(h.key(), h.totals().requests()));
            assertThat(actualHours).as(context).isEqualTo(expectedHours);
        }
    }

    @Test
    void narrowedToSomeKeysOrOneAccountEveryLocalDayHoldsExactlyItsEvents() {
        List<Long> keyIds = events.stream().map(StoredEvent::clientKeyId).filter(id -> id > 0).distinct().sorted()
                .toList();
        List<Long> credentialIds = events.stream().map(StoredEvent::credentialId).distinct().sorted().toList();
        assertThat(keyIds).hasSize(3);
        assertThat(credentialIds).hasSizeGreaterThan(1);
        List<String> zones = List.of("Asia/Kathmandu", "America/New_York", "Australia/Lord_Howe", "UTC",
                "Pacific/Chatham", "Asia/Kolkata");
        Random random = new Random(11);
        UsageStatistics statistics = new UsageStatistics(database);
        for (int run = 0; run < 16; run++) {
            ZoneId zone = ZoneId.of(zones.get(random.nextInt(zones.size())));
            Instant[] range = randomRange(random);
            boolean byKeys = run % 2 == 0;
            List<Long> pool = byKeys ? keyIds : credentialIds;
            List<Long> members = random.ints(byKeys ? 1 + random.nextInt(2) : 1, 0, pool.size())
                    .mapToObj(pool::get).distinct().toList();
            UsageScope scope = byKeys ? new UsageScope(members, null) : new UsageScope(null, null, null, members);
            String context = "run " + run + " in " + zone + " over " + range[0] + " .. " + range[1]
                    + (byKeys ? " for keys " : " for credentials ") + members;

            Map<String, Long> expected = new TreeMap<>();
            for (StoredEvent e : within(range)) {
                if (members.contains(byKeys ? e.clientKeyId() : e.credentialId())) {
                    expected.merge(UsageStatistics.localDate(e.ts(), zone).toString(), e.tokens(), Long::sum);
                }
            }
            Map<String, Long> actual = new TreeMap<>();
            statistics.groups(range[0], range[1], GroupBy.DAY, zone, scope)
                    .forEach(day -> actual.put(day.key(), day.totals().totalTokens()));
            assertThat(actual).as(context).isEqualTo(expected);
            assertThat(statistics.totals(range[0], range[1], scope).totalTokens()).as(context)
                    .isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
        }
    }

    @Test
    void costsFromRollUpsEqualCostsPricedEventByEventInEveryLocalDay() {
        PriceBook book = book();
        CostQuery costs = new CostQuery(database);
        Random random = new Random(7);
        List<String> zones = List.of("Asia/Kathmandu", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe",
                "Asia/Kolkata", "UTC", "Pacific/Chatham");
        for (int run = 0; run < 12; run++) {
            ZoneId zone = ZoneId.of(zones.get(random.nextInt(zones.size())));
            Instant[] range = randomRange(random);
            String context = "run " + run + " in " + zone + " over " + range[0] + " .. " + range[1];
            BigDecimal expected = expectedCost(book, within(range));
            long unpriced = within(range).stream()
                    .filter(e -> book.resolve(e.provider(), e.model(), e.alias(), e.ts()).isEmpty()).count();
            CostReport report = costs.report(range[0], range[1], book, CostPolicy.DEFAULT, GroupBy.DAY, zone);
            assertThat(report.totals().cost()).as(context).isEqualByComparingTo(expected);
            assertThat(report.totals().unpricedRequests()).as(context).isEqualTo(unpriced);
            BigDecimal days = report.groups().values().stream().map(c -> c.cost())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(days).as(context).isEqualByComparingTo(expected);
        }
    }

    private static PriceBook book() {
        return new PriceBook(List.of(
                new PriceRule(0, "gpt-5.4", "", rates("1.25", "10", "0.125"), null,
                        new PriceTier(272_000, rates("2.5", "15", "0.25")), PriceRule.ALWAYS, PriceSource.MANUAL,
                        "", null, ""),
                new PriceRule(0, "gpt-5.4", "", rates("1.5", "12", "0.15"), null,
                        new PriceTier(272_000, rates("3", "18", "0.3")), LocalDate.of(2026, 3, 15),
                        PriceSource.MANUAL, "", null, ""),
                // A threshold the roll-ups are not cut at: such a price is read from the events.
                new PriceRule(0, "gemini-3-pro", "", rates("2", "12", "0.2"), new BigDecimal("0.001"),
                        new PriceTier(150_000, rates("4", "18", "0.4")), PriceRule.ALWAYS, PriceSource.MANUAL,
                        "", null, ""),
                PriceRule.simple("claude-*", rates("3", "15", "0.3"), PriceSource.MANUAL)));
    }

    /** The cost of {@code events}, priced one by one. */
    private static BigDecimal expectedCost(PriceBook book, List<StoredEvent> events) {
        BigDecimal cost = BigDecimal.ZERO;
        for (StoredEvent e : events) {
            var match = book.resolve(e.provider(), e.model(), e.alias(), e.ts());
            if (match.isPresent()) {
                PriceRule rule = match.map(PriceMatch::rule).orElseThrow();
                boolean longContext = rule.tier() != null && rule.tier().appliesTo(e.input());
                cost = cost.add(CostCalculator.cost(rule, e.amounts(), longContext, CostPolicy.DEFAULT).total());
            }
        }
        return cost;
    }

    @Test
    void daysReadFromTheLocalDayRollUpsOfTheirZoneHoldTheirEventsAndCosts() {
        PriceBook book = book();
        CostQuery costs = new CostQuery(database);
        UsageStatistics statistics = new UsageStatistics(database);
        for (String id : List.of("Asia/Kathmandu", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham")) {
            ZoneId zone = ZoneId.of(id);
            useLocalDays(zone);
            Random random = new Random(id.hashCode());
            for (int run = 0; run < 6; run++) {
                Instant[] range = randomRange(random);
                String context = "run " + run + " in " + zone + " over " + range[0] + " .. " + range[1];
                Map<String, Long> expected = new TreeMap<>();
                Map<String, List<StoredEvent>> eventsByDay = new TreeMap<>();
                for (StoredEvent e : within(range)) {
                    String day = UsageStatistics.localDate(e.ts(), zone).toString();
                    expected.merge(day, e.tokens(), Long::sum);
                    eventsByDay.computeIfAbsent(day, d -> new ArrayList<>()).add(e);
                }
                Map<String, Long> actual = new TreeMap<>();
                statistics.groups(range[0], range[1], GroupBy.DAY, zone)
                        .forEach(day -> actual.put(day.key(), day.totals().totalTokens()));
                assertThat(actual).as(context).isEqualTo(expected);

                CostReport report = costs.report(range[0], range[1], book, CostPolicy.DEFAULT, GroupBy.DAY, zone);
                eventsByDay.forEach((day, dayEvents) -> assertThat(report.group(day).cost())
                        .as(context + " on " + day).isEqualByComparingTo(expectedCost(book, dayEvents)));
            }
        }
    }

    @Test
    void wholeLocalDaysOfTheirZoneAreReadFromTheLocalDayRollUps() {
        ZoneId zone = ZoneId.of("Asia/Kathmandu");
        useLocalDays(zone);
        Instant from = LocalDate.of(2026, 3, 10).atStartOfDay(zone).toInstant();
        Instant to = LocalDate.of(2026, 3, 13).atStartOfDay(zone).toInstant();
        UsageStatistics statistics = new UsageStatistics(database);
        Map<String, Long> before = new TreeMap<>();
        statistics.groups(from, to, GroupBy.DAY, zone).forEach(d -> before.put(d.key(), d.totals().requests()));
        assertThat(before).hasSize(3);

        // Only the local-day rows change: the days read from them show it, the days cut from hours would not.
        database.write(dsl -> dsl.execute("UPDATE usage_rollup SET requests = requests + 1000 WHERE grain = ?",
                Rollups.LOCAL_DAY));
        Map<String, Long> rowsPerDay = new TreeMap<>();
        database.read(dsl -> dsl.fetch("SELECT bucket_ns, COUNT(*) FROM usage_rollup WHERE grain = ? "
                + "GROUP BY bucket_ns", Rollups.LOCAL_DAY)).forEach(r -> rowsPerDay.put(
                        UsageStatistics.localDate(r.get(0, Long.class), zone).toString(), r.get(1, Long.class)));
        Map<String, Long> after = new TreeMap<>();
        statistics.groups(from, to, GroupBy.DAY, zone).forEach(d -> after.put(d.key(), d.totals().requests()));
        before.forEach((day, requests) -> assertThat(after.get(day)).as(day)
                .isEqualTo(requests + 1000 * rowsPerDay.get(day)));

        // In another zone the same days are cut from hours and quarter hours.
        ZoneId other = ZoneId.of("Asia/Kolkata");
        Map<String, Long> expected = new TreeMap<>();
        within(new Instant[] {from, to}).forEach(e -> expected.merge(UsageStatistics.localDate(e.ts(), other)
                .toString(), 1L, Long::sum));
        Map<String, Long> elsewhere = new TreeMap<>();
        statistics.groups(from, to, GroupBy.DAY, other).forEach(d -> elsewhere.put(d.key(), d.totals().requests()));
        assertThat(elsewhere).isEqualTo(expected);
    }

    private void useLocalDays(ZoneId zone) {
        database.write(dsl -> {
            Rollups.useLocalDays(dsl, zone);
            return null;
        });
    }

    private static Rates rates(String input, String output, String cacheRead) {
        return new Rates(new BigDecimal(input), new BigDecimal(output), new BigDecimal(cacheRead), null, null);
    }

    private List<StoredEvent> within(Instant[] range) {
        long from = CpaTimestamps.toEpochNanos(range[0]);
        long to = CpaTimestamps.toEpochNanos(range[1]);
        return events.stream().filter(e -> e.ts() >= from && e.ts() < to).toList();
    }

    /** A range inside the events' span or overlapping its ends, at any instant or on a quarter hour. */
    private static Instant[] randomRange(Random random) {
        long span = TO.getEpochSecond() - FROM.getEpochSecond();
        long a = FROM.getEpochSecond() - 86_400 + (long) (random.nextDouble() * (span + 2 * 86_400));
        long b = a + 60 + (long) (random.nextDouble() * Math.min(span, 40L * 86_400));
        if (random.nextBoolean()) {
            a -= Math.floorMod(a, 900);
            b -= Math.floorMod(b, 900);
        }
        Instant from = Instant.ofEpochSecond(a, random.nextInt(1_000_000_000));
        Instant to = Instant.ofEpochSecond(Math.max(b, a + 1), random.nextInt(1_000_000_000));
        return new Instant[] {from, to};
    }
}
