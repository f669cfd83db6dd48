package dev.cpaconsole.pricing.ui;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
import dev.cpaconsole.pricing.core.CostPolicy;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.ImportPlan;
import dev.cpaconsole.pricing.core.PriceBook;
import dev.cpaconsole.pricing.core.PriceFileResult;
import dev.cpaconsole.pricing.core.PriceFiles;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.pricing.core.UnpricedModel;
import dev.cpaconsole.ui.Formats;

/**
 * State of the prices screen: the price table, the models without a price, the fee policy, and
 * the reviews that come before a delete or an import is applied. Edits go through a
 * {@link PriceEditorModel}. Must be used on one thread (the JavaFX thread in the application).
 */
public final class PricesViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(PricesViewModel.class);

    private final PriceStore store;
    private final CostQuery costs;
    private final TaskRunner tasks;
    private final Clock clock;

    private final ObservableList<PriceRule> rules = FXCollections.observableArrayList();
    private final ObservableList<UnpricedModel> unpriced = FXCollections.observableArrayList();
    private final ObservableList<PriceRule> rulesView = FXCollections.unmodifiableObservableList(rules);
    private final ObservableList<UnpricedModel> unpricedView = FXCollections.unmodifiableObservableList(unpriced);
    private final ReadOnlyObjectWrapper<Period> unpricedPeriod = new ReadOnlyObjectWrapper<>(Period.LAST_30_DAYS);
    private final ReadOnlyStringWrapper unpricedSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper feeOnFailures = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ImportPreview> importPreview = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<DeleteReview> deleteReview = new ReadOnlyObjectWrapper<>();

    private TaskHandle tableTask = TaskHandle.DONE;
    private TaskHandle unpricedTask = TaskHandle.DONE;

    public PricesViewModel(PriceStore store, CostQuery costs, TaskRunner tasks, Clock clock) {
        this.store = store;
        this.costs = costs;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** The price rows, by model, provider and start date. */
    public ObservableList<PriceRule> rules() {
        return rulesView;
    }

    /** The models events used without a price in the chosen period, most requests first. */
    public ObservableList<UnpricedModel> unpriced() {
        return unpricedView;
    }

    public ReadOnlyObjectProperty<Period> unpricedPeriodProperty() {
        return unpricedPeriod.getReadOnlyProperty();
    }

    /** E.g. "2 models without a price, 40 requests in the last 30 days". */
    public ReadOnlyStringProperty unpricedSummaryProperty() {
        return unpricedSummary.getReadOnlyProperty();
    }

    /** Whether failed attempts pay the per-request fee, as saved. */
    public ReadOnlyBooleanProperty feeOnFailuresProperty() {
        return feeOnFailures.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** What the last command did, e.g. "Imported 3 prices", or "". */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the last command failed, or "". */
    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    /** An import read and waiting to be applied or cancelled, or null. */
    public ReadOnlyObjectProperty<ImportPreview> importPreviewProperty() {
        return importPreview.getReadOnlyProperty();
    }

    /** A delete reviewed and waiting to be confirmed or cancelled, or null. */
    public ReadOnlyObjectProperty<DeleteReview> deleteReviewProperty() {
        return deleteReview.getReadOnlyProperty();
    }

    /**
     * A price row about to be deleted and what deleting it changes.
     *
     * @param rule the row
     * @param costChange what deleting it changes over the last 30 days
     */
    public record DeleteReview(PriceRule rule, String costChange) {
    }

    // Commands

    /** Reads the table, the fee policy and the unpriced models again. */
    public void load() {
        tableTask.cancel();
        loading.set(true);
        tableTask = tasks.run(Workload.DATABASE, "prices", () -> new Table(store.list(), store.policy()), table -> {
            loading.set(false);
            rules.setAll(table.rules());
            feeOnFailures.set(table.policy().feeOnFailures());
        }, failure -> failed("Could not read the prices", failure));
        loadUnpriced();
    }

    /** Told when prices or the policy changed, wherever the change came from. */
    public void pricesChanged() {
        load();
    }

    public void showUnpricedPeriod(Period period) {
        unpricedPeriod.set(period);
        loadUnpriced();
    }

    /** Saves whether failed attempts pay the per-request fee. */
    public void chargeFeeOnFailures(boolean charge) {
        if (charge == feeOnFailures.get()) {
            return;
        }
        feeOnFailures.set(charge);
        tasks.run(Workload.DATABASE, "price-policy", () -> store.savePolicy(new CostPolicy(charge)), () -> {
            errorMessage.set("");
            message.set(charge ? "Failed attempts now pay the per-request fee."
                    : "Failed attempts no longer pay the per-request fee.");
        }, failure -> failed("Could not save the fee setting", failure));
    }

    /** An editor for a new row. */
    public PriceEditorModel newPrice() {
        return new PriceEditorModel(store, costs, tasks, clock, null, "", rules);
    }

    /** An editor for {@code rule}. */
    public PriceEditorModel edit(PriceRule rule) {
        return new PriceEditorModel(store, costs, tasks, clock, rule, "", rules);
    }

    /** An editor for a new row for an unpriced model, its id filled in. */
    public PriceEditorModel addPriceFor(UnpricedModel model) {
        String id = model.model().isBlank() ? model.alias() : model.model();
        return new PriceEditorModel(store, costs, tasks, clock, null, id, rules);
    }

    /** Works out what deleting {@code rule} changes, then offers it in {@link #deleteReviewProperty()}. */
    public void reviewDelete(PriceRule rule) {
        Instant now = clock.instant();
        tasks.run(Workload.DATABASE, "price-delete-review", () -> {
            List<PriceRule> after = new ArrayList<>(store.list());
            after.removeIf(stored -> stored.id() == rule.id());
            return CostChange.describe(compare(now, after));
        }, change -> deleteReview.set(new DeleteReview(rule, change)),
                failure -> failed("Could not work out what deleting the price changes", failure));
    }

    /** Deletes the reviewed row. */
    public void confirmDelete() {
        DeleteReview review = deleteReview.get();
        if (review == null) {
            return;
        }
        deleteReview.set(null);
        tasks.run(Workload.DATABASE, "price-delete", () -> store.delete(review.rule().id()), () -> {
            errorMessage.set("");
            message.set("Deleted the price for " + review.rule().model() + ".");
        }, failure -> failed("Could not delete the price", failure));
    }

    public void cancelDelete() {
        deleteReview.set(null);
    }

    /** Reads {@code file} and compares it with the table; the result waits in {@link #importPreviewProperty()}. */
    public void readImport(Path file) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, clock.getZone());
        String name = file.getFileName().toString();
        tasks.run(Workload.DATABASE, "price-import-read", () -> {
            PriceFileResult read = PriceFiles.read(file, today);
            List<PriceRule> current = store.list();
            ImportPlan plan = ImportPlan.of(current, read.rules());
            return new ImportPreview(name, plan, read.problems(), CostChange.describe(compare(now, applied(current,
                    plan))), current);
        }, preview -> {
            errorMessage.set("");
            importPreview.set(preview);
        }, failure -> failed(failure instanceof IllegalArgumentException
                ? "Could not read " + name : "Could not import " + name, failure));
    }

    /** Applies the previewed import. */
    public void applyImport() {
        ImportPreview preview = importPreview.get();
        if (preview == null) {
            return;
        }
        importPreview.set(null);
        ImportPlan plan = preview.plan();
        tasks.run(Workload.DATABASE, "price-import", () -> store.apply(plan), () -> {
            errorMessage.set("");
            message.set("Imported " + preview.fileName() + ": " + Formats.count(plan.additions().size())
                    + " added, " + Formats.count(plan.changes().size()) + " changed.");
        }, failure -> failed("Could not apply the import", failure));
    }

    public void cancelImport() {
        importPreview.set(null);
    }

    /** Writes every row to {@code file} as CSV. */
    public void exportCsv(Path file) {
        tasks.run(Workload.DATABASE, "price-export", () -> {
            List<PriceRule> all = store.list();
            PriceFiles.writeCsv(all, file);
            return all.size();
        }, count -> {
            errorMessage.set("");
            message.set("Exported " + Formats.count(count) + (count == 1 ? " price" : " prices") + " to " + file
                    + ".");
        }, failure -> failed("Could not export the prices", failure));
    }

    private void loadUnpriced() {
        unpricedTask.cancel();
        Period period = unpricedPeriod.get();
        Instant now = clock.instant();
        Instant from = period.length() == null ? null : now.minus(period.length());
        unpricedTask = tasks.run(Workload.DATABASE, "prices-unpriced",
                () -> costs.report(from, now, store.book(), store.policy(), null, clock.getZone()).unpriced(),
                found -> {
                    unpriced.setAll(found);
                    unpricedSummary.set(unpricedSummary(found, period));
                }, failure -> failed("Could not read the unpriced models", failure));
    }

    private CostQuery.Comparison compare(Instant now, List<PriceRule> after) {
        return costs.compare(now.minus(CostChange.PERIOD), now, store.book(), new PriceBook(after), store.policy());
    }

    /** The rows the table would hold once {@code plan} is applied. */
    private static List<PriceRule> applied(List<PriceRule> current, ImportPlan plan) {
        Map<Long, PriceRule> byId = new HashMap<>();
        current.forEach(rule -> byId.put(rule.id(), rule));
        plan.changes().forEach(change -> byId.put(change.current().id(), change.incoming()));
        List<PriceRule> after = new ArrayList<>(byId.values());
        after.addAll(plan.additions());
        return after;
    }

    private static String unpricedSummary(List<UnpricedModel> found, Period period) {
        String when = period == Period.ALL ? "in all history" : "in the " + period.label().toLowerCase(Locale.ROOT);
        if (found.isEmpty()) {
            return "Every request " + when + " has a price.";
        }
        long requests = found.stream().mapToLong(UnpricedModel::requests).sum();
        return Formats.count(found.size()) + (found.size() == 1 ? " model" : " models") + " without a price, "
                + Formats.count(requests) + (requests == 1 ? " request " : " requests ") + when + ".";
    }

    private void failed(String what, Throwable failure) {
        LOG.warn("{}", what, failure);
        loading.set(false);
        message.set("");
        errorMessage.set(what + ": " + failure.getMessage());
    }

    private record Table(List<PriceRule> rules, CostPolicy policy) {
    }
}
