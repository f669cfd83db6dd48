package dev.cpaconsole.collector.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;

import dev.cpaconsole.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GapRecorderTest {
    @TempDir
    Path dataDir;

    private Database database;
    private GapRecorder gaps;

    @BeforeEach
    void open() {
        database = Database.open(dataDir);
        gaps = new GapRecorder(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void keepsNanosecondInstantsExactly() {
        Instant start = Instant.parse("2026-08-22T06:05:07.123456789Z");
        Instant end = Instant.parse("2026-08-22T06:06:07.987654321Z");

        gaps.record(GapRecorder.DISCONNECTED, "lost", start, end);

        assertThat(gaps.all()).containsExactly(new GapRecorder.Gap(1, start, end, "disconnected", "lost"));
    }

    @Test
    void openGapIsClosedLater() {
        Instant start = Instant.parse("2026-08-22T06:05:07Z");
        long id = gaps.open(GapRecorder.KEY_REJECTED, "invalid management key", start);

        assertThat(gaps.all().getFirst().end()).isNull();

        gaps.close(id, start.plusSeconds(30));

        assertThat(gaps.all().getFirst().end()).isEqualTo(start.plusSeconds(30));
    }

    @Test
    void firstStartRecordsNoConsoleStoppedGap() {
        assertThat(gaps.recordConsoleStopped(Instant.parse("2026-08-22T06:05:07Z"))).isEmpty();
        assertThat(gaps.all()).isEmpty();
    }

    @Test
    void nextStartRecordsTheTimeSinceTheLastHeartbeat() {
        Instant heartbeat = Instant.parse("2026-08-22T06:05:07.5Z");
        Instant restart = Instant.parse("2026-08-22T09:00:00Z");
        gaps.heartbeat(heartbeat);

        assertThat(gaps.recordConsoleStopped(restart)).isPresent();

        assertThat(gaps.all()).singleElement().satisfies(gap -> {
            assertThat(gap.reason()).isEqualTo(GapRecorder.CONSOLE_STOPPED);
            assertThat(gap.start()).isEqualTo(heartbeat);
            assertThat(gap.end()).isEqualTo(restart);
        });
    }

    @Test
    void gapsLeftOpenByAnAbruptEndCloseAtTheLastHeartbeat() {
        Instant lost = Instant.parse("2026-08-22T06:00:00Z");
        Instant heartbeat = Instant.parse("2026-08-22T06:05:00Z");
        gaps.open(GapRecorder.DISCONNECTED, "", lost);
        gaps.heartbeat(heartbeat);

        gaps.recordConsoleStopped(Instant.parse("2026-08-22T07:00:00Z"));

        assertThat(gaps.all().getFirst().end()).isEqualTo(heartbeat);
    }

    @Test
    void heartbeatIsReplacedNotAppended() {
        gaps.heartbeat(Instant.parse("2026-08-22T06:00:00Z"));
        gaps.heartbeat(Instant.parse("2026-08-22T06:00:30Z"));

        assertThat(gaps.lastHeartbeat()).contains(Instant.parse("2026-08-22T06:00:30Z"));
    }
}
