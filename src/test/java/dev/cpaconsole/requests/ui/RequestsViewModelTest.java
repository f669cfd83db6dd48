package dev.cpaconsole.requests.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.concurrent.SameThreadTaskRunner;
import dev.cpaconsole.pricing.core.EventCost;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceSource;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.pricing.core.Rates;
import dev.cpaconsole.requests.core.FilterChoice;
import dev.cpaconsole.requests.core.RequestQuery;
import dev.cpaconsole.requests.core.RequestRow;
import dev.cpaconsole.requests.core.RequestSort;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.UsageRecord;
import dev.cpaconsole.ui.TimeRange;

class RequestsViewModelTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");
    private static final String CLIENT_KEY = "sk-test-client-alice-0001";
    private static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");
    private static final FilterChoice FAILED = new FilterChoice("failed", "Failed");

    @TempDir
    Path files;

    @TempDir
    Path dataDir;

    private Database database;
    private RequestsViewModel model;
    private PriceStore prices;

    @BeforeEach
    void openDatabase() {
        database = Database.open(dataDir);
        prices = new PriceStore(database, new TestClock(NOW));
        model = new RequestsViewModel(new RequestQuery(database), prices, new SameThreadTaskRunner(),
                new TestClock(NOW), () -> KATHMANDU, 3);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    private static UsageRecord minutesAgo(int minutes) {
        return UsageRecord.at(NOW.minus(Duration.ofMinutes(minutes))).requestId(String.format("%08x", minutes));
    }

    private void storeMinutesAgo(int... minutes) {
        List<UsageRecord> records = new ArrayList<>();
        for (int minute : minutes) {
            records.add(minutesAgo(minute));
        }
        UsageRecord.store(database, records.toArray(UsageRecord[]::new));
    }

    private List<Instant> shownTimes() {
        return model.rows().stream().map(RequestRow::time).toList();
    }

    @Test
    void firstPageShowsTheNewestEventsAndOffersMore() {
        storeMinutesAgo(5, 1, 4, 2, 3);

        model.reload();

        assertThat(shownTimes()).containsExactly(NOW.minus(Duration.ofMinutes(1)), NOW.minus(Duration.ofMinutes(2)),
                NOW.minus(Duration.ofMinutes(3)));
        assertThat(model.moreAvailableProperty().get()).isTrue();
    }

    @Test
    void loadMoreAppendsTheNextPageUntilNothingIsLeft() {
        storeMinutesAgo(1, 2, 3, 4, 5);
        model.reload();

        model.loadMore();

        assertThat(model.rows()).hasSize(5);
        assertThat(model.moreAvailableProperty().get()).isFalse();
        assertThat(model.summaryProperty().get()).isEqualTo("5 requests");
    }

    @Test
    void timeRangeLeavesOutOlderEvents() {
        storeMinutesAgo(30, 90, 60 * 30);

        model.showRange(TimeRange.LAST_HOUR);

        assertThat(model.rows()).hasSize(1);
    }

    @Test
    void todayAndThisMonthStartAtLocalMidnightsOfTheDisplayZone() {
        // 12:30 UTC is 18:15 in Kathmandu: its day began 1 095 minutes ago, its month on 31 July at 18:15 UTC.
        storeMinutesAgo(1_090, 1_100, 21 * 24 * 60, 22 * 24 * 60);

        model.showRange(TimeRange.TODAY);

        assertThat(shownTimes()).containsExactly(NOW.minus(Duration.ofMinutes(1_090)));
        assertThat(model.activeFilter().from()).isEqualTo(Instant.parse("2026-08-21T18:15:00Z"));

        model.showRange(TimeRange.THIS_MONTH);

        assertThat(shownTimes()).containsExactly(NOW.minus(Duration.ofMinutes(1_090)),
                NOW.minus(Duration.ofMinutes(1_100)), NOW.minus(Duration.ofDays(21)));
        assertThat(model.activeFilter().from()).isEqualTo(Instant.parse("2026-07-31T18:15:00Z"));
    }

    @Test
    void failedOnlyShowsOnlyFailures() {
        UsageRecord.store(database, minutesAgo(1), minutesAgo(2).failedWith(429), minutesAgo(3));

        model.filterBy(RequestFilterKind.OUTCOME, FAILED);

        assertThat(model.rows()).singleElement().satisfies(row -> assertThat(row.statusCode()).isEqualTo(429));
    }

    @Test
    void modelFilterOffersEveryModelAndShowsOnlyTheChosenOne() {
        UsageRecord.store(database, minutesAgo(1).model("gpt-5.4"), minutesAgo(2).model("claude-sonnet-4-5"));
        model.reload();

        model.showModel("claude-sonnet-4-5");

        assertThat(model.choicesProperty().get().models()).extracting(FilterChoice::value)
                .containsExactly("claude-sonnet-4-5", "gpt-5.4");
        assertThat(model.rows()).extracting(RequestRow::model).containsExactly("claude-sonnet-4-5");
    }

    @Test
    void customRangeShowsOnlyEventsBetweenItsBounds() {
        storeMinutesAgo(10, 20, 30);

        model.showCustomRange(NOW.minus(Duration.ofMinutes(25)), NOW.minus(Duration.ofMinutes(15)));

        assertThat(shownTimes()).containsExactly(NOW.minus(Duration.ofMinutes(20)));
    }

    @Test
    void selectingARowShowsItsRecordWithoutTheClientKey() {
        UsageRecord.store(database, minutesAgo(1).clientKey(CLIENT_KEY));
        model.reload();

        model.select(model.rows().getFirst());

        assertThat(model.detailProperty().get().record()).contains("\"model\"").doesNotContain(CLIENT_KEY);
        assertThat(model.detailProperty().get().row().clientKeyMasked()).isNotEmpty().isNotEqualTo(CLIENT_KEY);
    }

    @Test
    void tickPutsNewlyStoredEventsOnTop() {
        storeMinutesAgo(5);
        model.reload();
        storeMinutesAgo(1);

        model.eventsStored(1);
        model.tick();

        assertThat(shownTimes()).containsExactly(NOW.minus(Duration.ofMinutes(1)), NOW.minus(Duration.ofMinutes(5)));
    }

    @Test
    void tickWithoutNewEventsLeavesTheListAlone() {
        storeMinutesAgo(5);
        model.reload();
        storeMinutesAgo(1);

        model.tick();

        assertThat(model.rows()).hasSize(1);
    }

    @Test
    void tickPutsALateArrivingOlderEventInItsPlace() {
        storeMinutesAgo(1, 5);
        model.reload();
        // Stored last, but the attempt started between the two shown ones.
        storeMinutesAgo(3);

        model.eventsStored(3);
        model.tick();

        assertThat(shownTimes()).containsExactly(NOW.minus(Duration.ofMinutes(1)), NOW.minus(Duration.ofMinutes(3)),
                NOW.minus(Duration.ofMinutes(5)));
        assertThat(model.summaryProperty().get()).isEqualTo("3 requests");
    }

    @Test
    void lateEventBeyondTheLoadedPageComesWithTheNextPageOnce() {
        storeMinutesAgo(1, 2, 3, 4);
        model.reload();
        storeMinutesAgo(10);

        model.eventsStored(5);
        model.tick();
        model.loadMore();

        assertThat(shownTimes()).containsExactly(NOW.minus(Duration.ofMinutes(1)), NOW.minus(Duration.ofMinutes(2)),
                NOW.minus(Duration.ofMinutes(3)), NOW.minus(Duration.ofMinutes(4)),
                NOW.minus(Duration.ofMinutes(10)));
    }

    @Test
    void summaryCountsEveryMatchingEventNotOnlyTheLoadedOnes() {
        storeMinutesAgo(1, 2, 3, 4, 5);

        model.reload();
        storeMinutesAgo(6);
        model.eventsStored(6);
        model.tick();

        assertThat(model.rows()).hasSize(3);
        assertThat(model.summaryProperty().get()).isEqualTo("6 requests, 3 shown, scroll down for more");
    }

    @Test
    void tickLeavesOutLateEventsThatDoNotMatchTheFilter() {
        UsageRecord.store(database, minutesAgo(1).failedWith(500));
        model.filterBy(RequestFilterKind.OUTCOME, FAILED);
        UsageRecord.store(database, minutesAgo(2), minutesAgo(3).failedWith(429));

        model.eventsStored(3);
        model.tick();

        assertThat(model.rows()).extracting(RequestRow::statusCode).containsExactly(500, 429);
        assertThat(model.summaryProperty().get()).isEqualTo("2 requests");
    }

    @Test
    void reloadKeepsTheSelectedEventSelected() {
        storeMinutesAgo(1, 2);
        model.reload();
        RequestRow chosen = model.rows().get(1);
        model.select(chosen);
        storeMinutesAgo(0);

        model.reload();

        assertThat(model.selectedProperty().get()).isNotNull()
                .extracting(RequestRow::id).isEqualTo(chosen.id());
        assertThat(model.detailProperty().get().row().id()).isEqualTo(chosen.id());
    }

    @Test
    void eachRowCostsWhatEventCostSaysAndFollowsPriceChanges() {
        PriceRule rule = prices.save(PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL));
        UsageRecord.store(database, minutesAgo(1).model("gpt-5.4").tokens(1_000_000, 0, 0, 100_000, 0));
        model.reload();
        RequestRow row = model.rows().getFirst();

        EventCost cost = model.costOf(row);

        assertThat(cost.total()).hasValueSatisfying(total -> assertThat(total).isEqualByComparingTo("2.25"));
        assertThat(cost).isEqualTo(EventCost.of(prices.book(), prices.policy(), row.provider(), row.model(),
                row.alias(), row.timestampNanos(), row.tokens(), row.failed()));

        prices.delete(rule.id());
        model.pricesChanged();

        assertThat(model.costOf(row).priced()).isFalse();
    }

    @Test
    void sortingByLatencyReadsTheListAgainSlowestFirstAndPagesOnInThatOrder() {
        UsageRecord.store(database, minutesAgo(1).latency(300), minutesAgo(2).latency(900), minutesAgo(3).latency(100),
                minutesAgo(4).latency(700), minutesAgo(5).latency(500));
        model.reload();

        model.sortBy(new RequestSort(RequestSort.Column.LATENCY, true));
        model.loadMore();

        assertThat(model.rows()).extracting(RequestRow::latencyMs).containsExactly(900L, 700L, 500L, 300L, 100L);
    }

    @Test
    void aLateEventGoesWhereTheChosenOrderPutsIt() {
        UsageRecord.store(database, minutesAgo(1).latency(300), minutesAgo(2).latency(900));
        model.sortBy(new RequestSort(RequestSort.Column.LATENCY, true));
        UsageRecord.store(database, minutesAgo(3).latency(500));

        model.eventsStored(3);
        model.tick();

        assertThat(model.rows()).extracting(RequestRow::latencyMs).containsExactly(900L, 500L, 300L);
    }

    @Test
    void requestIdSearchShowsTheAttemptsOfThatRequest() {
        UsageRecord.store(database, minutesAgo(1).requestId("req-a"), minutesAgo(2).requestId("req-b"),
                minutesAgo(3).requestId("req-a").failedWith(502));

        model.searchRequestId("  req-a ");

        assertThat(model.rows()).extracting(RequestRow::requestId).containsExactly("req-a", "req-a");
    }

    @Test
    void theDetailShowsEveryAttemptOfTheRequestOldestFirst() {
        UsageRecord.store(database, minutesAgo(1).requestId("req-a").account("bbbb0002", "bob@example.com"),
                minutesAgo(2).requestId("req-a").failedWith(429), minutesAgo(3).requestId("req-b"));
        model.reload();

        model.select(model.rows().getFirst());

        assertThat(model.detailProperty().get().attempts()).extracting(RequestRow::statusCode)
                .containsExactly(429, 200);
        assertThat(model.detailProperty().get().attempts()).extracting(RequestRow::authIndex)
                .containsExactly("755481f9d70ed642", "bbbb0002");
    }

    @Test
    void exportWritesTheRowsTheListShowsInItsOrderWithTheDisplayZonesOffset() throws Exception {
        UsageRecord.store(database, minutesAgo(1).latency(300), minutesAgo(2).latency(900).failedWith(500),
                minutesAgo(3).latency(100).failedWith(429), minutesAgo(60 * 30).failedWith(503));
        model.filterBy(RequestFilterKind.OUTCOME, FAILED);
        model.sortBy(new RequestSort(RequestSort.Column.LATENCY, false));
        Path file = files.resolve("failed.csv");

        model.export(file, true);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("\uFEFFtime,request_id,");
        String expectedTime = NOW.minus(Duration.ofMinutes(3)).atZone(KATHMANDU).toOffsetDateTime().toString();
        assertThat(lines.get(1)).startsWith(expectedTime.replace("+05:45", ":00.000000000+05:45") + ",");
        assertThat(lines.get(1)).contains(",failed,429,100,");
        assertThat(lines.get(2)).contains(",failed,500,900,");
        assertThat(model.messageProperty().get()).isEqualTo("Exported 2 requests to " + file + ".");
    }

    @Test
    void anExportThatCannotWriteSaysSoAndKeepsTheList() {
        storeMinutesAgo(1);
        model.reload();

        model.export(files.resolve("no-such-folder").resolve("requests.csv"), false);

        assertThat(model.errorMessageProperty().get()).startsWith("Could not export the requests: ");
        assertThat(model.messageProperty().get()).isEmpty();
        assertThat(model.rows()).hasSize(1);
    }
}
