package dev.cpaconsole.settings.ui;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.collector.core.CollectorMode;
import dev.cpaconsole.concurrent.TaskRunner;
import dev.cpaconsole.concurrent.Workload;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.ConnectionTestResult;
import dev.cpaconsole.settings.core.ConnectionTester;
import dev.cpaconsole.settings.core.CpaUrl;
import dev.cpaconsole.settings.core.ManagementKeyStore;
import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.settings.core.Theme;
import dev.cpaconsole.usage.core.HistoryMaintenance;

/**
 * State of the settings screen. The form's values reach it as arguments of its commands; the
 * management key typed in goes to the {@link ManagementKeyStore} only, and an empty key field
 * means "keep the saved key". Must be used on one thread (the JavaFX thread in the application).
 */
public final class SettingsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsViewModel.class);

    private final SettingsStore store;
    private final ManagementKeyStore keys;
    private final ConnectionTester tester;
    private final Runnable restartCollector;
    private final TaskRunner tasks;
    private final Consumer<Theme> themeChanged;
    private final Consumer<ConnectionSettings> applied;

    private final ReadOnlyObjectWrapper<ConnectionSettings> saved = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper keyStored = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper keyLocation = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper timeZone = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper retentionDays = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper testing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper applying = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<ConnectionTestResult> testResult = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper testSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper("");
    private final ObservableBooleanValue busy = testing.or(applying);
    /** The address and typed key of the last connection test if it failed, or null. */
    private Attempt lastFailedTest;
    private String lastFailure = "";
    /** Set when the operator was warned that Apply would save what the test refused. */
    private Attempt warnedApply;

    /**
     * @param restartCollector restarts the collector with the saved settings; may block, runs in
     *     the background
     * @param themeChanged applies a theme to the window at once, on the calling thread
     * @param applied told about settings once they are saved
     */
    public SettingsViewModel(SettingsStore store, ManagementKeyStore keys, ConnectionTester tester,
            Runnable restartCollector, TaskRunner tasks, Consumer<Theme> themeChanged,
            Consumer<ConnectionSettings> applied) {
        this.store = store;
        this.keys = keys;
        this.tester = tester;
        this.restartCollector = restartCollector;
        this.tasks = tasks;
        this.themeChanged = themeChanged;
        this.applied = applied;
    }

    /** The settings as saved, or null before {@link #load()} finished. */
    public ReadOnlyObjectProperty<ConnectionSettings> savedProperty() {
        return saved.getReadOnlyProperty();
    }

    /** Whether a management key is saved. */
    public ReadOnlyBooleanProperty keyStoredProperty() {
        return keyStored.getReadOnlyProperty();
    }

    /** Days usage events are kept as saved ("0" for forever), or "" before {@link #load()}. */
    public ReadOnlyStringProperty retentionDaysProperty() {
        return retentionDays.getReadOnlyProperty();
    }

    /** The display zone's id as saved (this computer's zone until one is saved), or "" before {@link #load()}. */
    public ReadOnlyStringProperty timeZoneProperty() {
        return timeZone.getReadOnlyProperty();
    }

    /** Where the management key is kept, in words. */
    public ReadOnlyStringProperty keyLocationProperty() {
        return keyLocation.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty testingProperty() {
        return testing.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty applyingProperty() {
        return applying.getReadOnlyProperty();
    }

    /** Whether a test or an apply is running. */
    public ObservableBooleanValue busy() {
        return busy;
    }

    /** The last connection test's result, or null. */
    public ReadOnlyObjectProperty<ConnectionTestResult> testResultProperty() {
        return testResult.getReadOnlyProperty();
    }

    /** The last connection test's result in a sentence or two, or "". */
    public ReadOnlyStringProperty testSummaryProperty() {
        return testSummary.getReadOnlyProperty();
    }

    /** What the last command achieved, or "". */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** What the operator must fix, or "". */
    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    // Commands

    /** Reads the saved settings and whether a key is saved. */
    public void load() {
        tasks.run(Workload.DATABASE, "settings-load", () -> new Loaded(store.load(), keys.load().isPresent(),
                keys.location(), store.timeZone().getId(), store.retentionDays()), loaded -> {
                    saved.set(loaded.settings());
                    timeZone.set(loaded.timeZone());
                    retentionDays.set(Integer.toString(loaded.retentionDays()));
                    keyStored.set(loaded.keyStored());
                    keyLocation.set(loaded.keyLocation());
                }, failure -> fail("Could not read the settings", failure));
    }

    /**
     * Asks CPA at {@code cpaUrl} for its version and collection modes with {@code typedKey}, or
     * with the saved key when nothing was typed.
     */
    public void testConnection(String cpaUrl, String typedKey) {
        clearMessages();
        Optional<String> urlProblem = CpaUrl.problem(cpaUrl);
        if (urlProblem.isPresent()) {
            errorMessage.set(urlProblem.get());
            return;
        }
        Attempt attempt = new Attempt(cpaUrl.strip(), typed(typedKey).orElse(""));
        warnedApply = null;
        testing.set(true);
        tasks.run(Workload.CPA, "connection-test", () -> {
            Optional<String> key = typed(typedKey).or(keys::load);
            if (key.isEmpty()) {
                return new ConnectionTestResult.Failed("Enter the management key first");
            }
            return tester.test(cpaUrl.strip(), key.get());
        }, result -> showTestResult(attempt, result), failure -> {
            testing.set(false);
            fail("The connection test failed", failure);
        });
    }

    /**
     * Saves the settings and a newly typed key, then restarts the collector with them. When the
     * last connection test with this very address and key failed, the first Apply only warns;
     * applying again saves them anyway, since CPA may merely be down for now.
     */
    public void apply(ConnectionSettings settings, String typedKey) {
        clearMessages();
        Optional<String> urlProblem = CpaUrl.problem(settings.cpaUrl());
        if (urlProblem.isPresent()) {
            errorMessage.set(urlProblem.get());
            return;
        }
        Optional<String> newKey = typed(typedKey);
        if (newKey.isEmpty() && !keyStored.get()) {
            errorMessage.set("Enter CPA's management key");
            return;
        }
        Attempt attempt = new Attempt(settings.cpaUrl().strip(), newKey.orElse(""));
        if (attempt.equals(lastFailedTest) && !attempt.equals(warnedApply)) {
            warnedApply = attempt;
            errorMessage.set("The connection test failed with these settings (" + lastFailure
                    + "). Apply again to save them anyway.");
            return;
        }
        warnedApply = null;
        applying.set(true);
        tasks.run(Workload.DATABASE, "settings-save", () -> {
            store.save(settings);
            newKey.ifPresent(keys::save);
        }, () -> {
            saved.set(settings);
            keyStored.set(true);
            keyLocation.set(keys.location());
            themeChanged.accept(settings.theme());
            applied.accept(settings);
            restart();
        }, failure -> {
            applying.set(false);
            fail("Could not save the settings", failure);
        });
    }

    /** Switches the theme at once and saves the choice; the rest of the form stays as typed. */
    public void changeTheme(Theme theme) {
        themeChanged.accept(theme);
        tasks.run(Workload.DATABASE, "theme-save", () -> store.saveTheme(theme), () -> {
        }, failure -> fail("Could not save the theme", failure));
    }

    /**
     * Saves the display zone that days, hours, weeks and months are cut in (dashboards, key budgets
     * and quotas): a region such as {@code Asia/Kathmandu} or an offset such as {@code +05:45}.
     * An unknown zone is refused with a message and nothing is saved.
     */
    public void changeTimeZone(String text) {
        clearMessages();
        String typed = text == null ? "" : text.strip();
        ZoneId zone;
        try {
            zone = ZoneId.of(typed);
        } catch (DateTimeException e) {
            errorMessage.set("Unknown time zone '" + typed + "' – use a name such as Europe/Berlin or an offset "
                    + "such as +05:45.");
            return;
        }
        tasks.run(Workload.DATABASE, "time-zone-save", () -> store.saveTimeZone(zone), () -> {
            timeZone.set(zone.getId());
            message.set("Days and hours are now cut in " + zone.getId() + ".");
        }, failure -> fail("Could not save the time zone", failure));
    }

    /**
     * Saves how many days request-level events are kept ({@code 0}: forever); the hourly
     * maintenance prunes with it. Text that is not an allowed number is refused with a message
     * and nothing is saved.
     */
    public void changeRetentionDays(String text) {
        clearMessages();
        String typed = text == null ? "" : text.strip();
        int days;
        try {
            days = Integer.parseInt(typed);
            HistoryMaintenance.checkRetention(days);
        } catch (NumberFormatException e) {
            errorMessage.set("Keep events for a number of days, such as 365, or 0 for forever – not '" + typed + "'.");
            return;
        } catch (IllegalArgumentException e) {
            errorMessage.set(e.getMessage() + ".");
            return;
        }
        tasks.run(Workload.DATABASE, "retention-save", () -> store.saveRetentionDays(days), () -> {
            retentionDays.set(Integer.toString(days));
            message.set(days == 0 ? "Request details are now kept forever."
                    : "Request details are now kept " + days + " days; totals and charts keep every day.");
        }, failure -> fail("Could not save how long events are kept", failure));
    }

    /** Removes the saved management key. */
    public void forgetKey() {
        clearMessages();
        tasks.run(Workload.DATABASE, "key-forget", keys::clear, () -> {
            keyStored.set(false);
            message.set("The management key was removed from the " + keys.location() + ".");
        }, failure -> fail("Could not remove the management key", failure));
    }

    private void restart() {
        tasks.run(Workload.CPA, "collector-restart", restartCollector::run, () -> {
            applying.set(false);
            message.set("Settings saved; the collector restarted with them.");
        }, failure -> {
            applying.set(false);
            fail("Settings saved, but the collector did not restart", failure);
        });
    }

    private void showTestResult(Attempt attempt, ConnectionTestResult result) {
        testing.set(false);
        testResult.set(result);
        switch (result) {
            case ConnectionTestResult.Connected connected -> {
                lastFailedTest = null;
                testSummary.set(describe(connected));
            }
            case ConnectionTestResult.Failed failed -> {
                lastFailedTest = attempt;
                lastFailure = failed.message();
                testSummary.set(failed.message());
            }
        }
    }

    static String describe(ConnectionTestResult.Connected connected) {
        StringBuilder text = new StringBuilder("Connected to CPA ").append(connected.cpaVersion()).append(". ");
        if (connected.supportedModes().isEmpty()) {
            text.append("This version offers no usage channel the console can collect from.");
        } else {
            text.append("Collection modes: ").append(connected.supportedModes().stream()
                    .map(CollectorMode::label).collect(Collectors.joining(", "))).append('.');
        }
        if (Boolean.FALSE.equals(connected.statisticsEnabled())) {
            text.append(" Usage statistics are off in CPA; the collector turns them on when allowed to.");
        }
        return text.toString();
    }

    private void fail(String what, Throwable failure) {
        LOG.warn("{}", what, failure);
        errorMessage.set(what + ": " + failure.getMessage());
    }

    /** Clears every status: each command reports one status, never beside an older one. */
    private void clearMessages() {
        message.set("");
        errorMessage.set("");
        testResult.set(null);
        testSummary.set("");
    }

    private static Optional<String> typed(String key) {
        return key == null || key.isBlank() ? Optional.empty() : Optional.of(key.strip());
    }

    /** The address and the typed key ("" for the saved key) a test or an apply used. */
    private record Attempt(String cpaUrl, String typedKey) {
        @Override
        public String toString() {
            // The typed key stays out of any text.
            return "Attempt[" + cpaUrl + "]";
        }
    }

    private record Loaded(ConnectionSettings settings, boolean keyStored, String keyLocation, String timeZone,
            int retentionDays) {
    }
}
