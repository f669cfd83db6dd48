package dev.cpaconsole.models.ui;

import java.util.Locale;
import java.util.function.Predicate;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.concurrent.TaskRunner;
import dev.cpaconsole.concurrent.Workload;
import dev.cpaconsole.models.core.InventoryEvent;
import dev.cpaconsole.models.core.InventorySnapshot;
import dev.cpaconsole.models.core.ModelInventory;
import dev.cpaconsole.models.core.ModelInventoryException;
import dev.cpaconsole.models.core.ModelRow;
import dev.cpaconsole.ui.Formats;

/**
 * State of the models screen: the inventory's rows, a text filter over them, when the shown
 * inventory was built and how its sources answered, and whether a refresh runs or failed. Refresh
 * outcomes arrive through {@link #inventoryChanged(InventoryEvent)}, whoever asked for them (the
 * operator or the schedule). Must be used on one thread (the JavaFX thread in the application).
 */
public final class ModelsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ModelsViewModel.class);

    private final ModelInventory inventory;
    private final TaskRunner tasks;

    private final ObservableList<ModelRow> allRows = FXCollections.observableArrayList();
    private final FilteredList<ModelRow> rows = new FilteredList<>(allRows);
    private final ObservableList<ModelRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper filter = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<InventorySnapshot> snapshot = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper refreshing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper("");

    public ModelsViewModel(ModelInventory inventory, TaskRunner tasks) {
        this.inventory = inventory;
        this.tasks = tasks;
    }

    /** The models that match the filter, by id until the view sorts them. */
    public ObservableList<ModelRow> rows() {
        return rowsView;
    }

    public ReadOnlyStringProperty filterProperty() {
        return filter.getReadOnlyProperty();
    }

    /** The inventory shown, or null before one was read. */
    public ReadOnlyObjectProperty<InventorySnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    /** Whether CPA is being asked now. */
    public ReadOnlyBooleanProperty refreshingProperty() {
        return refreshing.getReadOnlyProperty();
    }

    /** A line about the rows, e.g. "9 models" or "2 of 9 models match". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why the last refresh failed, in plain words, or "". */
    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    /** Whether the shown inventory holds {@code /v1/models}, so a row missing there is really missing. */
    public boolean proxyListRead() {
        InventorySnapshot shown = snapshot.get();
        return shown != null && shown.proxyList().isOk();
    }

    // Commands

    /** Shows the saved inventory, if any, until a refresh brings a new one. */
    public void load() {
        tasks.run(Workload.DATABASE, "models-load", inventory::lastSnapshot, saved -> {
            // A refresh may have finished first; the saved inventory is older then.
            if (saved.isPresent() && snapshot.get() == null) {
                show(saved.get());
            }
        }, failure -> {
            LOG.warn("Reading the saved model inventory failed", failure);
            errorMessage.set("Could not read the saved models: " + failure.getMessage());
        });
    }

    /** Asks CPA now; the outcome arrives through {@link #inventoryChanged(InventoryEvent)}. */
    public void refresh() {
        if (refreshing.get()) {
            return;
        }
        refreshing.set(true);
        tasks.run(Workload.CPA, "models-refresh", inventory::refresh, refreshed -> refreshing.set(false),
                failure -> {
                    refreshing.set(false);
                    // The inventory already told its listeners about its own failures; anything else is news.
                    if (!(failure instanceof ModelInventoryException)) {
                        LOG.warn("Refreshing the models failed", failure);
                    }
                    errorMessage.set(failure.getMessage());
                });
    }

    /** Shows only models whose id, owner, name, accounts or providers contain {@code text}, ignoring case. */
    public void filter(String text) {
        String normalised = text == null ? "" : text.strip();
        filter.set(normalised);
        rows.setPredicate(matching(normalised));
        summarise();
    }

    /** Told of every refresh of the inventory, on this model's thread. */
    public void inventoryChanged(InventoryEvent event) {
        switch (event) {
            case InventoryEvent.RefreshStarted started -> refreshing.set(true);
            case InventoryEvent.Refreshed refreshed -> {
                refreshing.set(false);
                errorMessage.set("");
                show(refreshed.snapshot());
            }
            case InventoryEvent.Repriced repriced -> {
                InventorySnapshot shown = snapshot.get();
                // Only the prices of what is shown changed; a newer inventory stays.
                if (shown == null || !repriced.snapshot().refreshedAt().isBefore(shown.refreshedAt())) {
                    show(repriced.snapshot());
                }
            }
            case InventoryEvent.RefreshFailed failed -> {
                refreshing.set(false);
                errorMessage.set(failed.problem());
            }
        }
    }

    private void show(InventorySnapshot shown) {
        snapshot.set(shown);
        allRows.setAll(shown.rows());
        summarise();
    }

    private void summarise() {
        int total = allRows.size();
        String models = total == 1 ? " model" : " models";
        summary.set(filter.get().isEmpty() || rows.size() == total ? Formats.count(total) + models
                : Formats.count(rows.size()) + " of " + Formats.count(total) + models + " match");
    }

    private static Predicate<ModelRow> matching(String text) {
        if (text.isEmpty()) {
            return row -> true;
        }
        String wanted = text.toLowerCase(Locale.ROOT);
        return row -> contains(row.id(), wanted) || contains(row.ownedBy(), wanted)
                || contains(row.displayName(), wanted) || row.providers().stream().anyMatch(p -> contains(p, wanted))
                || row.accounts().stream().anyMatch(account -> contains(account.describe(), wanted)
                        || contains(account.fileName(), wanted));
    }

    private static boolean contains(String value, String wanted) {
        return value.toLowerCase(Locale.ROOT).contains(wanted);
    }
}
