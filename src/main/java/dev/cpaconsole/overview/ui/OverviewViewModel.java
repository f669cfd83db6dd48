package dev.cpaconsole.overview.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.concurrent.TaskRunner;
import dev.cpaconsole.concurrent.Workload;
import dev.cpaconsole.overview.core.OverviewService;
import dev.cpaconsole.overview.core.OverviewSnapshot;

/**
 * State of the overview screen. Reloads when the collector has stored new events, at most once
 * per {@link #tick()}, and otherwise every {@link #REFRESH_INTERVAL} so that the windows move on.
 * Must be used on one thread (the JavaFX thread in the application).
 */
public final class OverviewViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(OverviewViewModel.class);
    /** How old the figures may get when nothing new is stored. */
    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(60);

    private final OverviewService service;
    private final TaskRunner tasks;
    private final Clock clock;

    private final ReadOnlyObjectWrapper<OverviewSnapshot> snapshot = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<SummaryFigures> today = new ReadOnlyObjectWrapper<>(SummaryFigures.EMPTY);
    private final ReadOnlyObjectWrapper<SummaryFigures> last24Hours =
            new ReadOnlyObjectWrapper<>(SummaryFigures.EMPTY);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper("");

    private boolean refreshAgain;
    private boolean newEventsStored;
    private long lastStoredTotal = -1;
    private Instant lastRefresh = Instant.MIN;

    public OverviewViewModel(OverviewService service, TaskRunner tasks, Clock clock) {
        this.service = service;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** The last snapshot read, or null before the first. */
    public ReadOnlyObjectProperty<OverviewSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SummaryFigures> todayProperty() {
        return today.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SummaryFigures> last24HoursProperty() {
        return last24Hours.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Why the figures could not be read, or "". */
    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    // Commands

    /** Reads the figures now; a refresh asked for while one runs happens once it ends. */
    public void refresh() {
        if (loading.get()) {
            refreshAgain = true;
            return;
        }
        loading.set(true);
        newEventsStored = false;
        lastRefresh = clock.instant();
        tasks.run(Workload.DATABASE, "overview", service::snapshot, this::show, this::failed);
    }

    /** Tells the screen how many events the collector has stored so far. */
    public void eventsStored(long storedTotal) {
        if (storedTotal != lastStoredTotal) {
            lastStoredTotal = storedTotal;
            newEventsStored = true;
        }
    }

    /** Called every few seconds: refreshes when events were stored or the figures got old. */
    public void tick() {
        if (newEventsStored || !clock.instant().isBefore(lastRefresh.plus(REFRESH_INTERVAL))) {
            refresh();
        }
    }

    private void show(OverviewSnapshot read) {
        snapshot.set(read);
        today.set(SummaryFigures.of(read.today()));
        last24Hours.set(SummaryFigures.of(read.last24Hours()));
        errorMessage.set("");
        finished();
    }

    private void failed(Throwable failure) {
        LOG.warn("Reading the overview failed", failure);
        errorMessage.set("Could not read the usage history: " + failure.getMessage());
        finished();
    }

    private void finished() {
        loading.set(false);
        if (refreshAgain) {
            refreshAgain = false;
            refresh();
        }
    }
}
