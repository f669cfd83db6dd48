package dev.cpaconsole.app.ui;

import java.util.function.BooleanSupplier;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.app.ConsoleServices;
import dev.cpaconsole.app.DemoLauncher;
import dev.cpaconsole.concurrent.TaskRunner;
import dev.cpaconsole.concurrent.Workload;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.settings.core.Theme;

/**
 * State of the main window: which screen shows, whether the first-run panel is offered, the
 * theme, and the demo being started. Must be used on one thread (the JavaFX thread in the
 * application).
 */
public final class ShellViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ShellViewModel.class);

    private final SettingsStore settings;
    private final TaskRunner tasks;
    private final DemoLauncher demoLauncher;
    private final boolean demoAvailable;
    private final BooleanSupplier historyStored;
    private boolean hasHistory;

    private final ReadOnlyObjectWrapper<Screen> screen = new ReadOnlyObjectWrapper<>(Screen.OVERVIEW);
    private final ReadOnlyBooleanWrapper firstRun = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Theme> theme = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper demoStarting = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<ConsoleServices> demoStarted = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Throwable> demoFailure = new ReadOnlyObjectWrapper<>();

    /**
     * @param demoAvailable whether the first-run panel may offer the demo
     * @param historyStored whether the data directory holds usage already (imported, or collected
     *     from a CPA since forgotten); called on a database thread
     */
    public ShellViewModel(SettingsStore settings, TaskRunner tasks, DemoLauncher demoLauncher,
            boolean demoAvailable, BooleanSupplier historyStored) {
        this.settings = settings;
        this.tasks = tasks;
        this.demoLauncher = demoLauncher;
        this.demoAvailable = demoAvailable;
        this.historyStored = historyStored;
    }

    public ReadOnlyObjectProperty<Screen> screenProperty() {
        return screen.getReadOnlyProperty();
    }

    /**
     * Whether nothing is configured yet and no usage is stored, so the window offers "connect" or
     * "demo" first; a history imported without a CPA shows on the dashboard instead.
     */
    public ReadOnlyBooleanProperty firstRunProperty() {
        return firstRun.getReadOnlyProperty();
    }

    /** The theme to show; null until the settings are read. */
    public ReadOnlyObjectProperty<Theme> themeProperty() {
        return theme.getReadOnlyProperty();
    }

    public boolean isDemoAvailable() {
        return demoAvailable;
    }

    public ReadOnlyBooleanProperty demoStartingProperty() {
        return demoStarting.getReadOnlyProperty();
    }

    /** The demo's services once it runs; the window switches to them. */
    public ReadOnlyObjectProperty<ConsoleServices> demoStartedProperty() {
        return demoStarted.getReadOnlyProperty();
    }

    /** Why the demo could not start, or null. */
    public ReadOnlyObjectProperty<Throwable> demoFailureProperty() {
        return demoFailure.getReadOnlyProperty();
    }

    // Commands

    /** Reads the saved settings to pick the theme and decide on the first-run panel. */
    public void start() {
        tasks.run(Workload.DATABASE, "shell-settings",
                () -> new Started(settings.load(), historyStored.getAsBoolean()), started -> {
                    hasHistory = started.hasHistory();
                    theme.set(started.settings().theme());
                    firstRun.set(!started.settings().isConfigured() && !hasHistory);
                }, failure -> {
                    LOG.error("Reading the settings failed", failure);
                    theme.set(ConnectionSettings.DEFAULTS.theme());
                });
    }

    public void show(Screen chosen) {
        screen.set(chosen);
    }

    /** "Connect to your CPA" on the first-run panel. */
    public void connectToCpa() {
        screen.set(Screen.SETTINGS);
    }

    /** "Try the demo" on the first-run panel. */
    public void tryDemo() {
        if (!demoAvailable || demoStarting.get()) {
            return;
        }
        demoStarting.set(true);
        demoFailure.set(null);
        tasks.run(Workload.CPA, "demo-start", demoLauncher::start, started -> {
            demoStarting.set(false);
            LOG.info("Demo started in {}", started.dataDirectory());
            demoStarted.set(started);
        }, failure -> {
            demoStarting.set(false);
            LOG.error("The demo did not start", failure);
            demoFailure.set(failure);
        });
    }

    /** Told by the settings screen once settings are saved. */
    public void settingsApplied(ConnectionSettings applied) {
        firstRun.set(!applied.isConfigured() && !hasHistory);
        theme.set(applied.theme());
    }

    /** Told by the settings screen when the operator picks a theme. */
    public void themeChosen(Theme chosen) {
        theme.set(chosen);
    }

    private record Started(ConnectionSettings settings, boolean hasHistory) {
    }
}
