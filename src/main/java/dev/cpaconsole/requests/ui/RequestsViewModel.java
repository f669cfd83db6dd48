package dev.cpaconsole.requests.ui;

import java.time.Clock;
import java.time.Instant;
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
import dev.cpaconsole.requests.core.RequestCursor;
import dev.cpaconsole.requests.core.RequestDetail;
import dev.cpaconsole.requests.core.RequestFilter;
import dev.cpaconsole.requests.core.RequestPage;
import dev.cpaconsole.requests.core.RequestQuery;
import dev.cpaconsole.requests.core.RequestRow;
import dev.cpaconsole.ui.Formats;

/**
 * State of the requests screen: the newest-first list, loaded a page at a time, its filters and
 * the selected event's detail. Events stored while the screen is open are put on top at the next
 * {@link #tick()} when the time range reaches up to now. Must be used on one thread (the JavaFX
 * thread in the application).
 */
public final class RequestsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(RequestsViewModel.class);

    private final RequestQuery query;
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
    private final ReadOnlyObjectWrapper<RequestDetail> detail = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper("");

    private Instant customFrom;
    private Instant customTo;
    private RequestFilter activeFilter = RequestFilter.ALL;
    private RequestCursor nextPage;
    private TaskHandle pageTask = TaskHandle.DONE;
    private TaskHandle detailTask = TaskHandle.DONE;
    private boolean newEventsStored;
    private long lastStoredTotal = -1;

    public RequestsViewModel(RequestQuery query, TaskRunner tasks, Clock clock) {
        this(query, tasks, clock, RequestQuery.PAGE_SIZE);
    }

    RequestsViewModel(RequestQuery query, TaskRunner tasks, Clock clock, int pageSize) {
        this.query = query;
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

    /** The selected event with its record, or null. */
    public ReadOnlyObjectProperty<RequestDetail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** A line about what is shown, e.g. "500 requests shown, scroll for more". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    // Commands

    /** Reads the list again from the newest event, with the current filters. */
    public void reload() {
        pageTask.cancel();
        activeFilter = filterAsOfNow();
        nextPage = null;
        rows.clear();
        moreAvailable.set(false);
        newEventsStored = false;
        loadPage(null);
        loadModels();
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
        detailTask.cancel();
        if (row == null) {
            detail.set(null);
            return;
        }
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

    /** Called every few seconds: puts newly stored events on top when the range reaches up to now. */
    public void tick() {
        if (!newEventsStored || loading.get() || activeFilter.to() != null) {
            return;
        }
        newEventsStored = false;
        if (rows.isEmpty()) {
            reload();
            return;
        }
        RequestFilter filter = activeFilter;
        RequestCursor newest = rows.getFirst().cursor();
        loading.set(true);
        pageTask = tasks.run(Workload.DATABASE, "requests-newer", () -> query.newerThan(filter, newest, pageSize),
                this::prepend, this::failed);
        loadModels();
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

    private void prepend(List<RequestRow> newer) {
        loading.set(false);
        if (newer.size() >= pageSize) {
            // More arrived than one page holds: the list would have a hole, so start over.
            reload();
            return;
        }
        rows.addAll(0, newer);
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
        String count = Formats.count(rows.size()) + (rows.size() == 1 ? " request" : " requests");
        summary.set(moreAvailable.get() ? count + " shown, scroll down for older ones" : count);
    }

    private void failed(Throwable failure) {
        LOG.warn("Reading the requests failed", failure);
        loading.set(false);
        errorMessage.set("Could not read the requests: " + failure.getMessage());
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
