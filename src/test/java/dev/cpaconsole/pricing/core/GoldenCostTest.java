package dev.cpaconsole.pricing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.Origin;
import dev.cpaconsole.usage.core.ReadOutcome;
import dev.cpaconsole.usage.core.ReceivedItem;
import dev.cpaconsole.usage.core.TokenAccountingSource;
import dev.cpaconsole.usage.core.TokenBuckets;
import dev.cpaconsole.usage.core.UsageEvent;
import dev.cpaconsole.usage.core.UsageEventStore;
import dev.cpaconsole.usage.core.UsageRecordReader;
import dev.cpaconsole.usage.core.UsageStatistics.GroupBy;

/** Costs worked out by hand, checked through the whole path: CPA record, buckets, price, sums. */
class GoldenCostTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final PriceRule GPT_54 = PriceRule.simple("gpt-5.4",
            new Rates(new BigDecimal("1.25"), new BigDecimal("10"), new BigDecimal("0.125"), null, null),
            PriceSource.CATALOGUE);

    @TempDir
    Path dataDir;

    private Database database;

    @BeforeEach
    void open() {
        database = Database.open(dataDir);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** A record in the flat shape CPA v6.10 sent: OpenAI-style, input counts the cached tokens. */
    private static ObjectNode flatRecord(String timestamp, String endpoint, long prompt, long cached, long output) {
        ObjectNode record = MAPPER.createObjectNode()
                .put("timestamp", timestamp)
                .put("latency_ms", 900)
                .put("source", "user@example.com")
                .put("auth_index", "755481f9d70ed642")
                .put("failed", false)
                .put("provider", "codex")
                .put("model", "gpt-5.4")
                .put("alias", "gpt-5.4")
                .put("endpoint", endpoint)
                .put("auth_type", "oauth")
                .put("api_key", "sk-test-client-alice-0001")
                .put("request_id", "9c01aa3d");
        record.putObject("tokens").put("input_tokens", prompt).put("output_tokens", output)
                .put("reasoning_tokens", 0).put("cached_tokens", cached).put("total_tokens", prompt + output);
        return record;
    }

    /** A record in the current shape, with the provider-neutral token breakdown. */
    private static ObjectNode breakdownRecord(String timestamp, long uncached, long cacheRead, long output,
            long ttftMs) {
        ObjectNode record = flatRecord(timestamp, "POST /v1/responses", uncached + cacheRead, cacheRead, output);
        record.put("ttft_ms", ttftMs).put("accounting_version", 2);
        ObjectNode breakdown = record.putObject("token_breakdown");
        breakdown.put("schema_version", 2).put("quality", "complete")
                .put("total_tokens", uncached + cacheRead + output);
        breakdown.putObject("input").put("total_tokens", uncached + cacheRead).put("uncached_tokens", uncached)
                .put("cache_read_tokens", cacheRead).put("cache_write_tokens", 0);
        breakdown.putObject("output").put("total_tokens", output).put("non_reasoning_tokens", output)
                .put("reasoning_tokens", 0);
        breakdown.put("unclassified_tokens", 0);
        return record;
    }

    private static UsageEvent read(ObjectNode record) {
        ReadOutcome outcome = UsageRecordReader.read(record.toString());
        assertThat(outcome).isInstanceOf(ReadOutcome.Accepted.class);
        return ((ReadOutcome.Accepted) outcome).event();
    }

    private static EventCost cost(PriceBook book, UsageEvent event) {
        return EventCost.of(book, CostPolicy.DEFAULT, event.provider(), event.model(), event.alias(),
                event.timestampNanos(), event.tokens(), event.failed());
    }

    @Test
    void cachedPromptBillsOnlyTheUncachedTokensAtTheInputRateStreamedOrNot() {
        PriceBook book = new PriceBook(List.of(GPT_54));
        UsageEvent streamed = read(flatRecord("2026-05-05T10:11:12.345678901+08:00", "POST /v1/chat/completions",
                2_459, 2_455, 23).put("ttft_ms", 310));
        UsageEvent whole = read(breakdownRecord("2026-05-05T10:12:12.345678901+08:00", 4, 2_455, 23, 0));

        for (UsageEvent event : List.of(streamed, whole)) {
            assertThat(event.tokens().uncachedInput()).isEqualTo(4);
            assertThat(event.tokens().cacheRead()).isEqualTo(2_455);
            assertThat(event.tokens().output()).isEqualTo(23);
        }
        EventCost a = cost(book, streamed);
        EventCost b = cost(book, whole);
        // 4 × 1.25 + 2 455 × 0.125 + 23 × 10, per million.
        BigDecimal expected = new BigDecimal("0.000541875");
        assertThat(a.breakdown().total()).isEqualByComparingTo(expected);
        assertThat(b.breakdown().total()).isEqualByComparingTo(expected);
        assertThat(a.breakdown().lines()).extracting(CostLine::label, CostLine::quantity, CostLine::unitPrice)
                .containsExactly(
                        tuple("uncached input", 4L, new BigDecimal("1.25")),
                        tuple("cache read", 2_455L, new BigDecimal("0.125")),
                        tuple("output", 23L, new BigDecimal("10")));
        assertThat(a.breakdown().flags()).isEmpty();
    }

    @Test
    void largeCachedPromptBillsAboutFiveMillionUncachedTokens() {
        UsageEvent event = read(flatRecord("2026-05-05T10:11:12+08:00", "POST /v1/responses",
                27_700_000, 22_700_000, 0));

        assertThat(event.tokens().uncachedInput()).isEqualTo(5_000_000);
        assertThat(event.tokens().cacheRead()).isEqualTo(22_700_000);
        EventCost cost = cost(new PriceBook(List.of(GPT_54)), event);
        // 5.0M × 1.25 + 22.7M × 0.125 = 6.25 + 2.8375; the whole prompt at the input rate would be 34.625.
        assertThat(cost.breakdown().total()).isEqualByComparingTo("9.0875");
    }

    @Test
    void missingCachePriceFallsBackToInputAndIsFlagged() {
        PriceRule noCache = PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL);
        TokenBuckets cached = buckets(0, 1_000_000, 0, 0, 0);

        EventCost cost = EventCost.of(new PriceBook(List.of(noCache)), CostPolicy.DEFAULT, "codex", "gpt-5.4",
                "gpt-5.4", nanos("2026-05-05T00:00:00Z"), cached, false);

        assertThat(cost.breakdown().total()).isEqualByComparingTo("1.25");
        assertThat(cost.breakdown().flags()).containsExactly(CostFlag.CACHE_PRICE_MISSING);
        assertThat(cost.breakdown().lines().get(0).basis()).contains("no cache-read price");
    }

    @Test
    void aZeroPriceIsFreeAndNotFlagged() {
        PriceRule freeCache = PriceRule.simple("gpt-5.4",
                new Rates(new BigDecimal("1.25"), new BigDecimal("10"), BigDecimal.ZERO, null, null),
                PriceSource.MANUAL);

        EventCost cost = EventCost.of(new PriceBook(List.of(freeCache)), CostPolicy.DEFAULT, "codex", "gpt-5.4",
                "gpt-5.4", nanos("2026-05-05T00:00:00Z"), buckets(0, 1_000_000, 0, 0, 0), false);

        assertThat(cost.breakdown().total()).isEqualByComparingTo("0");
        assertThat(cost.breakdown().flags()).isEmpty();
        assertThat(cost.priced()).isTrue();
    }

    @Test
    void prefixedModelResolvesThroughItsAliasAndCostsTheSameInEveryView() {
        PriceBook book = new PriceBook(List.of(GPT_54));
        UsageEventStore store = new UsageEventStore(database);
        List<ReceivedItem> items = new ArrayList<>();
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ObjectNode record = breakdownRecord("2026-05-0" + (i + 1) + "T23:30:00+08:00", 100 + i, 2_000 * i, 40 + i,
                    0).put("model", "openai/gpt-5.4").put("alias", "gpt-5.4");
            items.add(new ReceivedItem(record.toString(), Origin.HTTP_QUEUE, Instant.parse("2026-05-06T00:00:00Z")));
            events.add(read(record));
        }
        store.write(items);

        PriceMatch match = book.resolve("codex", "openai/gpt-5.4", "gpt-5.4", events.get(0).timestampNanos())
                .orElseThrow();
        assertThat(match.rule()).isEqualTo(GPT_54);
        assertThat(match.kind()).isEqualTo(PriceMatch.Kind.ALIAS);

        BigDecimal sumOfRows = events.stream().map(e -> cost(book, e).breakdown().total())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        CostQuery query = new CostQuery(database);
        CostReport total = query.report(null, null, book, CostPolicy.DEFAULT, null, ZoneOffset.UTC);
        assertThat(total.totals().cost()).isEqualTo(sumOfRows);
        assertThat(total.totals().unpricedRequests()).isZero();
        for (GroupBy by : GroupBy.values()) {
            CostReport grouped = query.report(null, null, book, CostPolicy.DEFAULT, by, ZoneOffset.ofHours(8));
            BigDecimal sumOfGroups = grouped.groups().values().stream().map(CostTotals::cost)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(sumOfGroups).as("grouped by %s", by).isEqualTo(sumOfRows);
        }
        CostReport byDay = query.report(null, null, book, CostPolicy.DEFAULT, GroupBy.DAY, ZoneOffset.ofHours(8));
        assertThat(byDay.group("2026-05-03").cost()).isEqualTo(cost(book, events.get(2)).breakdown().total());
    }

    @Test
    void separateAnthropicCacheBucketsAreEachBilledOnce() {
        PriceRule sonnet = PriceRule.simple("claude-sonnet-4-5", new Rates(new BigDecimal("3"), new BigDecimal("15"),
                new BigDecimal("0.30"), new BigDecimal("3.75"), null), PriceSource.CATALOGUE);
        ObjectNode record = flatRecord("2026-05-05T10:11:12+08:00", "POST /v1/messages", 0, 0, 0)
                .put("provider", "claude").put("model", "claude-sonnet-4-5-20250929").put("alias", "claude-sonnet-4-5");
        record.putObject("tokens").put("input_tokens", 100).put("output_tokens", 50).put("cache_read_tokens", 1_000)
                .put("cache_read_tokens_present", true).put("cache_creation_tokens", 500).put("total_tokens", 1_650);
        UsageEvent event = read(record);

        assertThat(event.tokens().totalInput()).isEqualTo(1_600);
        EventCost cost = cost(new PriceBook(List.of(sonnet)), event);
        BigDecimal expected = new BigDecimal(event.tokens().uncachedInput()).multiply(new BigDecimal("3"))
                .add(new BigDecimal(event.tokens().cacheRead()).multiply(new BigDecimal("0.30")))
                .add(new BigDecimal(event.tokens().cacheWrite()).multiply(new BigDecimal("3.75")))
                .add(new BigDecimal(event.tokens().output()).multiply(new BigDecimal("15")))
                .movePointLeft(6);
        assertThat(cost.breakdown().total()).isEqualByComparingTo(expected);
        long billed = cost.breakdown().lines().stream().mapToLong(CostLine::quantity).sum();
        assertThat(billed).isEqualTo(event.tokens().total());
    }

    @Test
    void longContextPricesApplyToTheWholeRequestOnlyStrictlyAboveTheThreshold() {
        PriceRule pro = new PriceRule(0, "gemini-2.5-pro", "", new Rates(new BigDecimal("1.25"), new BigDecimal("10"),
                new BigDecimal("0.125"), null, null), null,
                new PriceTier(200_000, new Rates(new BigDecimal("2.5"), new BigDecimal("15"), new BigDecimal("0.25"),
                        null, null)), PriceRule.ALWAYS, PriceSource.CATALOGUE, "", null, "");
        PriceBook book = new PriceBook(List.of(pro));
        long at = nanos("2026-05-05T00:00:00Z");

        EventCost atThreshold = EventCost.of(book, CostPolicy.DEFAULT, "gemini", "gemini-2.5-pro", "", at,
                buckets(100_000, 100_000, 0, 1_000, 0), false);
        EventCost above = EventCost.of(book, CostPolicy.DEFAULT, "gemini", "gemini-2.5-pro", "", at,
                buckets(100_001, 100_000, 0, 1_000, 0), false);

        assertThat(atThreshold.breakdown().longContext()).isFalse();
        assertThat(atThreshold.breakdown().total()).isEqualByComparingTo("0.1475");
        assertThat(above.breakdown().longContext()).isTrue();
        assertThat(above.breakdown().flags()).contains(CostFlag.LONG_CONTEXT);
        // 100 001 × 2.5 + 100 000 × 0.25 + 1 000 × 15, per million.
        assertThat(above.breakdown().total()).isEqualByComparingTo("0.2900025");
    }

    @Test
    void storedHistoryWithBothSidesOfATierCostsWhatItsEventsCost() {
        PriceRule pro = new PriceRule(0, "gemini-2.5-pro", "", Rates.of("1.25", "10"), null,
                new PriceTier(200_000, Rates.of("2.5", "15")), PriceRule.ALWAYS, PriceSource.CATALOGUE, "", null, "");
        PriceBook book = new PriceBook(List.of(pro));
        UsageEventStore store = new UsageEventStore(database);
        List<UsageEvent> events = new ArrayList<>();
        List<ReceivedItem> items = new ArrayList<>();
        long[] inputs = {199_999, 200_000, 200_001, 350_000, 12};
        for (int i = 0; i < inputs.length; i++) {
            ObjectNode record = breakdownRecord("2026-05-05T10:0" + i + ":00+08:00", inputs[i], 0, 500, 0)
                    .put("provider", "gemini").put("model", "gemini-2.5-pro").put("alias", "gemini-2.5-pro");
            events.add(read(record));
            items.add(new ReceivedItem(record.toString(), Origin.HTTP_QUEUE, Instant.parse("2026-05-06T00:00:00Z")));
        }
        store.write(items);

        BigDecimal sumOfRows = events.stream().map(e -> cost(book, e).breakdown().total())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        CostReport report = new CostQuery(database).report(null, null, book, CostPolicy.DEFAULT, null, ZoneOffset.UTC);
        assertThat(report.totals().cost()).isEqualTo(sumOfRows);
        assertThat(report.totals().flags()).contains(CostFlag.LONG_CONTEXT);
    }

    @Test
    void reasoningUsesItsOwnPriceOrElseTheOutputPrice() {
        long at = nanos("2026-05-05T00:00:00Z");
        TokenBuckets thinking = buckets(0, 0, 0, 0, 1_000_000);
        PriceBook withoutReasoning = new PriceBook(List.of(PriceRule.simple("m", Rates.of("1", "8"),
                PriceSource.MANUAL)));
        PriceBook withReasoning = new PriceBook(List.of(PriceRule.simple("m", new Rates(BigDecimal.ONE,
                new BigDecimal("8"), null, null, new BigDecimal("3")), PriceSource.MANUAL)));

        assertThat(EventCost.of(withoutReasoning, CostPolicy.DEFAULT, "", "m", "", at, thinking, false)
                .breakdown().total()).isEqualByComparingTo("8");
        assertThat(EventCost.of(withReasoning, CostPolicy.DEFAULT, "", "m", "", at, thinking, false)
                .breakdown().total()).isEqualByComparingTo("3");
    }

    @Test
    void failedAttemptsPayTheirTokensAndTheFeeOnlyWhenTheSettingSaysSo() {
        PriceRule withFee = new PriceRule(0, "m", "", Rates.of("1", "2"), new BigDecimal("0.01"), null,
                PriceRule.ALWAYS, PriceSource.MANUAL, "", null, "");
        PriceBook book = new PriceBook(List.of(withFee));
        TokenBuckets reported = buckets(1_000_000, 0, 0, 0, 0);
        long at = nanos("2026-05-05T00:00:00Z");

        assertThat(EventCost.of(book, CostPolicy.DEFAULT, "", "m", "", at, reported, true).breakdown().total())
                .isEqualByComparingTo("1");
        assertThat(EventCost.of(book, new CostPolicy(true), "", "m", "", at, reported, true).breakdown().total())
                .isEqualByComparingTo("1.01");
        assertThat(EventCost.of(book, CostPolicy.DEFAULT, "", "m", "", at, reported, false).breakdown().total())
                .isEqualByComparingTo("1.01");
        assertThat(EventCost.of(book, CostPolicy.DEFAULT, "", "m", "", at, TokenBuckets.ZERO, true).breakdown()
                .total()).isEqualByComparingTo("0");
    }

    @Test
    void unpricedEventsAreCountedApartAndNeverAsZeroDollars() {
        UsageEventStore store = new UsageEventStore(database);
        ObjectNode priced = breakdownRecord("2026-05-05T10:00:00+08:00", 1_000_000, 0, 0, 0);
        ObjectNode unknown = breakdownRecord("2026-05-05T11:00:00+08:00", 300, 0, 20, 0)
                .put("model", "mystery-1").put("alias", "mystery");
        store.write(List.of(new ReceivedItem(priced.toString(), Origin.HTTP_QUEUE, Instant.EPOCH),
                new ReceivedItem(unknown.toString(), Origin.HTTP_QUEUE, Instant.EPOCH)));
        PriceBook book = new PriceBook(List.of(GPT_54));

        CostReport report = new CostQuery(database).report(null, null, book, CostPolicy.DEFAULT, GroupBy.MODEL,
                ZoneOffset.UTC);

        assertThat(report.totals().cost()).isEqualByComparingTo("1.25");
        assertThat(report.totals().pricedRequests()).isEqualTo(1);
        assertThat(report.totals().unpricedRequests()).isEqualTo(1);
        assertThat(report.totals().unpricedTokens()).isEqualTo(320);
        assertThat(report.group("mystery-1").complete()).isFalse();
        assertThat(report.unpriced()).singleElement().satisfies(u -> {
            assertThat(u.model()).isEqualTo("mystery-1");
            assertThat(u.alias()).isEqualTo("mystery");
            assertThat(u.requests()).isEqualTo(1);
            assertThat(u.tokens()).isEqualTo(320);
        });
        assertThat(EventCost.of(book, CostPolicy.DEFAULT, "codex", "mystery-1", "mystery",
                nanos("2026-05-05T03:00:00Z"), buckets(300, 0, 0, 20, 0), false).total()).isEmpty();
    }

    @Test
    void historyIsPricedWithTheRowInEffectAtEachEventsTime() {
        PriceRule old = new PriceRule(0, "gpt-5.4", "", Rates.of("1", "10"), null, null, LocalDate.of(2026, 1, 1),
                PriceSource.MANUAL, "", null, "");
        PriceRule raised = new PriceRule(0, "gpt-5.4", "", Rates.of("2", "10"), null, null, LocalDate.of(2026, 5, 5),
                PriceSource.MANUAL, "", null, "");
        PriceBook book = new PriceBook(List.of(old, raised));
        UsageEventStore store = new UsageEventStore(database);
        store.write(List.of(
                new ReceivedItem(breakdownRecord("2025-12-31T23:00:00Z", 1_000_000, 0, 0, 0).toString(),
                        Origin.HTTP_QUEUE, Instant.EPOCH),
                new ReceivedItem(breakdownRecord("2026-05-04T23:59:59Z", 1_000_000, 0, 0, 0).toString(),
                        Origin.HTTP_QUEUE, Instant.EPOCH),
                new ReceivedItem(breakdownRecord("2026-05-05T00:00:00Z", 1_000_000, 0, 0, 0).toString(),
                        Origin.HTTP_QUEUE, Instant.EPOCH)));

        CostQuery query = new CostQuery(database);
        CostReport report = query.report(null, null, book, CostPolicy.DEFAULT, null, ZoneOffset.UTC);

        assertThat(report.totals().cost()).isEqualByComparingTo("3");
        assertThat(report.totals().unpricedRequests()).as("before any row took effect").isEqualTo(1);

        PriceBook edited = new PriceBook(List.of(old.withId(0), new PriceRule(0, "gpt-5.4", "", Rates.of("4", "10"),
                null, null, LocalDate.of(2026, 5, 5), PriceSource.MANUAL, "", null, "")));
        CostQuery.Comparison comparison = query.compare(Instant.parse("2026-05-01T00:00:00Z"), null, book, edited,
                CostPolicy.DEFAULT);
        assertThat(comparison.before().cost()).isEqualByComparingTo("3");
        assertThat(comparison.after().cost()).isEqualByComparingTo("5");
    }

    private static TokenBuckets buckets(long uncached, long cacheRead, long cacheWrite, long output, long reasoning) {
        return new TokenBuckets(uncached, cacheRead, cacheWrite, output, reasoning, 0,
                uncached + cacheRead + cacheWrite + output + reasoning, false,
                TokenAccountingSource.PROVIDER_RULES);
    }

    private static long nanos(String instant) {
        Instant parsed = Instant.parse(instant);
        return parsed.getEpochSecond() * 1_000_000_000L + parsed.getNano();
    }
}
