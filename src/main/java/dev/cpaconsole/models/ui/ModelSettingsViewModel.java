package dev.cpaconsole.models.ui;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
import dev.cpaconsole.models.core.ModelRefreshSchedule;
import dev.cpaconsole.settings.core.ManagementKeyStore;

/**
 * State of the models part of the settings screen: the optional client key the console asks
 * {@code /v1/models} with, and how often the inventory refreshes. A typed key goes to its key
 * store only; an empty field keeps the saved key. Must be used on one thread (the JavaFX thread in
 * the application).
 */
public final class ModelSettingsViewModel {
    /** The intervals offered, shortest first. */
    public static final List<Duration> INTERVALS = List.of(Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1));
    private static final Logger LOG = LoggerFactory.getLogger(ModelSettingsViewModel.class);

    private final ModelRefreshSchedule schedule;
    private final ManagementKeyStore clientKeys;
    private final TaskRunner tasks;

    private final ReadOnlyObjectWrapper<Duration> interval =
            new ReadOnlyObjectWrapper<>(ModelRefreshSchedule.DEFAULT_INTERVAL);
    private final ReadOnlyBooleanWrapper keyStored = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper keyLocation = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper("");

    public ModelSettingsViewModel(ModelRefreshSchedule schedule, ManagementKeyStore clientKeys, TaskRunner tasks) {
        this.schedule = schedule;
        this.clientKeys = clientKeys;
        this.tasks = tasks;
    }

    /** The saved refresh interval. */
    public ReadOnlyObjectProperty<Duration> intervalProperty() {
        return interval.getReadOnlyProperty();
    }

    /** Whether a client key is saved. */
    public ReadOnlyBooleanProperty keyStoredProperty() {
        return keyStored.getReadOnlyProperty();
    }

    /** Where the client key is kept, in words. */
    public ReadOnlyStringProperty keyLocationProperty() {
        return keyLocation.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
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

    /** Reads the saved interval and whether a client key is saved. */
    public void load() {
        tasks.run(Workload.DATABASE, "model-settings-load",
                () -> new Loaded(schedule.interval(), clientKeys.load().isPresent(), clientKeys.location()),
                loaded -> {
                    interval.set(loaded.interval());
                    keyStored.set(loaded.keyStored());
                    keyLocation.set(loaded.keyLocation());
                }, failure -> fail("Could not read the model settings", failure));
    }

    /** Saves {@code chosenInterval} and, when one was typed, a new client key. */
    public void save(String typedKey, Duration chosenInterval) {
        message.set("");
        errorMessage.set("");
        Optional<String> newKey = typedKey == null || typedKey.isBlank() ? Optional.empty()
                : Optional.of(typedKey.strip());
        Duration wanted = chosenInterval == null ? interval.get() : chosenInterval;
        saving.set(true);
        tasks.run(Workload.DATABASE, "model-settings-save", () -> {
            newKey.ifPresent(clientKeys::save);
            if (!wanted.equals(schedule.interval())) {
                schedule.changeInterval(wanted);
            }
        }, () -> {
            saving.set(false);
            interval.set(wanted);
            if (newKey.isPresent()) {
                keyStored.set(true);
                keyLocation.set(clientKeys.location());
            }
            message.set("Saved; models refresh every " + describe(wanted) + ".");
        }, failure -> {
            saving.set(false);
            fail("Could not save the model settings", failure);
        });
    }

    /** Removes the saved client key; the console then picks one from CPA's list. */
    public void forgetKey() {
        message.set("");
        errorMessage.set("");
        tasks.run(Workload.DATABASE, "client-key-forget", clientKeys::clear, () -> {
            keyStored.set(false);
            message.set("The client key was removed from the " + clientKeys.location() + ".");
        }, failure -> fail("Could not remove the client key", failure));
    }

    /** An interval in words, e.g. "15 minutes", "1 hour", "1 day". */
    public static String describe(Duration duration) {
        if (duration.toDaysPart() > 0 && duration.toHoursPart() == 0 && duration.toMinutesPart() == 0) {
            return plural(duration.toDays(), "day");
        }
        if (duration.toMinutesPart() == 0) {
            return plural(duration.toHours(), "hour");
        }
        return plural(duration.toMinutes(), "minute");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }

    private void fail(String what, Throwable failure) {
        LOG.warn("{}", what, failure);
        errorMessage.set(what + ": " + failure.getMessage());
    }

    private record Loaded(Duration interval, boolean keyStored, String keyLocation) {
    }
}
