package dev.cpaconsole.settings.ui;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.ConnectionTestResult;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.Theme;

/** The settings screen: where CPA is, the management key, the collector's mode and the theme. */
public final class SettingsView {
    private final SettingsViewModel model;
    private final VBox root = new VBox(16);

    private final TextField cpaUrl = new TextField();
    private final PasswordField managementKey = new PasswordField();
    private final Label keyHint = new Label();
    private final Hyperlink forgetKey = new Hyperlink("Forget the saved key");
    private final ComboBox<ModePreference> mode = new ComboBox<>();
    private final CheckBox enableStatistics = new CheckBox("Turn on CPA's usage statistics when they are off");
    private final ComboBox<Theme> theme = new ComboBox<>();
    private final ComboBox<String> timeZone = new ComboBox<>();
    private final TextField retentionDays = new TextField();
    private final Button test = new Button("Test connection");
    private final Button apply = new Button("Apply");
    private final ProgressIndicator progress = new ProgressIndicator();
    private final Label testSummary = new Label();
    private final Label message = new Label();
    private final Label error = new Label();
    /** Set while the form shows saved values, so that showing them is not taken for a choice. */
    private boolean showingSaved;

    public SettingsView(SettingsViewModel model) {
        this.model = model;
        build();
        bind();
    }

    public Node root() {
        return root;
    }

    /** Adds a feature's own settings below the connection's, e.g. the models' client key. */
    public void addSection(Node section) {
        Separator line = new Separator();
        root.getChildren().addAll(line, section);
    }

    private void build() {
        Label title = new Label("Settings");
        title.getStyleClass().add("screen-title");

        cpaUrl.setId("cpa-url");
        cpaUrl.setPromptText("http://127.0.0.1:8317");
        managementKey.setId("management-key");
        keyHint.setId("key-hint");
        keyHint.getStyleClass().add("muted");
        keyHint.setWrapText(true);
        keyHint.setMaxWidth(Double.MAX_VALUE);
        forgetKey.setId("forget-key");
        // The hint wraps; the link must never be squeezed into an ellipsis.
        forgetKey.setMinWidth(Region.USE_PREF_SIZE);
        forgetKey.managedProperty().bind(forgetKey.visibleProperty());
        mode.setId("collector-mode");
        mode.getItems().setAll(ModePreference.values());
        mode.setConverter(labels(ModePreference::label));
        mode.setMaxWidth(Double.MAX_VALUE);
        enableStatistics.setId("enable-statistics");
        theme.setId("theme");
        theme.getItems().setAll(Theme.values());
        theme.setConverter(labels(value -> value == Theme.LIGHT ? "Light" : "Dark"));

        GridPane form = new GridPane(12, 10);
        ColumnConstraints captions = new ColumnConstraints();
        ColumnConstraints fields = new ColumnConstraints(320, 480, Double.MAX_VALUE);
        fields.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(captions, fields);
        form.addRow(0, caption("CPA address"), cpaUrl);
        form.addRow(1, caption("Management key"), managementKey);
        HBox keyLine = new HBox(8, keyHint, forgetKey);
        keyLine.setAlignment(Pos.BASELINE_LEFT);
        HBox.setHgrow(keyHint, Priority.ALWAYS);
        form.add(keyLine, 1, 2);
        form.addRow(3, caption("Collection mode"), mode);
        form.add(enableStatistics, 1, 4);
        form.addRow(5, caption("Theme"), theme);
        timeZone.setId("time-zone");
        timeZone.setEditable(true);
        timeZone.setMaxWidth(Double.MAX_VALUE);
        List<String> zones = new ArrayList<>(ZoneId.getAvailableZoneIds());
        zones.sort(null);
        zones.addFirst(ZoneId.systemDefault().getId());
        timeZone.getItems().setAll(zones);
        Label zoneHint = new Label("Where dashboards cut days and hours, and key budgets their periods. Until one "
                + "is chosen, this computer's zone.");
        zoneHint.getStyleClass().add("muted");
        zoneHint.setWrapText(true);
        form.addRow(6, caption("Display time zone"), timeZone);
        form.add(zoneHint, 1, 7);
        retentionDays.setId("retention-days");
        retentionDays.setPrefColumnCount(6);
        retentionDays.setMaxWidth(Region.USE_PREF_SIZE);
        Label retentionHint = new Label("Days each request's details are kept (0: forever). Totals, costs and "
                + "charts keep every day; press Enter to save.");
        retentionHint.getStyleClass().add("muted");
        retentionHint.setWrapText(true);
        form.addRow(8, caption("Keep request details"), retentionDays);
        form.add(retentionHint, 1, 9);

        test.setId("test-connection");
        apply.setId("apply-settings");
        apply.getStyleClass().add("accent");
        apply.setDefaultButton(true);
        progress.setPrefSize(18, 18);
        HBox buttons = new HBox(10, test, apply, progress);
        buttons.setAlignment(Pos.CENTER_LEFT);

        testSummary.setId("test-summary");
        testSummary.setWrapText(true);
        message.setId("settings-message");
        message.setWrapText(true);
        message.getStyleClass().add("success-message");
        error.setId("settings-error");
        error.setWrapText(true);
        error.getStyleClass().add("error-message");

        root.getStyleClass().add("screen");
        root.setPadding(new Insets(20));
        root.setMaxWidth(760);
        for (Label status : new Label[] {testSummary, message, error}) {
            status.managedProperty().bind(status.textProperty().isNotEmpty());
            status.visibleProperty().bind(status.managedProperty());
        }
        root.getChildren().addAll(title, form, buttons, testSummary, message, error);
    }

    private void bind() {
        model.savedProperty().addListener((observable, old, settings) -> showSaved(settings));
        showSaved(model.savedProperty().get());
        keyHint.textProperty().bind(Bindings.createStringBinding(() -> model.keyStoredProperty().get()
                ? "A key is saved in the " + model.keyLocationProperty().get() + ". Leave the field empty to keep it."
                : "The key will be kept in the " + model.keyLocationProperty().get() + ", never in the database.",
                model.keyStoredProperty(), model.keyLocationProperty()));
        forgetKey.visibleProperty().bind(model.keyStoredProperty());
        forgetKey.setOnAction(event -> model.forgetKey());

        theme.valueProperty().addListener((observable, old, chosen) -> {
            if (chosen != null && !showingSaved) {
                model.changeTheme(chosen);
            }
        });
        model.timeZoneProperty().addListener((observable, old, zone) -> {
            showingSaved = true;
            timeZone.setValue(zone);
            showingSaved = false;
        });
        timeZone.setOnAction(event -> {
            String chosen = timeZone.getValue();
            if (!showingSaved && chosen != null && !chosen.equals(model.timeZoneProperty().get())) {
                model.changeTimeZone(chosen);
            }
        });
        model.retentionDaysProperty().addListener((observable, old, days) -> retentionDays.setText(days));
        retentionDays.setOnAction(event -> model.changeRetentionDays(retentionDays.getText()));
        test.setOnAction(event -> model.testConnection(cpaUrl.getText(), managementKey.getText()));
        apply.setOnAction(event -> model.apply(formValues(), managementKey.getText()));
        model.keyStoredProperty().addListener((observable, old, stored) -> {
            if (stored) {
                managementKey.clear();
            }
        });
        test.disableProperty().bind(model.busy());
        apply.disableProperty().bind(test.disableProperty());
        progress.visibleProperty().bind(test.disableProperty());

        testSummary.textProperty().bind(model.testSummaryProperty());
        model.testResultProperty().addListener((observable, old, result) -> {
            testSummary.getStyleClass().removeAll("success-message", "error-message");
            if (result != null) {
                testSummary.getStyleClass().add(result instanceof ConnectionTestResult.Connected
                        ? "success-message" : "error-message");
            }
        });
        message.textProperty().bind(model.messageProperty());
        error.textProperty().bind(model.errorMessageProperty());
    }

    private ConnectionSettings formValues() {
        ConnectionSettings current = model.savedProperty().get();
        ConnectionSettings base = current == null ? ConnectionSettings.DEFAULTS : current;
        return new ConnectionSettings(cpaUrl.getText(), mode.getValue() == null ? base.modePreference()
                : mode.getValue(), enableStatistics.isSelected(), theme.getValue() == null ? base.theme()
                : theme.getValue());
    }

    private void showSaved(ConnectionSettings settings) {
        ConnectionSettings shown = settings == null ? ConnectionSettings.DEFAULTS : settings;
        showingSaved = true;
        cpaUrl.setText(shown.cpaUrl());
        mode.setValue(shown.modePreference());
        enableStatistics.setSelected(shown.enableStatistics());
        theme.setValue(shown.theme());
        showingSaved = false;
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("form-caption");
        return label;
    }

    private static <T> StringConverter<T> labels(Function<T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : label.apply(value);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException("not editable");
            }
        };
    }
}
