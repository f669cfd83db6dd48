package dev.cpaconsole.pricing.ui;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.concurrent.TaskHandle;
import dev.cpaconsole.concurrent.TaskRunner;
import dev.cpaconsole.concurrent.Workload;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.PriceBook;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceSource;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.pricing.core.Rates;

/**
 * State of the price editor: one text per field, a message per wrong field, and the two steps
 * of saving. {@link #review()} checks the fields and works out what the row would change over
 * the last 30 days; only then does {@link #save()} store it, as a manual price. Any edit after
 * the review asks for a new one. Must be used on one thread (the JavaFX thread in the
 * application).
 */
public final class PriceEditorModel {
    private static final Logger LOG = LoggerFactory.getLogger(PriceEditorModel.class);

    /** Where the editor is between opening and saving. */
    public enum Step {
        /** Fields are being edited; nothing has been checked since the last edit. */
        EDITING,
        /** The fields are valid and their effect on recent cost is being worked out. */
        REVIEWING,
        /** The effect is shown; saving stores the row. */
        REVIEWED,
        /** The row is being stored. */
        SAVING,
        /** The row is stored. */
        SAVED
    }

    private final PriceStore store;
    private final CostQuery costs;
    private final TaskRunner tasks;
    private final Clock clock;
    private final PriceRule original;
    private final List<PriceRule> others;

    private final Map<PriceField, StringProperty> texts = new EnumMap<>(PriceField.class);
    private final Map<PriceField, ReadOnlyStringWrapper> errors = new EnumMap<>(PriceField.class);
    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(Step.EDITING);
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<PriceRule> saved = new ReadOnlyObjectWrapper<>();

    private PriceRule reviewed;
    private TaskHandle task = TaskHandle.DONE;

    /**
     * @param original the row being edited, or null for a new row
     * @param model the model to fill in for a new row, or ""
     * @param rows the stored rows, to refuse a second row for the same model, provider and start
     */
    PriceEditorModel(PriceStore store, CostQuery costs, TaskRunner tasks, Clock clock, PriceRule original,
            String model, List<PriceRule> rows) {
        this.store = store;
        this.costs = costs;
        this.tasks = tasks;
        this.clock = clock;
        this.original = original;
        this.others = List.copyOf(rows);
        for (PriceField field : PriceField.values()) {
            StringProperty text = new SimpleStringProperty(this, field.id(), "");
            text.addListener((observable, old, now) -> edited());
            texts.put(field, text);
            errors.put(field, new ReadOnlyStringWrapper(this, field.id() + "-error", ""));
        }
        if (original != null) {
            fill(original);
        } else {
            texts.get(PriceField.MODEL).set(model == null ? "" : model);
        }
    }

    /** The text of {@code field}, which the view edits. */
    public StringProperty text(PriceField field) {
        return texts.get(field);
    }

    /** What is wrong with {@code field}, or "". */
    public ReadOnlyStringProperty error(PriceField field) {
        return errors.get(field).getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Step> stepProperty() {
        return step.getReadOnlyProperty();
    }

    /** What saving would change over the last 30 days, once reviewed; otherwise "". */
    public ReadOnlyStringProperty previewProperty() {
        return preview.getReadOnlyProperty();
    }

    /** Why the review or the save failed, or "". */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The row as stored, once saved. */
    public ReadOnlyObjectProperty<PriceRule> savedProperty() {
        return saved.getReadOnlyProperty();
    }

    /** Whether the editor makes a new row rather than changing a stored one. */
    public boolean isNew() {
        return original == null;
    }

    /** The row being edited, or null for a new one. */
    public PriceRule original() {
        return original;
    }

    // Commands

    /**
     * Checks the fields; when they are valid, works out in the background what the row changes
     * over the last 30 days.
     *
     * @return whether the fields are valid
     */
    public boolean review() {
        if (step.get() != Step.EDITING) {
            return step.get() != Step.SAVED;
        }
        Map<PriceField, String> values = new EnumMap<>(PriceField.class);
        texts.forEach((field, text) -> values.put(field, text.get()));
        PriceDraft.Result result = PriceDraft.check(values, original == null ? 0 : original.id(), others);
        errors.forEach((field, error) -> error.set(result.errors().getOrDefault(field, "")));
        problem.set("");
        if (!result.valid()) {
            return false;
        }
        PriceRule rule = result.rule();
        reviewed = rule;
        step.set(Step.REVIEWING);
        Instant now = clock.instant();
        task = tasks.run(Workload.DATABASE, "price-review", () -> compare(rule, now), comparison -> {
            preview.set(CostChange.describe(comparison));
            step.set(Step.REVIEWED);
        }, failure -> {
            LOG.warn("Working out the effect of a price edit failed", failure);
            problem.set("Could not work out what this price changes: " + failure.getMessage());
            step.set(Step.EDITING);
        });
        return true;
    }

    /** Stores the reviewed row as a manual price; does nothing before the review. */
    public void save() {
        if (step.get() != Step.REVIEWED) {
            return;
        }
        PriceRule rule = reviewed;
        step.set(Step.SAVING);
        task = tasks.run(Workload.DATABASE, "price-save", () -> store.save(rule), stored -> {
            saved.set(stored);
            step.set(Step.SAVED);
        }, failure -> {
            LOG.warn("Saving a price failed", failure);
            problem.set(failure instanceof IllegalArgumentException ? capitalised(failure.getMessage())
                    : "Could not save the price: " + failure.getMessage());
            step.set(Step.EDITING);
        });
    }

    /** Stops any work in the background; called when the editor closes without saving. */
    public void cancel() {
        task.cancel();
    }

    private CostQuery.Comparison compare(PriceRule rule, Instant now) {
        List<PriceRule> after = new ArrayList<>();
        for (PriceRule stored : store.list()) {
            if (stored.id() != rule.id()) {
                after.add(stored);
            }
        }
        after.add(rule);
        return costs.compare(now.minus(CostChange.PERIOD), now, store.book(), new PriceBook(after), store.policy());
    }

    private void edited() {
        if (step.get() == Step.REVIEWING || step.get() == Step.REVIEWED) {
            task.cancel();
            reviewed = null;
            preview.set("");
            step.set(Step.EDITING);
        }
    }

    private void fill(PriceRule rule) {
        set(PriceField.MODEL, rule.model());
        set(PriceField.PROVIDER, rule.provider());
        set(PriceField.EFFECTIVE_FROM, rule.effectiveFrom().equals(PriceRule.ALWAYS) ? ""
                : rule.effectiveFrom().toString());
        fillRates(rule.rates(), PriceField.INPUT, PriceField.OUTPUT, PriceField.CACHE_READ, PriceField.CACHE_WRITE,
                PriceField.REASONING);
        set(PriceField.REQUEST_FEE, plain(rule.requestFee()));
        if (rule.tier() != null) {
            set(PriceField.TIER_THRESHOLD, String.valueOf(rule.tier().thresholdTokens()));
            fillRates(rule.tier().rates(), PriceField.TIER_INPUT, PriceField.TIER_OUTPUT, PriceField.TIER_CACHE_READ,
                    PriceField.TIER_CACHE_WRITE, PriceField.TIER_REASONING);
        }
        set(PriceField.REFERENCE, rule.reference());
        set(PriceField.READ_ON, date(rule.readOn()));
        set(PriceField.NOTE, rule.note());
    }

    private void fillRates(Rates rates, PriceField input, PriceField output, PriceField cacheRead,
            PriceField cacheWrite, PriceField reasoning) {
        set(input, plain(rates.input()));
        set(output, plain(rates.output()));
        set(cacheRead, plain(rates.cacheRead()));
        set(cacheWrite, plain(rates.cacheWrite()));
        set(reasoning, plain(rates.reasoning()));
    }

    private void set(PriceField field, String value) {
        texts.get(field).set(value);
    }

    /** Whether saving turns a catalogue or imported row into a manual one. */
    public boolean becomesManual() {
        return original != null && original.source() != PriceSource.MANUAL;
    }

    private static String plain(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }

    private static String date(LocalDate value) {
        return value == null ? "" : value.toString();
    }

    private static String capitalised(String message) {
        return message == null || message.isEmpty() ? "" : Character.toUpperCase(message.charAt(0))
                + message.substring(1) + ".";
    }
}
