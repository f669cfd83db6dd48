package dev.cpaconsole.requests.ui;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.concurrent.TaskHandle;
import dev.cpaconsole.concurrent.TaskRunner;
import dev.cpaconsole.concurrent.Workload;
import dev.cpaconsole.pricing.core.EventCost;
import dev.cpaconsole.pricing.core.PriceSnapshot;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.requests.core.RequestCursor;
import dev.cpaconsole.requests.core.RequestDetail;
import dev.cpaconsole.requests.core.RequestFilter;
import dev.cpaconsole.requests.core.RequestPage;
import dev.cpaconsole.requests.core.RequestQuery;
import dev.cpaconsole.requests.core.RequestRow;
import dev.cpaconsole.ui.Formats;
import dev.cpaconsole.ui.TimeRange;

/**
 * State of the requests screen: the newest-first list, loaded a page at a time, its filters and
 * the selected event's detail. Events stored while the screen is open are put in their place at
 * the next {@link #tick()}; they are found by the order in which they were stored, because CPA
 * reports an attempt only when it ends, often after attempts that started later. Each event is
 * priced with the prices read last, which are read again when they change. Must be used on one
 * thread (the JavaFX thread in the application).
 */
public final class RequestsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(RequestsViewModel.class);
    /** The list's order: newest start first, the later-stored first among equal starts. */
    private static final Comparator<RequestRow> NEWEST_FIRST = Comparator
            .comparingLong(RequestRow::timestampNanos).thenComparingLong(RequestRow::id).reversed();

    private final RequestQuery query;
    private final PriceStore prices;
    private final TaskRunner tasks;
    private final Clock clock;
    private final int pageSize;

    private final ObservableList<RequestRow> rows = FXCollections.observableArrayList();
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ObservableList<RequestRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<String> modelsView = FXCollections.unmodifiableObservableList(models);
    private final ReadOnlyObjectWrapper<TimeRange> range = new ReadOnlyObjectWrapper<>(TimeRange.LAST_24_HOURS);
    private final ReadOnlyObjectWrapper<String> model = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper failedOnly = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper moreAvailable = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<RequestRow> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RequestDetail> detail = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<PriceSnapshot> priceSnapshot = new ReadOnlyObjectWrapper<>();

    private Instant customFrom;
    private Instant customTo;
    private RequestFilter activeFilter = RequestFilter.ALL;
    private RequestCursor nextPage;
    private TaskHandle pageTask = TaskHandle.DONE;
    private TaskHandle detailTask = TaskHandle.DONE;
    private TaskHandle pricesTask = TaskHandle.DONE;
    private boolean newEventsStored;
    private long lastStoredTotal = -1;
    /** The id of the last stored event already considered for the list. */
    private long storedUpToId;
    /** Events matching the filter, loaded or not. */
    private long matchingCount;
    /** The event to select again once a reload brings it back, or -1. */
    private long reselectId = -1;

    public RequestsViewModel(RequestQuery query, PriceStore prices, TaskRunner tasks, Clock clock) {
        this(query, prices, tasks, clock, RequestQuery.PAGE_SIZE);
    }

    RequestsViewModel(RequestQuery query, PriceStore prices, TaskRunner tasks, Clock clock, int pageSize) {
        this.query = query;
        this.prices = prices;
        this.tasks = tasks;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /** The events shown, newest first. */
    public ObservableList<RequestRow> rows() {
        return rowsView;
    }

    /** The models the filter offers. */
    public ObservableList<String> models() {
        return modelsView;
    }

    public ReadOnlyObjectProperty<TimeRange> rangeProperty() {
        return range.getReadOnlyProperty();
    }

    /** The model filtered for, or null for all. */
    public ReadOnlyObjectProperty<String> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty failedOnlyProperty() {
        return failedOnly.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Whether older events exist beyond the loaded ones. */
    public ReadOnlyBooleanProperty moreAvailableProperty() {
        return moreAvailable.getReadOnlyProperty();
    }

    /** The selected event, or null; a reload selects it again when it is still in the list. */
    public ReadOnlyObjectProperty<RequestRow> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected event with its record, or null. */
    public ReadOnlyObjectProperty<RequestDetail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** A line about what is shown, e.g. "1,234 requests, 500 shown, scroll down for older ones". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    /** The prices the events are shown with; null until they are read. */
    public ReadOnlyObjectProperty<PriceSnapshot> pricesProperty() {
        return priceSnapshot.getReadOnlyProperty();
    }

    /** The cost of {@code row} under the prices read last, or null while none are read. */
    public EventCost costOf(RequestRow row) {
        PriceSnapshot snapshot = priceSnapshot.get();
        if (snapshot == null) {
            return null;
        }
        return snapshot.cost(row.provider(), row.model(), row.alias(), row.timestampNanos(), row.tokens(),
                row.failed());
    }

    // Commands

    /**
     * Reads the list again from the newest event, with the current filters, and selects the
     * selected event again if it is still in the first page.
     */
    public void reload() {
        pageTask.cancel();
        long keep = selected.get() == null ? reselectId : selected.get().id();
        activeFilter = filterAsOfNow();
        nextPage = null;
        rows.clear();
        select(null);
        reselectId = keep;
        moreAvailable.set(false);
        newEventsStored = false;
        RequestFilter filter = activeFilter;
        loading.set(true);
        pageTask = tasks.run(Workload.DATABASE, "requests-first-page", () -> firstPage(filter), this::showFirst,
                this::failed);
        loadModels();
        if (priceSnapshot.get() == null) {
            pricesChanged();
        }
    }

    /** Reads the prices again; told when they or the fee policy changed. */
    public void pricesChanged() {
        pricesTask.cancel();
        pricesTask = tasks.run(Workload.DATABASE, "requests-prices", () -> PriceSnapshot.of(prices),
                priceSnapshot::set, this::failed);
    }

    /** Loads the next page of older events, unless one is loading or none are left. */
    public void loadMore() {
        if (!loading.get() && nextPage != null) {
            loadPage(nextPage);
        }
    }

    /** Shows one of the ranges that end now; use {@link #showCustomRange} for a custom one. */
    public void showRange(TimeRange newRange) {
        if (newRange == TimeRange.CUSTOM) {
            throw new IllegalArgumentException("a custom range needs its bounds");
        }
        range.set(newRange);
        reload();
    }

    /**
     * Shows events from {@code from} (inclusive) to {@code to} (exclusive); either may be null
     * for an open end.
     */
    public void showCustomRange(Instant from, Instant to) {
        customFrom = from;
        customTo = to;
        range.set(TimeRange.CUSTOM);
        reload();
    }

    /** Shows only events of {@code newModel}, or of all models when it is null or blank. */
    public void showModel(String newModel) {
        String normalised = newModel == null || newModel.isBlank() ? null : newModel;
        if (!Objects.equals(normalised, model.get())) {
            model.set(normalised);
            reload();
        }
    }

    public void showFailedOnly(boolean onlyFailed) {
        if (onlyFailed != failedOnly.get()) {
            failedOnly.set(onlyFailed);
            reload();
        }
    }

    /** Shows the detail of {@code row}, or none when it is null. */
    public void select(RequestRow row) {
        if (Objects.equals(row, selected.get())) {
            return;
        }
        detailTask.cancel();
        selected.set(row);
        if (row == null) {
            detail.set(null);
            return;
        }
        reselectId = -1;
        detailTask = tasks.run(Workload.DATABASE, "request-detail", () -> query.detail(row.id()),
                found -> detail.set(found.orElse(null)), this::failed);
    }

    /** Tells the screen how many events the collector has stored so far. */
    public void eventsStored(long storedTotal) {
        if (storedTotal != lastStoredTotal) {
            lastStoredTotal = storedTotal;
            newEventsStored = true;
        }
    }

    /** Called every few seconds: puts newly stored events matching the filters in their place. */
    public void tick() {
        if (!newEventsStored || loading.get()) {
            return;
        }
        newEventsStored = false;
        RequestFilter filter = activeFilter;
        long after = storedUpToId;
        loading.set(true);
        pageTask = tasks.run(Workload.DATABASE, "requests-stored", () -> query.storedAfter(filter, after, pageSize),
                this::insertStored, this::failed);
        loadModels();
    }

    private FirstPage firstPage(RequestFilter filter) {
        // The count and the later look-ups for new events share one bound, so no event is counted twice.
        long newestId = query.newestStoredId();
        long count = query.count(filter, newestId);
        return new FirstPage(query.page(filter, null, pageSize), newestId, count);
    }

    private void showFirst(FirstPage first) {
        storedUpToId = first.newestId();
        matchingCount = first.count();
        append(first.page());
        if (reselectId >= 0) {
            long wanted = reselectId;
            reselectId = -1;
            rows.stream().filter(row -> row.id() == wanted).findFirst().ifPresent(this::select);
        }
    }

    private void loadPage(RequestCursor after) {
        RequestFilter filter = activeFilter;
        loading.set(true);
        pageTask = tasks.run(Workload.DATABASE, "requests-page", () -> query.page(filter, after, pageSize),
                this::append, this::failed);
    }

    private void loadModels() {
        tasks.run(Workload.DATABASE, "request-models", query::models, this::showModels, this::failed);
    }

    private void append(RequestPage page) {
        rows.addAll(page.rows());
        nextPage = page.next();
        moreAvailable.set(nextPage != null);
        loaded();
    }

    private void insertStored(List<RequestRow> stored) {
        for (RequestRow row : stored) {
            storedUpToId = Math.max(storedUpToId, row.id());
            matchingCount++;
            int found = Collections.binarySearch(rows, row, NEWEST_FIRST);
            if (found >= 0) {
                // Already read by the first page, which may see a little past its bound.
                continue;
            }
            int position = -found - 1;
            if (position < rows.size() || nextPage == null) {
                rows.add(position, row);
            }
            // Otherwise it belongs beyond the loaded rows, and the next page brings it.
        }
        if (stored.size() >= pageSize) {
            newEventsStored = true;
        }
        loaded();
    }

    private void showModels(List<String> found) {
        if (!found.equals(models)) {
            models.setAll(found);
        }
    }

    private void loaded() {
        loading.set(false);
        errorMessage.set("");
        long total = Math.max(matchingCount, rows.size());
        String count = Formats.count(total) + (total == 1 ? " request" : " requests");
        summary.set(rows.size() < total
                ? count + ", " + Formats.count(rows.size()) + " shown, scroll down for older ones"
                : count);
    }

    private void failed(Throwable failure) {
        LOG.warn("Reading the requests failed", failure);
        loading.set(false);
        errorMessage.set("Could not read the requests: " + failure.getMessage());
    }

    private record FirstPage(RequestPage page, long newestId, long count) {
    }

    private RequestFilter filterAsOfNow() {
        TimeRange chosen = range.get();
        Instant from = switch (chosen) {
            case ALL -> null;
            case CUSTOM -> customFrom;
            default -> clock.instant().minus(chosen.length());
        };
        Instant to = chosen == TimeRange.CUSTOM ? customTo : null;
        return new RequestFilter(from, to, model.get(), failedOnly.get());
    }
}
