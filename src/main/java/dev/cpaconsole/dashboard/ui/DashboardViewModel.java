package dev.cpaconsole.dashboard.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Supplier;

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
import dev.cpaconsole.dashboard.core.Dashboard;
import dev.cpaconsole.dashboard.core.DashboardRange;
import dev.cpaconsole.dashboard.core.DashboardScope;
import dev.cpaconsole.dashboard.core.DashboardService;
import dev.cpaconsole.dashboard.core.RangePreset;
import dev.cpaconsole.dashboard.core.ScopeChoices;
import dev.cpaconsole.pricing.core.PriceSnapshot;
import dev.cpaconsole.pricing.core.PriceStore;

/**
 * State of the dashboard screen: the range preset (or custom dates), the scope, the choices of the
 * scope pickers and the dashboard last read. Reads again when the collector has stored new events,
 * at most once per {@link #tick()}, every {@link #REFRESH_INTERVAL} so that ranges ending now move
 * on, and when prices, the range or the scope change. The display zone is read from the settings
 * with every refresh. Must be used on one thread (the JavaFX thread in the application).
 */
public final class DashboardViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardViewModel.class);
    /** How old the figures may get when nothing new is stored. */
    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(60);

    private final DashboardService service;
    private final PriceStore prices;
    private final Supplier<ZoneId> displayZone;
    private final TaskRunner tasks;
    private final Clock clock;

    private final ReadOnlyObjectWrapper<Dashboard> dashboard = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ScopeChoices> choices = new ReadOnlyObjectWrapper<>(ScopeChoices.NONE);
    private final ReadOnlyObjectWrapper<RangePreset> preset = new ReadOnlyObjectWrapper<>(RangePreset.LAST_24_HOURS);
    private final ReadOnlyObjectWrapper<DashboardScope> scope = new ReadOnlyObjectWrapper<>(DashboardScope.GLOBAL);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper("");

    private LocalDate customFirst;
    private LocalDate customLast;
    private boolean refreshAgain;
    private boolean newEventsStored;
    private long lastStoredTotal = -1;
    private Instant lastRefresh = Instant.MIN;

    /**
     * @param displayZone the zone days and hours are cut in (the saved setting); called on a
     *     database thread
     */
    public DashboardViewModel(DashboardService service, PriceStore prices, Supplier<ZoneId> displayZone,
            TaskRunner tasks, Clock clock) {
        this.service = service;
        this.prices = prices;
        this.displayZone = displayZone;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** The dashboard last read, or null before the first. */
    public ReadOnlyObjectProperty<Dashboard> dashboardProperty() {
        return dashboard.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ScopeChoices> choicesProperty() {
        return choices.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RangePreset> presetProperty() {
        return preset.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<DashboardScope> scopeProperty() {
        return scope.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Why the dashboard could not be read or the range is refused, or "". */
    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    // Commands

    /** Shows a preset range; {@link RangePreset#CUSTOM} goes through {@link #showCustom}. */
    public void showPreset(RangePreset chosen) {
        if (chosen == RangePreset.CUSTOM) {
            throw new IllegalArgumentException("a custom range needs its dates");
        }
        preset.set(chosen);
        refresh();
    }

    /** Shows the local dates {@code first} to {@code last}, both included; refuses a range that ends first. */
    public void showCustom(LocalDate first, LocalDate last) {
        if (first == null || last == null) {
            errorMessage.set("Choose the first and the last day of the range.");
            return;
        }
        if (last.isBefore(first)) {
            errorMessage.set("The range ends on " + last + ", before it starts on " + first + ".");
            return;
        }
        if (first.isBefore(DashboardRange.FIRST_DAY) || last.isAfter(DashboardRange.LAST_DAY)) {
            errorMessage.set("Choose days from " + DashboardRange.FIRST_DAY + " to " + DashboardRange.LAST_DAY + ".");
            return;
        }
        customFirst = first;
        customLast = last;
        preset.set(RangePreset.CUSTOM);
        refresh();
    }

    /** Tells the operator that {@code typed} is no date; the range shown stays. */
    public void dateNotUnderstood(String typed) {
        errorMessage.set("'" + typed + "' is not a date \u2013 use the form 2026-03-01.");
    }

    /** Narrows (or widens) the dashboard to {@code newScope}. */
    public void narrow(DashboardScope newScope) {
        scope.set(Objects.requireNonNull(newScope, "newScope"));
        refresh();
    }

    /** Back to every event. */
    public void clearScope() {
        narrow(DashboardScope.GLOBAL);
    }

    /** Reads the dashboard now; a refresh asked for while one runs happens once it ends. */
    public void refresh() {
        if (loading.get()) {
            refreshAgain = true;
            return;
        }
        loading.set(true);
        newEventsStored = false;
        lastRefresh = clock.instant();
        RangePreset readPreset = preset.get();
        DashboardScope readScope = scope.get();
        LocalDate first = customFirst;
        LocalDate last = customLast;
        Instant now = clock.instant();
        tasks.run(Workload.DATABASE, "dashboard", () -> read(readPreset, first, last, readScope, now), this::show,
                this::failed);
    }

    /** Reads the scope pickers' choices again (users and keys change on other screens). */
    public void loadChoices() {
        tasks.run(Workload.DATABASE, "dashboard-choices", service::choices, choices::set,
                failure -> LOG.warn("Reading the dashboard's scope choices failed", failure));
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

    private Dashboard read(RangePreset readPreset, LocalDate first, LocalDate last, DashboardScope readScope,
            Instant now) {
        ZoneId zone = displayZone.get();
        DashboardRange range = readPreset == RangePreset.CUSTOM ? DashboardRange.custom(first, last, zone)
                : DashboardRange.of(readPreset, now, zone);
        PriceSnapshot priced = PriceSnapshot.of(prices);
        return service.read(range, readScope, priced.book(), priced.policy());
    }

    private void show(Dashboard read) {
        dashboard.set(read);
        errorMessage.set("");
        finished();
    }

    private void failed(Throwable failure) {
        LOG.warn("Reading the dashboard failed", failure);
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
