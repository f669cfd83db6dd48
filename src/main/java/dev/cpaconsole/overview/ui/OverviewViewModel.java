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
import dev.cpaconsole.overview.core.UsageSummary;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.CostTotals;
import dev.cpaconsole.pricing.core.PriceSnapshot;
import dev.cpaconsole.pricing.core.PriceStore;

/**
 * State of the overview screen. Reloads when the collector has stored new events, at most once
 * per {@link #tick()}, and otherwise every {@link #REFRESH_INTERVAL} so that the windows move on,
 * and when prices change. Must be used on one thread (the JavaFX thread in the application).
 */
public final class OverviewViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(OverviewViewModel.class);
    /** How old the figures may get when nothing new is stored. */
    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(60);

    private final OverviewService service;
    private final PriceStore prices;
    private final CostQuery costs;
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

    public OverviewViewModel(OverviewService service, PriceStore prices, CostQuery costs, TaskRunner tasks,
            Clock clock) {
        this.service = service;
        this.prices = prices;
        this.costs = costs;
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
        tasks.run(Workload.DATABASE, "overview", this::read, this::show, this::failed);
    }

    /** Told when prices or the fee policy changed: the costs are worked out again. */
    public void pricesChanged() {
        refresh();
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

    private Figures read() {
        OverviewSnapshot read = service.snapshot();
        PriceSnapshot priced = PriceSnapshot.of(prices);
        return new Figures(read, cost(read.today(), priced), cost(read.last24Hours(), priced));
    }

    private CostTotals cost(UsageSummary window, PriceSnapshot priced) {
        return costs.report(window.from(), window.to(), priced.book(), priced.policy(), null, clock.getZone())
                .totals();
    }

    private void show(Figures read) {
        snapshot.set(read.snapshot());
        today.set(SummaryFigures.of(read.snapshot().today(), read.todayCost()));
        last24Hours.set(SummaryFigures.of(read.snapshot().last24Hours(), read.dayCost()));
        errorMessage.set("");
        finished();
    }

    private void failed(Throwable failure) {
        LOG.warn("Reading the overview failed", failure);
        errorMessage.set("Could not read the usage history: " + failure.getMessage());
        finished();
    }

    /** A snapshot and the cost of its two windows, read together. */
    private record Figures(OverviewSnapshot snapshot, CostTotals todayCost, CostTotals dayCost) {
    }

    private void finished() {
        loading.set(false);
        if (refreshAgain) {
            refreshAgain = false;
            refresh();
        }
    }
}
