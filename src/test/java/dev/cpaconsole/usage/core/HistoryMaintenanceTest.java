package dev.cpaconsole.usage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.UsageStatistics.Group;
import dev.cpaconsole.usage.core.UsageStatistics.GroupBy;
import dev.cpaconsole.usage.core.UsageStatistics.Totals;

class HistoryMaintenanceTest {
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-10T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    /** Kept 40 days from NOW: events before 2026-01-29T00:00Z go. */
    private static final int DAYS = 40;
    private static final Instant HORIZON = Instant.parse("2026-01-29T00:00:00Z");

    @TempDir
    Path dataDir;

    private Database database;

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void horizonIsTheUtcMidnightThatManyDaysBack() {
        assertThat(HistoryMaintenance.horizon(NOW, DAYS)).isEqualTo(HORIZON);
        assertThat(HistoryMaintenance.horizon(Instant.parse("2026-03-10T00:00:00Z"), 1))
                .isEqualTo(Instant.parse("2026-03-09T00:00:00Z"));
    }

    @Test
    void localDayRollUpsFollowTheDisplayZoneAndKeepEveryDayAfterPruning() {
        database = Database.open(dataDir);
        writeRandomEvents(3_000);
        ZoneId[] displayZone = {ZoneId.of("Asia/Kolkata")};
        HistoryMaintenance maintenance = new HistoryMaintenance(database, Clock.fixed(NOW, ZoneOffset.UTC),
                () -> displayZone[0]);
        UsageStatistics statistics = new UsageStatistics(database);
        List<Group> kolkataDays = statistics.groups(null, null, GroupBy.DAY, displayZone[0]);

        assertThat(maintenance.followDisplayZone()).isTrue();
        assertThat(maintenance.followDisplayZone()).isFalse();
        assertThat(database.read(Rollups::localDayZone)).isEqualTo(displayZone[0]);
        assertThat(count("SELECT COUNT(*) FROM usage_rollup WHERE grain = " + Rollups.LOCAL_DAY)).isPositive();
        assertThat(statistics.groups(null, null, GroupBy.DAY, displayZone[0])).isEqualTo(kolkataDays);

        maintenance.prune(NOW, DAYS);
        assertThat(statistics.groups(null, null, GroupBy.DAY, displayZone[0])).isEqualTo(kolkataDays);

        // Built again for a new zone after pruning: from the roll-ups, so the pruned days stay.
        List<Group> tokyoDays = statistics.groups(null, null, GroupBy.DAY, ZoneId.of("Asia/Tokyo"));
        displayZone[0] = ZoneId.of("Asia/Tokyo");
        assertThat(maintenance.followDisplayZone()).isTrue();
        assertThat(database.read(Rollups::localDayZone)).isEqualTo(displayZone[0]);
        assertThat(statistics.groups(null, null, GroupBy.DAY, displayZone[0])).isEqualTo(tokyoDays);
    }

    @Test
    void pruningRemovesTheEventsOfWholeUtcDaysBeforeTheHorizonAndKeepsEveryTotal() {
        database = Database.open(dataDir);
        writeRandomEvents(6_000);
        UsageStatistics statistics = new UsageStatistics(database);
        Totals allTime = statistics.totals(null, null);
        List<Group> utcDays = statistics.groups(null, null, GroupBy.DAY, ZoneOffset.UTC);
        List<Group> kolkataDays = statistics.groups(null, null, GroupBy.DAY, ZoneId.of("Asia/Kolkata"));
        List<Group> byKey = statistics.groups(null, null, GroupBy.KEY, ZoneOffset.UTC);
        long kept = count("SELECT COUNT(*) FROM usage_event WHERE ts_ns >= " + nanos(HORIZON));
        long before = count("SELECT COUNT(*) FROM usage_event WHERE ts_ns < " + nanos(HORIZON));
        assertThat(before).isPositive();

        long removed = new HistoryMaintenance(database, Clock.fixed(NOW, ZoneOffset.UTC)).prune(NOW, DAYS);

        assertThat(removed).isEqualTo(before);
        assertThat(count("SELECT COUNT(*) FROM usage_event WHERE ts_ns < " + nanos(HORIZON))).isZero();
        assertThat(count("SELECT COUNT(*) FROM usage_event")).isEqualTo(kept);
        assertThat(count("SELECT COUNT(*) FROM usage_event_raw")).isEqualTo(kept);
        assertThat(database.read(Rollups::prunedBefore)).isEqualTo(nanos(HORIZON));
        assertThat(statistics.totals(null, null)).isEqualTo(allTime);
        assertThat(statistics.groups(null, null, GroupBy.DAY, ZoneOffset.UTC)).isEqualTo(utcDays);
        assertThat(statistics.groups(null, null, GroupBy.DAY, ZoneId.of("Asia/Kolkata"))).isEqualTo(kolkataDays);
        assertThat(statistics.groups(null, null, GroupBy.KEY, ZoneOffset.UTC)).isEqualTo(byKey);
    }

    @Test
    void pruningAgainRemovesNothingAndForeverRemovesNothing() {
        database = Database.open(dataDir);
        writeRandomEvents(1_500);
        HistoryMaintenance maintenance = new HistoryMaintenance(database, Clock.fixed(NOW, ZoneOffset.UTC));
        long all = count("SELECT COUNT(*) FROM usage_event");

        assertThat(maintenance.prune(NOW, 0)).isZero();
        assertThat(count("SELECT COUNT(*) FROM usage_event")).isEqualTo(all);
        assertThat(maintenance.prune(NOW, DAYS)).isPositive();
        assertThat(maintenance.prune(NOW, DAYS)).isZero();
    }

    @Test
    void anOldEventArrivingAfterPruningIsCountedOnceEvenThroughARebuild() {
        database = Database.open(dataDir);
        writeRandomEvents(2_000);
        new HistoryMaintenance(database, Clock.fixed(NOW, ZoneOffset.UTC)).prune(NOW, DAYS);
        UsageStatistics statistics = new UsageStatistics(database);
        Totals afterPruning = statistics.totals(null, null);
        List<ReceivedItem> late = new RandomUsage(99).items(3, Instant.parse("2026-01-05T00:00:00Z"),
                Instant.parse("2026-01-06T00:00:00Z"));
        new UsageEventStore(database).write(late);
        Totals withLate = statistics.totals(null, null);
        assertThat(withLate.requests()).isEqualTo(afterPruning.requests() + 3);

        database.write(dsl -> {
            Rollups.rebuild(dsl);
            return null;
        });

        assertThat(statistics.totals(null, null)).isEqualTo(withLate);
        assertThat(count("SELECT COUNT(*) FROM usage_event WHERE ts_ns < " + nanos(HORIZON))).isZero();
    }

    @Test
    void retentionIsAYearUnlessSavedAndRefusesPeriodsShorterThanAMonthOfBudgets() {
        database = Database.open(dataDir);
        HistoryMaintenance maintenance = new HistoryMaintenance(database, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(maintenance.retentionDays()).isEqualTo(365);

        maintenance.saveRetentionDays(0);
        assertThat(maintenance.retentionDays()).isZero();
        maintenance.saveRetentionDays(90);
        assertThat(maintenance.retentionDays()).isEqualTo(90);
        assertThatThrownBy(() -> maintenance.saveRetentionDays(10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 35 and 36500 days");
        assertThatThrownBy(() -> maintenance.saveRetentionDays(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(maintenance.retentionDays()).isEqualTo(90);
    }

    @Test
    void theScheduledRunPrunesWithTheSavedRetentionAndGivesTheFreedPagesBack() {
        database = Database.open(dataDir);
        assertThat(count("PRAGMA auto_vacuum")).as("a new file vacuums incrementally").isEqualTo(2);
        writeRandomEvents(6_000);
        database.checkpoint();
        long pagesBefore = count("PRAGMA page_count");
        HistoryMaintenance maintenance = new HistoryMaintenance(database, Clock.fixed(NOW, ZoneOffset.UTC));
        maintenance.saveRetentionDays(DAYS);

        maintenance.run();

        assertThat(count("SELECT COUNT(*) FROM usage_event WHERE ts_ns < " + nanos(HORIZON))).isZero();
        assertThat(count("PRAGMA freelist_count")).isZero();
        assertThat(count("PRAGMA page_count")).isLessThan(pagesBefore);
    }

    @Test
    void checkpointEmptiesTheWriteAheadLogWhileTheConsoleKeepsAConnectionOpen() throws Exception {
        database = Database.open(dataDir);
        Path log = dataDir.resolve(Database.FILE_NAME + "-wal");
        // An idle connection keeps SQLite from folding the log in when the last one closes.
        try (Connection idle = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Database.FILE_NAME));
             var statement = idle.createStatement()) {
            statement.executeQuery("SELECT COUNT(*) FROM setting").close();
            writeRandomEvents(1_000);
            assertThat(Files.size(log)).isPositive();

            database.checkpoint();

            assertThat(Files.size(log)).isZero();
            assertThat(idle.isClosed()).isFalse();
        }
    }

    @Test
    void aFileMadeWithoutIncrementalVacuumIsRebuiltOnceWhenAQuarterOfItIsFree() {
        // A file of an earlier console version, made before incremental vacuum was turned on.
        Flyway.configure().dataSource("jdbc:sqlite:" + dataDir.resolve(Database.FILE_NAME), null, null)
                .locations("classpath:db/migration", "classpath:dev/cpaconsole/store/migration").load().migrate();
        database = Database.open(dataDir);
        assertThat(count("PRAGMA auto_vacuum")).isZero();
        writeRandomEvents(6_000);
        new HistoryMaintenance(database, Clock.fixed(NOW, ZoneOffset.UTC)).prune(NOW, 2);
        long free = count("PRAGMA freelist_count");
        assertThat(free * 4).isGreaterThanOrEqualTo(count("PRAGMA page_count"));

        assertThat(database.reclaimFreePages()).isEqualTo(free);

        assertThat(count("PRAGMA freelist_count")).isZero();
        assertThat(count("PRAGMA auto_vacuum")).isEqualTo(2);
    }

    private void writeRandomEvents(int count) {
        UsageEventStore store = new UsageEventStore(database);
        List<ReceivedItem> items = new RandomUsage(5).items(count, FROM, TO);
        for (int from = 0; from < items.size(); from += 1_000) {
            store.write(items.subList(from, Math.min(items.size(), from + 1_000)));
        }
    }

    private long count(String sql) {
        return database.read(dsl -> dsl.fetchOne(sql).get(0, Long.class));
    }

    private static long nanos(Instant instant) {
        return CpaTimestamps.toEpochNanos(instant);
    }
}
