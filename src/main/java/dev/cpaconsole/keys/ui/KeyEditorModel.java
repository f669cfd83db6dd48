package dev.cpaconsole.keys.ui;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import dev.cpaconsole.keys.core.KeyLimits;
import dev.cpaconsole.keys.core.LimitPeriod;
import dev.cpaconsole.keys.core.ManagedKey;
import dev.cpaconsole.users.core.User;

/**
 * The key editor's fields, for a new key, an adopted one, a key's limits or its name, and the
 * check that turns them into a {@link KeyDraft}. A key expires at midnight at the start of the
 * chosen day in the console's zone. Must be used on one thread (the JavaFX thread in the
 * application).
 */
public final class KeyEditorModel {
    /** What the editor edits. */
    public enum Mode {
        /** A new key: owner, name, description and limits. */
        CREATE,
        /** A key CPA holds that the console does not manage yet: owner, name, description and limits. */
        ADOPT,
        /** The limits of a managed key. */
        LIMITS,
        /** The name and description of a managed key. */
        RENAME
    }

    private final Mode mode;
    private final ZoneId zone;
    private final LocalDate today;
    private final ManagedKey original;
    private final Instant originalExpiry;

    private final ObjectProperty<User> user = new SimpleObjectProperty<>();
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty description = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> expiry = new SimpleObjectProperty<>();
    private final StringProperty budget = new SimpleStringProperty("");
    private final ObjectProperty<LimitPeriod> budgetPeriod = new SimpleObjectProperty<>(LimitPeriod.MONTH);
    private final StringProperty requestQuota = new SimpleStringProperty("");
    private final StringProperty tokenQuota = new SimpleStringProperty("");
    private final ObjectProperty<LimitPeriod> quotaPeriod = new SimpleObjectProperty<>(LimitPeriod.DAY);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");

    private KeyEditorModel(Mode mode, ZoneId zone, LocalDate today, ManagedKey original) {
        this.mode = mode;
        this.zone = zone;
        this.today = today;
        this.original = original;
        this.originalExpiry = original == null ? null : original.limits().expiresAt();
        if (original != null) {
            name.set(original.name());
            description.set(original.description());
            KeyLimits limits = original.limits();
            if (limits.expiresAt() != null) {
                expiry.set(LocalDate.ofInstant(limits.expiresAt(), zone));
            }
            if (limits.budgetUsd() != null) {
                budget.set(limits.budgetUsd().toPlainString());
                budgetPeriod.set(limits.budgetPeriod());
            }
            if (limits.requestQuota() != null) {
                requestQuota.set(String.valueOf(limits.requestQuota()));
            }
            if (limits.tokenQuota() != null) {
                tokenQuota.set(String.valueOf(limits.tokenQuota()));
            }
            if (limits.quotaPeriod() != null) {
                quotaPeriod.set(limits.quotaPeriod());
            }
        }
    }

    /** An editor for a new key, owned by {@code owner} unless the operator picks another (may be null). */
    public static KeyEditorModel forNewKey(User owner, ZoneId zone, LocalDate today) {
        KeyEditorModel model = new KeyEditorModel(Mode.CREATE, zone, today, null);
        model.user.set(owner);
        return model;
    }

    /** An editor for adopting a key CPA holds into a user. */
    public static KeyEditorModel forAdoption(User owner, ZoneId zone, LocalDate today) {
        KeyEditorModel model = new KeyEditorModel(Mode.ADOPT, zone, today, null);
        model.user.set(owner);
        model.name.set("adopted");
        return model;
    }

    public static KeyEditorModel forLimits(ManagedKey key, ZoneId zone, LocalDate today) {
        return new KeyEditorModel(Mode.LIMITS, zone, today, key);
    }

    public static KeyEditorModel forRename(ManagedKey key, ZoneId zone, LocalDate today) {
        return new KeyEditorModel(Mode.RENAME, zone, today, key);
    }

    public Mode mode() {
        return mode;
    }

    /** The key whose limits or name are edited; null for a new or adopted key. */
    public ManagedKey original() {
        return original;
    }

    /** Whether the editor shows the owner, name and description fields. */
    public boolean editsDetails() {
        return mode != Mode.LIMITS;
    }

    public boolean editsOwner() {
        return mode == Mode.CREATE || mode == Mode.ADOPT;
    }

    public boolean editsLimits() {
        return mode != Mode.RENAME;
    }

    public ObjectProperty<User> userProperty() {
        return user;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    /** The day the key stops working, at 00:00 in the console's zone; null for never. */
    public ObjectProperty<LocalDate> expiryProperty() {
        return expiry;
    }

    /** USD per period, e.g. {@code 20} or {@code $5.50}; empty for no budget. */
    public StringProperty budgetProperty() {
        return budget;
    }

    public ObjectProperty<LimitPeriod> budgetPeriodProperty() {
        return budgetPeriod;
    }

    /** Requests per period; empty for no quota. */
    public StringProperty requestQuotaProperty() {
        return requestQuota;
    }

    /** Tokens per period; empty for no quota. */
    public StringProperty tokenQuotaProperty() {
        return tokenQuota;
    }

    public ObjectProperty<LimitPeriod> quotaPeriodProperty() {
        return quotaPeriod;
    }

    /** What is wrong with the fields, one line each, or "". */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The checked fields, or empty with {@link #problemProperty()} saying what is wrong. */
    public Optional<KeyDraft> draft() {
        List<String> wrong = new ArrayList<>();
        long owner = 0;
        if (editsOwner()) {
            if (user.get() == null) {
                wrong.add("Choose the user who owns the key");
            } else {
                owner = user.get().id();
            }
        }
        String label = name.get().strip();
        if (editsDetails()) {
            if (label.isEmpty()) {
                wrong.add("A key needs a name");
            } else if (label.codePoints().anyMatch(Character::isISOControl)) {
                wrong.add("A key's name cannot hold line breaks or other control characters");
            }
        }
        KeyLimits limits = KeyLimits.NONE;
        if (editsLimits()) {
            Instant expires = expiryInstant();
            if (expires != null && mode != Mode.LIMITS && !expiry.get().isAfter(today)) {
                wrong.add("The expiry date has passed or is today; pick a later day or none");
            }
            BigDecimal usd = money(budget.get(), wrong);
            Long requests = whole(requestQuota.get(), "The request quota", wrong);
            Long tokens = whole(tokenQuota.get(), "The token quota", wrong);
            if (wrong.isEmpty()) {
                limits = new KeyLimits(expires, usd, usd == null ? null : budgetPeriod.get(), requests, tokens,
                        requests == null && tokens == null ? null : quotaPeriod.get());
            }
        }
        problem.set(String.join("\n", wrong));
        if (!wrong.isEmpty()) {
            return Optional.empty();
        }
        String text = editsDetails() ? description.get() : original.description();
        return Optional.of(new KeyDraft(owner, editsDetails() ? label : original.name(), text, limits));
    }

    /** Midnight of the chosen day; the original instant when the day did not change. */
    private Instant expiryInstant() {
        LocalDate day = expiry.get();
        if (day == null) {
            return null;
        }
        if (originalExpiry != null && LocalDate.ofInstant(originalExpiry, zone).equals(day)) {
            return originalExpiry;
        }
        return day.atStartOfDay(zone).toInstant();
    }

    private static BigDecimal money(String typed, List<String> wrong) {
        String text = typed.strip().replace(",", "");
        if (text.startsWith("$")) {
            text = text.substring(1).strip();
        }
        if (text.isEmpty()) {
            return null;
        }
        try {
            BigDecimal usd = new BigDecimal(text);
            if (usd.signum() < 0) {
                wrong.add("The budget cannot be negative");
                return null;
            }
            return usd;
        } catch (NumberFormatException e) {
            wrong.add("The budget \u2018" + typed.strip() + "\u2019 is not an amount in USD");
            return null;
        }
    }

    private static Long whole(String typed, String what, List<String> wrong) {
        String text = typed.strip().replace(",", "").replace("_", "").replace(" ", "");
        if (text.isEmpty()) {
            return null;
        }
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                wrong.add(what + " cannot be negative");
                return null;
            }
            return value;
        } catch (NumberFormatException e) {
            wrong.add(what + " \u2018" + typed.strip() + "\u2019 is not a whole number");
            return null;
        }
    }
}
