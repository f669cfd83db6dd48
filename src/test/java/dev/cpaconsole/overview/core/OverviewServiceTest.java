package dev.cpaconsole.overview.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.UsageRecord;

class OverviewServiceTest {
    /** 14:30 in Berlin (UTC+2 in summer): the local day began at 22:00 UTC the day before. */
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dataDir;

    private Database database;
    private OverviewService service;

    @BeforeEach
    void openDatabase() {
        database = Database.open(dataDir);
        service = new OverviewService(database, Clock.fixed(NOW, BERLIN));
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void todayStartsAtLocalMidnightWhileLast24HoursReachesIntoYesterday() {
        UsageRecord.store(database,
                UsageRecord.at(Instant.parse("2026-08-21T21:59:59Z")).requestId("00000001"),
                UsageRecord.at(Instant.parse("2026-08-21T22:00:00Z")).requestId("00000002"),
                UsageRecord.at(Instant.parse("2026-08-22T12:00:00Z")).requestId("00000003"),
                UsageRecord.at(Instant.parse("2026-08-21T12:29:59Z")).requestId("00000004"));

        OverviewSnapshot snapshot = service.snapshot();

        assertThat(snapshot.today().requests()).isEqualTo(2);
        assertThat(snapshot.last24Hours().requests()).isEqualTo(3);
    }

    @Test
    void summarySumsTokensFailuresAndLatency() {
        UsageRecord.store(database,
                UsageRecord.at(NOW.minusSeconds(60)).latency(1000).tokens(100, 20, 5, 30, 10).requestId("00000001"),
                UsageRecord.at(NOW.minusSeconds(50)).latency(3000).tokens(1, 2, 3, 4, 5).failedWith(429)
                        .requestId("00000002"));

        UsageSummary summary = service.summarize(NOW.minus(Duration.ofHours(1)), NOW);

        assertThat(summary.requests()).isEqualTo(2);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.successRate()).hasValue(0.5);
        assertThat(summary.tokens()).isEqualTo(new TokenTotals(101, 22, 8, 34, 15, 0, 180));
        assertThat(summary.averageLatencyMs()).isCloseTo(2000, within(0.001));
    }

    @Test
    void emptyWindowHasNoSuccessRate() {
        UsageSummary summary = service.summarize(NOW.minus(Duration.ofHours(1)), NOW);

        assertThat(summary.requests()).isZero();
        assertThat(summary.successRate()).isEmpty();
        assertThat(summary.tokens()).isEqualTo(TokenTotals.ZERO);
    }

    @Test
    void seriesCountsSuccessesAndFailuresPerSlotAndKeepsEmptySlots() {
        Instant from = Instant.parse("2026-08-22T11:00:00Z");
        UsageRecord.store(database,
                UsageRecord.at(from.plusSeconds(10)).requestId("00000001"),
                UsageRecord.at(from.plusSeconds(20)).failedWith(500).requestId("00000002"),
                UsageRecord.at(from.plus(Duration.ofMinutes(45))).requestId("00000003"));

        var series = service.requestsOverTime(from, from.plus(Duration.ofHours(1)), Duration.ofMinutes(15));

        assertThat(series).containsExactly(
                new RequestCounts(from, 1, 1),
                new RequestCounts(from.plus(Duration.ofMinutes(15)), 0, 0),
                new RequestCounts(from.plus(Duration.ofMinutes(30)), 0, 0),
                new RequestCounts(from.plus(Duration.ofMinutes(45)), 1, 0));
    }

    @Test
    void snapshotSeriesCoversTheLast24HoursInAlignedSlots() {
        OverviewSnapshot snapshot = service.snapshot();

        assertThat(snapshot.requestsOverTime().getFirst().start()).isEqualTo(Instant.parse("2026-08-21T12:30:00Z"));
        assertThat(snapshot.requestsOverTime()).hasSize(96);
    }
}
