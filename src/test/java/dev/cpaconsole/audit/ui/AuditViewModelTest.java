package dev.cpaconsole.audit.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.audit.core.AuditEntry;
import dev.cpaconsole.audit.core.AuditLog;
import dev.cpaconsole.concurrent.SameThreadTaskRunner;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.ui.TimeRange;

class AuditViewModelTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");

    @TempDir
    Path dataDir;

    private Database database;
    private TestClock clock;
    private AuditLog audit;
    private AuditViewModel model;

    @BeforeEach
    void open() {
        database = Database.open(dataDir);
        clock = new TestClock(NOW.minus(Duration.ofDays(3)));
        audit = new AuditLog(database, clock);
        model = new AuditViewModel(audit, new SameThreadTaskRunner(), clock, 10);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void record(int count, String actor, String action) {
        for (int i = 0; i < count; i++) {
            audit.record(actor, action, "key " + i + " sk-a\u20260001 (alice)", "", "", "ok", "");
            clock.advance(Duration.ofMinutes(1));
        }
    }

    @Test
    void entriesComeNewestFirstAPageAtATimeBelowTheOldestShown() {
        record(25, "desktop", "key.create");

        model.load();

        assertThat(model.rows()).hasSize(10);
        assertThat(model.rows().getFirst().target()).startsWith("key 24 ");
        assertThat(model.summaryProperty().get()).isEqualTo("25 entries, 10 shown, scroll down for older ones");

        model.loadMore();
        model.loadMore();

        assertThat(model.rows()).extracting(AuditEntry::id).hasSize(25).isSortedAccordingTo((a, b) -> Long.compare(b,
                a)).doesNotHaveDuplicates();
        assertThat(model.moreAvailableProperty().get()).isFalse();
        assertThat(model.summaryProperty().get()).isEqualTo("25 entries");
    }

    @Test
    void filtersNarrowByTimeActorActionGroupAndText() {
        record(3, "cli", "user.create");
        clock.advance(Duration.ofDays(3));
        record(2, "desktop", "key.create");
        record(1, "desktop", "key.revoke");

        model.load();
        assertThat(model.actors()).containsExactly("cli", "desktop");
        assertThat(model.actions()).containsExactly("key.", "key.create", "key.revoke", "user.", "user.create");

        model.showRange(TimeRange.LAST_24_HOURS);
        assertThat(model.rows()).hasSize(3);
        model.showRange(TimeRange.TODAY);
        assertThat(model.rows()).hasSize(3);
        model.showRange(TimeRange.THIS_MONTH);
        assertThat(model.rows()).hasSize(6);
        model.showRange(TimeRange.ALL);
        model.showActor("cli");
        assertThat(model.rows()).extracting(AuditEntry::action).containsOnly("user.create");
        model.showActor("");
        model.showAction("key.");
        assertThat(model.rows()).hasSize(3);
        model.search("KEY 0 ");
        assertThat(model.rows()).extracting(AuditEntry::action).containsExactly("key.revoke", "key.create");
    }

    @Test
    void theDetailLaysOutBothStatesAndNamesWhatChanged() {
        audit.record("desktop", "key.suspend", "key 3 sk-a\u20260001 (alice)",
                "{\"id\":3,\"status\":\"active\",\"in_cpa\":true}",
                "{\"id\":3,\"status\":\"suspended\",\"in_cpa\":false}", "ok", "ok");
        model.load();

        model.select(model.rows().getFirst());

        AuditDetail detail = model.detailProperty().get();
        assertThat(detail.before()).contains("\"status\" : \"active\"").contains("\n");
        assertThat(detail.changes()).containsExactly("status: active \u2192 suspended", "in_cpa: true \u2192 false");
    }

    @Test
    void exportWritesTheFilteredEntriesAsCsv() throws Exception {
        record(2, "desktop", "key.create");
        record(1, "cli", "user.create");
        model.showActor("desktop");
        Path file = dataDir.resolve("audit.csv");

        model.exportCsv(file);

        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(3).first().asString()
                .startsWith("time,actor,action,target");
        assertThat(model.messageProperty().get()).isEqualTo("Exported 2 entries to " + file + ".");
    }
}
