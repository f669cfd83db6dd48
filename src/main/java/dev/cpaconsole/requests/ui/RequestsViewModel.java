package dev.cpaconsole.requests.ui;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

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
import dev.cpaconsole.requests.core.FilterChoice;
import dev.cpaconsole.requests.core.RequestChoices;
import dev.cpaconsole.requests.core.RequestCursor;
import dev.cpaconsole.requests.core.RequestDetail;
import dev.cpaconsole.requests.core.RequestExport;
import dev.cpaconsole.requests.core.RequestFilter;
import dev.cpaconsole.requests.core.RequestOutcome;
import dev.cpaconsole.requests.core.RequestPage;
import dev.cpaconsole.requests.core.RequestQuery;
import dev.cpaconsole.requests.core.RequestRow;
import dev.cpaconsole.requests.core.RequestSort;
import dev.cpaconsole.ui.Formats;
import dev.cpaconsole.ui.TimeRange;

/**
 * State of the requests screen: the list in the chosen order, loaded a page at a time, its
 * filters and their choices, the selected event's detail with the attempts of its request, and the
 * export. Events stored while the screen is open are put in their place at the next
 * {@link #tick()}; they are found by the order in which they were stored, because CPA reports an
 * attempt only when it ends, often after attempts that started later. Each event is priced with
 * the prices read last, which are read again when they change. Must be used on one thread (the
 * JavaFX thread in the application).
 */
public final class RequestsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(RequestsViewModel.class);

    private final RequestQuery query;
    private final RequestExport export;
    private final PriceStore prices;
    private final TaskRunner tasks;
    private final Clock clock;
    private final Supplier<ZoneId> exportZone;
    private final int pageSize;

    private final ObservableList<RequestRow> rows = FXCollections.observableArrayList();
    private final ObservableList<RequestRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyObjectWrapper<RequestChoices> choices = new ReadOnlyObjectWrapper<>(RequestChoices.NONE);
    private final ReadOnlyObjectWrapper<TimeRange> range = new ReadOnlyObjectWrapper<>(TimeRange.LAST_24_HOURS);
    private final Map<RequestFilterKind, ReadOnlyObjectWrapper<FilterChoice>> chosen =
            new EnumMap<>(RequestFilterKind.class);
    private final ReadOnlyStringWrapper requestId = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<RequestSort> sort = new ReadOnlyObjectWrapper<>(RequestSort.NEWEST_FIRST);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper moreAvailable = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<RequestRow> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RequestDetail> detail = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<PriceSnapshot> priceSnapshot = new ReadOnlyObjectWrapper<>();

    private Instant customFrom;
    private Instant customTo;
    private RequestFilter activeFilter = RequestFilter.ALL;
    private RequestSort activeSort = RequestSort.NEWEST_FIRST;
    private RequestCursor nextPage;
    private TaskHandle pageTask = TaskHandle.DONE;
    private TaskHandle countTask = TaskHandle.DONE;
    private TaskHandle detailTask = TaskHandle.DONE;
    private TaskHandle pricesTask = TaskHandle.DONE;
    private boolean newEventsStored;
    private long lastStoredTotal = -1;
    /** The id of the last stored event already considered for the list. */
    private long storedUpToId;
    /** Events matching the filter, loaded or not; -1 while they are being counted. */
    private long matchingCount = -1;
    /** Events stored since the first page and put in their place while the count was still running. */
    private long matchingCountOffset;
    /** The event to select again once a reload brings it back, or -1. */
    private long reselectId = -1;

    /**
     * @param exportZone the display zone the times of an export carry; asked on a database thread
     *     when an export starts
     */
    public RequestsViewModel(RequestQuery query, PriceStore prices, TaskRunner tasks, Clock clock,
            Supplier<ZoneId> exportZone) {
        this(query, prices, tasks, clock, exportZone, RequestQuery.PAGE_SIZE);
    }

    RequestsViewModel(RequestQuery query, PriceStore prices, TaskRunner tasks, Clock clock,
            Supplier<ZoneId> exportZone, int pageSize) {
        this.query = query;
        this.export = new RequestExport(query);
        this.prices = prices;
        this.tasks = tasks;
        this.clock = clock;
        this.exportZone = exportZone;
        this.pageSize = pageSize;
        for (RequestFilterKind kind : RequestFilterKind.values()) {
            chosen.put(kind, new ReadOnlyObjectWrapper<>());
        }
    }

    /** The events shown, in the chosen order. */
    public ObservableList<RequestRow> rows() {
        return rowsView;
    }

    /** What the filters offer; read again at every reload. */
    public ReadOnlyObjectProperty<RequestChoices> choicesProperty() {
        return choices.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TimeRange> rangeProperty() {
        return range.getReadOnlyProperty();
    }

    /** The choice of filter {@code kind}, or null for any. */
    public ReadOnlyObjectProperty<FilterChoice> filterProperty(RequestFilterKind kind) {
        return chosen.get(kind).getReadOnlyProperty();
    }

    /** The request id searched for, or "" for any. */
    public ReadOnlyStringProperty requestIdProperty() {
        return requestId.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RequestSort> sortProperty() {
        return sort.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty exportingProperty() {
        return exporting.getReadOnlyProperty();
    }

    /** Whether more events exist beyond the loaded ones. */
    public ReadOnlyBooleanProperty moreAvailableProperty() {
        return moreAvailable.getReadOnlyProperty();
    }

    /** The selected event, or null; a reload selects it again when it is still in the list. */
    public ReadOnlyObjectProperty<RequestRow> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected event with its record and the attempts of its request, or null. */
    public ReadOnlyObjectProperty<RequestDetail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** A line about what is shown, e.g. "1,234 requests, 500 shown, scroll down for more". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** What the last export did, or "". */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    /** The prices the events are shown with; null until they are read. */
    public ReadOnlyObjectProperty<PriceSnapshot> pricesProperty() {
        return priceSnapshot.getReadOnlyProperty();
    }

    /** The filter of the rows shown, with the time range as it was cut at the last reload. */
    public RequestFilter activeFilter() {
        return activeFilter;
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
     * Reads the list again from its start, with the current filters and order, and selects the
     * selected event again if it is still in the first page.
     */
    public void reload() {
        pageTask.cancel();
        countTask.cancel();
        long keep = selected.get() == null ? reselectId : selected.get().id();
        activeFilter = filterAsOfNow();
        activeSort = sort.get();
        nextPage = null;
        rows.clear();
        select(null);
        reselectId = keep;
        moreAvailable.set(false);
        newEventsStored = false;
        matchingCount = -1;
        matchingCountOffset = 0;
        RequestFilter provisional = activeFilter;
        RequestSort order = activeSort;
        TimeRange chosenRange = range.get();
        Instant now = clock.instant();
        loading.set(true);
        pageTask = tasks.run(Workload.DATABASE, "requests-first-page", () -> {
            // Today and this month start at a local midnight of the display zone, read here, off
            // the screen's thread.
            RequestFilter filter = chosenRange.startsAtLocalDate()
                    ? provisional.between(chosenRange.start(now, exportZone.get()), provisional.to())
                    : provisional;
            return new FirstPage(filter, query.newestStoredId(), query.page(filter, order, null, pageSize));
        }, this::showFirst, this::failed);
        loadChoices();
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

    /** Loads the next page, unless one is loading or none are left. */
    public void loadMore() {
        if (!loading.get() && nextPage != null) {
            RequestFilter filter = activeFilter;
            RequestSort order = activeSort;
            RequestCursor after = nextPage;
            loading.set(true);
            pageTask = tasks.run(Workload.DATABASE, "requests-page", () -> query.page(filter, order, after, pageSize),
                    this::append, this::failed);
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

    /** Narrows the list to {@code choice} of filter {@code kind}, or widens it again when null. */
    public void filterBy(RequestFilterKind kind, FilterChoice choice) {
        ReadOnlyObjectWrapper<FilterChoice> current = chosen.get(kind);
        if (!Objects.equals(current.get(), choice)) {
            current.set(choice);
            reload();
        }
    }

    /** Shows only events of {@code model} (upstream or alias), or of every model when it is null or blank. */
    public void showModel(String model) {
        filterBy(RequestFilterKind.MODEL, model == null || model.isBlank() ? null : FilterChoice.of(model.strip()));
    }

    /** Shows only the attempts of request id {@code text}, or every request when it is blank. */
    public void searchRequestId(String text) {
        String wanted = text == null ? "" : text.strip();
        if (!wanted.equals(requestId.get())) {
            requestId.set(wanted);
            reload();
        }
    }

    /** Orders the list by {@code newSort} and reads it again from its start. */
    public void sortBy(RequestSort newSort) {
        if (!newSort.equals(sort.get())) {
            sort.set(newSort);
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

    /**
     * Writes the rows the list shows (its filter, as cut at the last reload, and its order) to
     * {@code file}: JSON Lines when the name ends in {@code .jsonl} or {@code .ndjson}, otherwise
     * CSV, with the UTF-8 byte order mark when {@code byteOrderMark} is set. Times carry their offset
     * in the display zone.
     */
    public void export(Path file, boolean byteOrderMark) {
        RequestExport.Format format = RequestExport.Format.forFileName(file.getFileName().toString());
        RequestFilter shown = activeFilter;
        RequestSort order = activeSort;
        // Before the first page of today or this month is read, its start is not known yet.
        TimeRange chosenRange = range.get();
        boolean startUnknown = chosenRange.startsAtLocalDate() && shown.from() == null;
        Instant now = clock.instant();
        exporting.set(true);
        message.set("Exporting\u2026");
        tasks.run(Workload.DATABASE, "requests-export", () -> {
            ZoneId zone = exportZone.get();
            RequestFilter filter = startUnknown ? shown.between(chosenRange.start(now, zone), shown.to()) : shown;
            RequestExport.Request request = new RequestExport.Request(filter, order, format,
                    byteOrderMark && format == RequestExport.Format.CSV, zone);
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                return export.write(request, PriceSnapshot.of(prices), out);
            }
        }, count -> {
            exporting.set(false);
            errorMessage.set("");
            message.set("Exported " + Formats.count(count) + (count == 1 ? " request" : " requests") + " to "
                    + file + ".");
        }, failure -> {
            LOG.warn("Exporting the requests to {} failed", file, failure);
            exporting.set(false);
            message.set("");
            errorMessage.set("Could not export the requests: " + failure.getMessage());
        });
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
        loadChoices();
    }

    private void showFirst(FirstPage first) {
        activeFilter = first.filter();
        storedUpToId = first.newestId();
        append(first.page());
        if (first.page().next() == null) {
            matchingCount = rows.size();
            loaded();
        } else {
            // Counting can take longer than the page itself on a long range, so the page comes first.
            RequestFilter filter = activeFilter;
            long upTo = first.newestId();
            countTask = tasks.run(Workload.DATABASE, "requests-count", () -> query.count(filter, upTo),
                    this::counted, this::failed);
        }
        if (reselectId >= 0) {
            long wanted = reselectId;
            reselectId = -1;
            rows.stream().filter(row -> row.id() == wanted).findFirst().ifPresent(this::select);
        }
    }

    private void counted(long count) {
        matchingCount = count + matchingCountOffset;
        matchingCountOffset = 0;
        loaded();
    }

    private void loadChoices() {
        tasks.run(Workload.DATABASE, "request-choices", query::choices, this::showChoices, this::failed);
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
            if (matchingCount >= 0) {
                matchingCount++;
            } else {
                matchingCountOffset++;
            }
            int found = Collections.binarySearch(rows, row, activeSort::compare);
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

    private void showChoices(RequestChoices found) {
        if (!found.equals(choices.get())) {
            choices.set(found);
        }
    }

    private void loaded() {
        loading.set(false);
        errorMessage.set("");
        if (matchingCount < 0) {
            summary.set(Formats.count(rows.size()) + " shown, counting\u2026");
            return;
        }
        long total = Math.max(matchingCount, rows.size());
        String count = Formats.count(total) + (total == 1 ? " request" : " requests");
        summary.set(rows.size() < total
                ? count + ", " + Formats.count(rows.size()) + " shown, scroll down for more"
                : count);
    }

    private void failed(Throwable failure) {
        LOG.warn("Reading the requests failed", failure);
        loading.set(false);
        errorMessage.set("Could not read the requests: " + failure.getMessage());
    }

    private record FirstPage(RequestFilter filter, long newestId, RequestPage page) {
    }

    private RequestFilter filterAsOfNow() {
        TimeRange chosenRange = range.get();
        // A range starting at a local date gets its start when the first page is read.
        Instant from = chosenRange == TimeRange.CUSTOM ? customFrom
                : chosenRange.startsAtLocalDate() ? null : chosenRange.start(clock.instant(), ZoneOffset.UTC);
        Instant to = chosenRange == TimeRange.CUSTOM ? customTo : null;
        return new RequestFilter(from, to, id(RequestFilterKind.USER), id(RequestFilterKind.KEY),
                value(RequestFilterKind.PROVIDER), value(RequestFilterKind.MODEL), value(RequestFilterKind.ENDPOINT),
                value(RequestFilterKind.ACCOUNT), outcome(), value(RequestFilterKind.REASONING_EFFORT),
                value(RequestFilterKind.SERVICE_TIER), requestId.get());
    }

    private String value(RequestFilterKind kind) {
        FilterChoice choice = chosen.get(kind).get();
        return choice == null ? null : choice.value();
    }

    private Long id(RequestFilterKind kind) {
        String value = value(kind);
        return value == null ? null : Long.valueOf(value);
    }

    private RequestOutcome outcome() {
        String value = value(RequestFilterKind.OUTCOME);
        return value == null ? null : RequestOutcome.parse(value);
    }
}
