package dev.cpaconsole.app.ui;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import atlantafx.base.theme.Tweaks;

import dev.cpaconsole.app.ConsoleServices;
import dev.cpaconsole.audit.ui.AuditView;
import dev.cpaconsole.audit.ui.AuditViewModel;
import dev.cpaconsole.collector.core.CollectorHealth;
import dev.cpaconsole.concurrent.Subscription;
import dev.cpaconsole.concurrent.Workload;
import dev.cpaconsole.dashboard.ui.DashboardView;
import dev.cpaconsole.dashboard.ui.DashboardViewModel;
import dev.cpaconsole.keys.ui.KeysView;
import dev.cpaconsole.keys.ui.KeysViewModel;
import dev.cpaconsole.logs.ui.LogView;
import dev.cpaconsole.logs.ui.LogViewModel;
import dev.cpaconsole.models.ui.ModelSettingsView;
import dev.cpaconsole.models.ui.ModelSettingsViewModel;
import dev.cpaconsole.models.ui.ModelsView;
import dev.cpaconsole.models.ui.ModelsViewModel;
import dev.cpaconsole.pricing.ui.PricesView;
import dev.cpaconsole.pricing.ui.PricesViewModel;
import dev.cpaconsole.requests.ui.RequestsView;
import dev.cpaconsole.requests.ui.RequestsViewModel;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.ui.SettingsView;
import dev.cpaconsole.settings.ui.SettingsViewModel;
import dev.cpaconsole.ui.Dialogs;
import dev.cpaconsole.users.ui.UsersView;
import dev.cpaconsole.users.ui.UsersViewModel;

/**
 * The content of the main window for one set of services: sidebar, the screens and the status
 * bar. Builds every view model with its services, feeds them collector health, price changes and
 * model inventory refreshes on the JavaFX thread, and ticks them every {@link #TICK}.
 */
public final class ShellView {
    /** How often screens may re-read the database when new events were stored. */
    public static final Duration TICK = Duration.seconds(3);

    private final ConsoleServices services;
    private final FxTaskRunner tasks;
    private final ShellViewModel shell;
    private final StatusBarViewModel statusBar;
    private final DashboardViewModel dashboard;
    private final RequestsViewModel requests;
    private final PricesViewModel prices;
    private final ModelsViewModel models;
    private final ModelSettingsViewModel modelSettings;
    private final UsersViewModel users;
    private final KeysViewModel keys;
    private final AuditViewModel audit;
    private final SettingsViewModel settings;
    private final LogViewModel log;

    private final BorderPane root = new BorderPane();
    private final StackPane content = new StackPane();
    private final ToggleGroup navigation = new ToggleGroup();
    private final Map<Screen, ToggleButton> navItems = new EnumMap<>(Screen.class);
    private final Map<Screen, Node> screens = new EnumMap<>(Screen.class);
    private final Node firstRunPanel;
    private final Timeline ticker = new Timeline();
    private Subscription healthSubscription;
    private Subscription priceSubscription;
    private Subscription inventorySubscription;
    private Subscription keyReportSubscription;

    public ShellView(ConsoleServices services, Clock clock, Dialogs dialogs) {
        this.services = services;
        this.tasks = new FxTaskRunner(services.tasks());
        this.shell = new ShellViewModel(services.settings(), tasks, services.demoLauncher(),
                services.demoAvailable(), () -> services.requests().newestStoredId() > 0);
        this.statusBar = new StatusBarViewModel(clock.getZone());
        this.dashboard = new DashboardViewModel(services.dashboard(), services.prices(), services.settings()::timeZone,
                tasks, clock);
        this.requests = new RequestsViewModel(services.requests(), services.prices(), tasks, clock,
                services.settings()::timeZone);
        this.prices = new PricesViewModel(services.prices(), services.costs(), tasks, clock);
        this.models = new ModelsViewModel(services.models(), tasks);
        this.modelSettings = new ModelSettingsViewModel(services.modelRefresh(), services.clientKeys(), tasks);
        this.settings = new SettingsViewModel(services.settings(), services.managementKeys(),
                services.connectionTester(), services.collector()::restart, tasks, shell::themeChosen,
                this::settingsApplied);
        this.log = new LogViewModel(services.log(), tasks.fxThread());
        this.users = new UsersViewModel(services.access().users(), services.access().keys(), tasks);
        this.keys = new KeysViewModel(services.access().keys(), services.access().users().store(), tasks, clock,
                ShellView::copyToClipboard);
        this.audit = new AuditViewModel(services.access().audit(), tasks, clock);

        screens.put(Screen.OVERVIEW, new DashboardView(dashboard).root());
        screens.put(Screen.REQUESTS, new RequestsView(requests, dialogs, clock.getZone()).root());
        screens.put(Screen.PRICES, new PricesView(prices, dialogs, clock.getZone()).root());
        screens.put(Screen.MODELS, new ModelsView(models, clock.getZone()).root());
        screens.put(Screen.USERS, new UsersView(users, dialogs, clock.getZone()).root());
        screens.put(Screen.KEYS, new KeysView(keys, dialogs, clock.getZone()).root());
        screens.put(Screen.AUDIT, new AuditView(audit, dialogs, clock.getZone()).root());
        SettingsView settingsView = new SettingsView(settings);
        settingsView.addSection(new ModelSettingsView(modelSettings).root());
        screens.put(Screen.SETTINGS, scrolling(settingsView.root()));
        screens.put(Screen.LOG, new LogView(log, clock.getZone()).root());
        firstRunPanel = new FirstRunView(shell).root();
        build();
        bind();
    }

    public Parent root() {
        return root;
    }

    /** A screen taller than a small window scrolls; narrower than the window, it stays centred. */
    private static Node scrolling(Node screen) {
        StackPane centred = new StackPane(screen);
        StackPane.setAlignment(screen, Pos.TOP_CENTER);
        ScrollPane scroll = new ScrollPane(centred);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        return scroll;
    }

    public ShellViewModel shell() {
        return shell;
    }

    public ConsoleServices services() {
        return services;
    }

    private void build() {
        Label appTitle = new Label("CPA Console");
        appTitle.getStyleClass().add("app-title");
        VBox sidebar = new VBox(appTitle);
        sidebar.getStyleClass().add("sidebar");
        sidebar.setId("sidebar");
        for (Screen screen : Screen.values()) {
            ToggleButton item = new ToggleButton(screen.title());
            item.setId("nav-" + screen.name().toLowerCase(Locale.ROOT));
            item.getStyleClass().add("nav-item");
            item.setToggleGroup(navigation);
            item.setUserData(screen);
            item.setMaxWidth(Double.MAX_VALUE);
            navItems.put(screen, item);
            sidebar.getChildren().add(item);
        }
        content.setId("content");
        root.setLeft(sidebar);
        root.setCenter(content);
        root.setBottom(new StatusBarView(statusBar, services.demo()).root());
    }

    private void bind() {
        navigation.selectedToggleProperty().addListener((observable, old, selected) -> {
            if (selected == null) {
                // A click on the selected item would leave nothing selected; keep the screen.
                old.setSelected(true);
                return;
            }
            shell.show((Screen) selected.getUserData());
        });
        shell.screenProperty().addListener((observable, old, screen) -> {
            showScreen();
            screenShown(screen);
        });
        shell.firstRunProperty().addListener((observable, old, firstRun) -> showScreen());
        showScreen();
        ticker.getKeyFrames().add(new KeyFrame(TICK, event -> {
            dashboard.tick();
            requests.tick();
        }));
        ticker.setCycleCount(Animation.INDEFINITE);
    }

    private void showScreen() {
        Screen screen = shell.screenProperty().get();
        navItems.get(screen).setSelected(true);
        Node shown = screen == Screen.OVERVIEW && shell.firstRunProperty().get() ? firstRunPanel : screens.get(screen);
        content.getChildren().setAll(shown);
    }

    /** Screens whose data others change (keys, users, the audit log) read it again when they come into view. */
    private void screenShown(Screen screen) {
        switch (screen) {
            // Users, keys and the display zone change on other screens.
            case OVERVIEW -> {
                dashboard.loadChoices();
                dashboard.refresh();
            }
            case USERS -> users.load();
            case KEYS -> keys.shown();
            case AUDIT -> audit.load();
            default -> {
            }
        }
    }

    /** Called on the JavaFX thread by the keys screen's Copy. */
    private static void copyToClipboard(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** Loads every screen's data and starts following the collector. */
    public void start() {
        // Before the first reads, so that prices changing meanwhile (the catalogue arriving) reach every screen.
        Consumer<Boolean> pricesChanged = tasks.latestOnFxThread(changed -> pricesChanged());
        priceSubscription = services.prices().onChange(() -> pricesChanged.accept(Boolean.TRUE));
        shell.start();
        settings.load();
        dashboard.loadChoices();
        dashboard.refresh();
        requests.reload();
        prices.load();
        log.start();
        models.load();
        modelSettings.load();
        // Every event is delivered, not only the latest: a failure must not be hidden by what follows.
        inventorySubscription = services.models().addListener(
                event -> tasks.fxThread().execute(() -> models.inventoryChanged(event)));
        keyReportSubscription = services.keyEnforcement().onReport(tasks.latestOnFxThread(keys::reportArrived));
        healthSubscription = services.collector().addHealthListener(tasks.latestOnFxThread(this::healthChanged));
        healthChanged(services.collector().health());
        ticker.play();
    }

    /** Stops timers and listeners; the services themselves stay open. */
    public void dispose() {
        ticker.stop();
        log.stop();
        if (healthSubscription != null) {
            healthSubscription.close();
            healthSubscription = null;
        }
        if (priceSubscription != null) {
            priceSubscription.close();
            priceSubscription = null;
        }
        if (inventorySubscription != null) {
            inventorySubscription.close();
            inventorySubscription = null;
        }
        if (keyReportSubscription != null) {
            keyReportSubscription.close();
            keyReportSubscription = null;
        }
    }

    /** Saved settings may name another CPA or key, so the models are asked for again at once. */
    private void settingsApplied(ConnectionSettings applied) {
        shell.settingsApplied(applied);
        if (applied.isConfigured()) {
            models.refresh();
        }
    }

    /** Closes {@code old} services in the background of these ones. */
    void closeInBackground(ConsoleServices old) {
        // ConsoleServices.close() logs its own failures, so neither outcome needs more handling.
        services.tasks().run(Workload.DATABASE, "close-services", old::close, () -> {
        }, failure -> {
        });
    }

    private void pricesChanged() {
        dashboard.pricesChanged();
        requests.pricesChanged();
        prices.pricesChanged();
    }

    private void healthChanged(CollectorHealth health) {
        statusBar.show(health);
        dashboard.eventsStored(health.storedTotal());
        requests.eventsStored(health.storedTotal());
    }
}
