package dev.cpaconsole.audit.ui;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

import dev.cpaconsole.audit.core.AuditEntry;
import dev.cpaconsole.audit.core.AuditFilter;
import dev.cpaconsole.audit.core.AuditLog;
import dev.cpaconsole.concurrent.TaskHandle;
import dev.cpaconsole.concurrent.TaskRunner;
import dev.cpaconsole.concurrent.Workload;
import dev.cpaconsole.ui.Formats;
import dev.cpaconsole.ui.TimeRange;

/**
 * State of the audit screen: the admin actions newest first, read a page at a time below the
 * oldest one shown, the filters, the selected entry's detail and the CSV export. Must be used on
 * one thread (the JavaFX thread in the application).
 */
public final class AuditViewModel {
    /** Entries read at a time. */
    public static final int PAGE_SIZE = 200;
    private static final Logger LOG = LoggerFactory.getLogger(AuditViewModel.class);

    private final AuditLog audit;
    private final TaskRunner tasks;
    private final Clock clock;
    private final int pageSize;

    private final ObservableList<AuditEntry> rows = FXCollections.observableArrayList();
    private final ObservableList<String> actors = FXCollections.observableArrayList();
    private final ObservableList<String> actions = FXCollections.observableArrayList();
    private final ObservableList<AuditEntry> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<String> actorsView = FXCollections.unmodifiableObservableList(actors);
    private final ObservableList<String> actionsView = FXCollections.unmodifiableObservableList(actions);
    private final ReadOnlyObjectWrapper<TimeRange> range = new ReadOnlyObjectWrapper<>(TimeRange.ALL);
    private final ReadOnlyStringWrapper actor = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper action = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper moreAvailable = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<AuditDetail> detail = new ReadOnlyObjectWrapper<>();

    private Instant customFrom;
    private Instant customTo;
    private AuditFilter activeFilter = AuditFilter.ALL;
    private int matching;
    private TaskHandle pageTask = TaskHandle.DONE;

    public AuditViewModel(AuditLog audit, TaskRunner tasks, Clock clock) {
        this(audit, tasks, clock, PAGE_SIZE);
    }

    AuditViewModel(AuditLog audit, TaskRunner tasks, Clock clock, int pageSize) {
        this.audit = audit;
        this.tasks = tasks;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /** The entries shown, newest first. */
    public ObservableList<AuditEntry> rows() {
        return rowsView;
    }

    /** The actors the filter offers. */
    public ObservableList<String> actors() {
        return actorsView;
    }

    /**
     * The actions the filter offers: each group as a prefix ending in {@code .} (all key actions),
     * followed by its actions.
     */
    public ObservableList<String> actions() {
        return actionsView;
    }

    public ReadOnlyObjectProperty<TimeRange> rangeProperty() {
        return range.getReadOnlyProperty();
    }

    /** The actor filtered for; "" for all. */
    public ReadOnlyStringProperty actorProperty() {
        return actor.getReadOnlyProperty();
    }

    /** The action or action group filtered for; "" for all. */
    public ReadOnlyStringProperty actionProperty() {
        return action.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Whether older entries exist beyond the ones shown. */
    public ReadOnlyBooleanProperty moreAvailableProperty() {
        return moreAvailable.getReadOnlyProperty();
    }

    /** E.g. "1,234 entries, 200 shown, scroll down for older ones". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    /** The selected entry laid out for reading, or null. */
    public ReadOnlyObjectProperty<AuditDetail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    // Commands

    /** Reads the newest entries again with the current filters, and the filters' choices. */
    public void load() {
        pageTask.cancel();
        activeFilter = filterAsOfNow();
        AuditFilter filter = activeFilter;
        loading.set(true);
        pageTask = tasks.run(Workload.DATABASE, "audit-first-page", () -> new FirstPage(
                audit.page(filter, 0, pageSize), audit.count(filter), audit.actors(), audit.actions()), first -> {
                    matching = first.count();
                    rows.setAll(first.entries());
                    showChoices(first.actors(), first.actions());
                    AuditDetail shown = detail.get();
                    if (shown != null && rows.stream().noneMatch(e -> e.id() == shown.entry().id())) {
                        detail.set(null);
                    }
                    loaded(first.entries().size());
                }, this::failed);
    }

    /** Reads the next page of older entries, unless one is loading or none are left. */
    public void loadMore() {
        if (loading.get() || !moreAvailable.get() || rows.isEmpty()) {
            return;
        }
        AuditFilter filter = activeFilter;
        long below = rows.getLast().id();
        loading.set(true);
        pageTask = tasks.run(Workload.DATABASE, "audit-page", () -> audit.page(filter, below, pageSize), page -> {
            rows.addAll(page);
            loaded(page.size());
        }, this::failed);
    }

    /** Shows one of the ranges that end now; {@link #showCustomRange} for a custom one. */
    public void showRange(TimeRange chosen) {
        if (chosen == TimeRange.CUSTOM) {
            throw new IllegalArgumentException("a custom range needs its bounds");
        }
        range.set(chosen);
        load();
    }

    /** Shows entries from {@code from} (inclusive) to {@code to} (exclusive); either may be null. */
    public void showCustomRange(Instant from, Instant to) {
        customFrom = from;
        customTo = to;
        range.set(TimeRange.CUSTOM);
        load();
    }

    public void showActor(String chosen) {
        String value = Objects.requireNonNullElse(chosen, "");
        if (!value.equals(actor.get())) {
            actor.set(value);
            load();
        }
    }

    /** Shows one action, a group such as {@code key.}, or all with "". */
    public void showAction(String chosen) {
        String value = Objects.requireNonNullElse(chosen, "");
        if (!value.equals(action.get())) {
            action.set(value);
            load();
        }
    }

    /** Shows entries whose target, states or detail hold {@code typed}. */
    public void search(String typed) {
        String value = Objects.requireNonNullElse(typed, "");
        if (!value.equals(text.get())) {
            text.set(value);
            load();
        }
    }

    /** Shows the detail of {@code entry}, or none. */
    public void select(AuditEntry entry) {
        detail.set(entry == null ? null : AuditDetail.of(entry));
    }

    /** Writes every entry matching the filters, oldest first, to {@code file} as CSV. */
    public void exportCsv(Path file) {
        AuditFilter filter = filterAsOfNow();
        tasks.run(Workload.DATABASE, "audit-export", () -> {
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                return audit.exportCsv(filter, clock.getZone(), out);
            }
        }, count -> {
            errorMessage.set("");
            message.set("Exported " + Formats.count(count) + (count == 1 ? " entry" : " entries") + " to " + file
                    + ".");
        }, failure -> {
            LOG.warn("Exporting the audit log failed", failure);
            message.set("");
            errorMessage.set("Could not export the audit log: " + failure.getMessage());
        });
    }

    private void showChoices(List<String> foundActors, List<String> foundActions) {
        if (!foundActors.equals(actors)) {
            actors.setAll(foundActors);
        }
        Set<String> grouped = new LinkedHashSet<>();
        for (String name : foundActions) {
            int dot = name.indexOf('.');
            if (dot > 0) {
                grouped.add(name.substring(0, dot + 1));
            }
            grouped.add(name);
        }
        List<String> choices = new ArrayList<>(grouped);
        choices.sort((a, b) -> {
            String groupA = a.contains(".") ? a.substring(0, a.indexOf('.') + 1) : a;
            String groupB = b.contains(".") ? b.substring(0, b.indexOf('.') + 1) : b;
            int byGroup = groupA.compareTo(groupB);
            return byGroup != 0 ? byGroup : a.compareTo(b);
        });
        if (!choices.equals(actions)) {
            actions.setAll(choices);
        }
    }

    private void loaded(int pageRows) {
        loading.set(false);
        errorMessage.set("");
        moreAvailable.set(pageRows == pageSize && rows.size() < matching);
        String count = Formats.count(matching) + (matching == 1 ? " entry" : " entries");
        summary.set(rows.size() < matching ? count + ", " + Formats.count(rows.size())
                + " shown, scroll down for older ones" : count);
    }

    private void failed(Throwable failure) {
        LOG.warn("Reading the audit log failed", failure);
        loading.set(false);
        errorMessage.set("Could not read the audit log: " + failure.getMessage());
    }

    private AuditFilter filterAsOfNow() {
        TimeRange chosen = range.get();
        Instant from = chosen == TimeRange.CUSTOM ? customFrom : chosen.start(clock.instant(), clock.getZone());
        Instant to = chosen == TimeRange.CUSTOM ? customTo : null;
        return new AuditFilter(from, to, actor.get(), action.get(), text.get());
    }

    private record FirstPage(List<AuditEntry> entries, int count, List<String> actors, List<String> actions) {
    }
}
