package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import dev.cpaconsole.collector.core.CollectorHealth;
import dev.cpaconsole.collector.core.CollectorMode;
import dev.cpaconsole.collector.core.CollectorState;

class StatusBarViewModelTest {
    private final StatusBarViewModel model = new StatusBarViewModel(ZoneId.of("UTC"));

    private static CollectorHealth health(CollectorState state, String error, String warning) {
        return new CollectorHealth(state, CollectorMode.HTTP_QUEUE, "v7.2.140", Instant.parse("2026-08-22T06:05:07Z"),
                Instant.parse("2026-08-22T06:05:08Z"), 42, 100, 99, 1, error, warning);
    }

    @Test
    void collectingShowsModeVersionLastEventAndRate() {
        model.show(health(CollectorState.COLLECTING, null, null));

        assertThat(model.stateProperty().get()).isEqualTo("Collecting");
        assertThat(model.modeProperty().get()).isEqualTo("via HTTP queue");
        assertThat(model.cpaVersionProperty().get()).isEqualTo("CPA v7.2.140");
        assertThat(model.lastReceivedProperty().get()).isEqualTo("last event 06:05:07");
        assertThat(model.eventsPerMinuteProperty().get()).isEqualTo("42 events/min");
        assertThat(model.severityProperty().get()).isEqualTo(StatusBarViewModel.Severity.OK);
    }

    @Test
    void rejectedKeyIsAnErrorWithItsMessage() {
        model.show(health(CollectorState.KEY_REJECTED, "CPA refused the management key \u2013 check it in Settings",
                null));

        assertThat(model.severityProperty().get()).isEqualTo(StatusBarViewModel.Severity.ERROR);
        assertThat(model.problemProperty().get()).startsWith("CPA refused the management key");
    }

    @Test
    void standingWarningWhileCollectingIsAWarning() {
        model.show(health(CollectorState.COLLECTING, null, "Another consumer is taking events from the queue"));

        assertThat(model.severityProperty().get()).isEqualTo(StatusBarViewModel.Severity.WARNING);
        assertThat(model.problemProperty().get()).isEqualTo("Another consumer is taking events from the queue");
    }

    @Test
    void stoppedCollectorIsIdleWithoutVersion() {
        model.show(CollectorHealth.stopped());

        assertThat(model.stateProperty().get()).isEqualTo("Collector stopped");
        assertThat(model.cpaVersionProperty().get()).isEmpty();
        assertThat(model.lastReceivedProperty().get()).isEqualTo("no events yet");
        assertThat(model.severityProperty().get()).isEqualTo(StatusBarViewModel.Severity.IDLE);
    }

    @Test
    void restartedCollectorKeepsShowingTheLastEventSeen() {
        model.show(new CollectorHealth(CollectorState.COLLECTING, CollectorMode.HTTP_QUEUE, "v7.2.140",
                Instant.parse("2026-08-22T12:29:30Z"), Instant.parse("2026-08-22T12:29:31Z"), 3, 3, 3, 0, null, null));

        model.show(CollectorHealth.stopped());

        assertThat(model.lastReceivedProperty().get()).isEqualTo("last event 12:29:30");
    }
}
