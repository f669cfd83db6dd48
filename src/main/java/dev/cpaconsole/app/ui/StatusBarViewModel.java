package dev.cpaconsole.app.ui;

import java.time.Instant;
import java.time.ZoneId;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import dev.cpaconsole.collector.core.CollectorHealth;
import dev.cpaconsole.collector.core.CollectorMode;
import dev.cpaconsole.ui.Formats;

/** What the status bar says about the collector, from its latest health. */
public final class StatusBarViewModel {
    /** How the collector is doing, for the colour of the status dot. */
    public enum Severity {
        IDLE,
        OK,
        WARNING,
        ERROR
    }

    private final ZoneId zone;
    private final ReadOnlyObjectWrapper<CollectorHealth> health =
            new ReadOnlyObjectWrapper<>(CollectorHealth.stopped());
    private final ReadOnlyObjectWrapper<Severity> severity = new ReadOnlyObjectWrapper<>(Severity.IDLE);
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper mode = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper cpaVersion = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper lastReceived = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper eventsPerMinute = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper();
    /**
     * The newest event time seen in any health, kept because a restarted collector reports none
     * until its first event although events were stored before.
     */
    private Instant lastKnownEvent;

    public StatusBarViewModel(ZoneId zone) {
        this.zone = zone;
        show(CollectorHealth.stopped());
    }

    public ReadOnlyObjectProperty<CollectorHealth> healthProperty() {
        return health.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Severity> severityProperty() {
        return severity.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modeProperty() {
        return mode.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty cpaVersionProperty() {
        return cpaVersion.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastReceivedProperty() {
        return lastReceived.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty eventsPerMinuteProperty() {
        return eventsPerMinute.getReadOnlyProperty();
    }

    /** The collector's last error or standing warning, or "". */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    // Commands

    /** Shows {@code latest}, the collector's newest health. */
    public void show(CollectorHealth latest) {
        health.set(latest);
        state.set(switch (latest.state()) {
            case STOPPED -> "Collector stopped";
            case CONNECTING -> "Connecting\u2026";
            case COLLECTING -> "Collecting";
            case RECONNECTING -> "Reconnecting\u2026";
            case KEY_REJECTED -> "Management key rejected";
            case UNSUPPORTED -> "CPA offers no usage channel";
        });
        mode.set(latest.mode() == CollectorMode.NONE ? "" : "via " + latest.mode().label());
        cpaVersion.set(latest.cpaVersion() == null ? "" : "CPA " + latest.cpaVersion());
        Instant newest = latest.lastReceived() != null ? latest.lastReceived() : latest.lastStored();
        if (newest != null && (lastKnownEvent == null || newest.isAfter(lastKnownEvent))) {
            lastKnownEvent = newest;
        }
        lastReceived.set(lastKnownEvent == null ? "no events yet"
                : "last event " + Formats.time(lastKnownEvent, zone));
        eventsPerMinute.set(Formats.count(latest.eventsPerMinute()) + " events/min");
        problem.set(latest.lastError() != null ? latest.lastError()
                : latest.warning() != null ? latest.warning() : "");
        severity.set(severityOf(latest));
    }

    private static Severity severityOf(CollectorHealth health) {
        Severity byState = switch (health.state()) {
            case STOPPED -> Severity.IDLE;
            case COLLECTING -> Severity.OK;
            case CONNECTING, RECONNECTING -> Severity.WARNING;
            case KEY_REJECTED, UNSUPPORTED -> Severity.ERROR;
        };
        boolean troubled = health.lastError() != null || health.warning() != null;
        if (troubled && (byState == Severity.OK || byState == Severity.IDLE)) {
            return Severity.WARNING;
        }
        return byState;
    }
}
