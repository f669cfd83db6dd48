package dev.cpaconsole.models.ui;

import java.time.Duration;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The models part of the settings screen: the optional client key for {@code /v1/models} and the
 * refresh interval, saved with their own button.
 */
public final class ModelSettingsView {
    private final ModelSettingsViewModel model;
    private final VBox root = new VBox(10);

    private final PasswordField clientKey = new PasswordField();
    private final Label keyHint = new Label();
    private final Hyperlink forgetKey = new Hyperlink("Forget the saved client key");
    private final ComboBox<Duration> interval = new ComboBox<>();
    private final Button save = new Button("Save model settings");
    private final Label message = new Label();
    private final Label error = new Label();

    public ModelSettingsView(ModelSettingsViewModel model) {
        this.model = model;
        build();
        bind();
    }

    public Node root() {
        return root;
    }

    private void build() {
        Label heading = new Label("Models");
        heading.getStyleClass().add("card-title");

        clientKey.setId("client-key");
        clientKey.setPromptText("optional");
        keyHint.setId("client-key-hint");
        keyHint.getStyleClass().add("muted");
        keyHint.setWrapText(true);
        keyHint.setMaxWidth(Double.MAX_VALUE);
        forgetKey.setId("forget-client-key");
        forgetKey.setMinWidth(Region.USE_PREF_SIZE);
        forgetKey.managedProperty().bind(forgetKey.visibleProperty());
        interval.setId("models-refresh-interval");
        interval.getItems().setAll(ModelSettingsViewModel.INTERVALS);
        interval.setConverter(new StringConverter<>() {
            @Override
            public String toString(Duration value) {
                return value == null ? "" : "every " + ModelSettingsViewModel.describe(value);
            }

            @Override
            public Duration fromString(String text) {
                throw new UnsupportedOperationException("not editable");
            }
        });

        GridPane form = new GridPane(12, 10);
        ColumnConstraints captions = new ColumnConstraints();
        ColumnConstraints fields = new ColumnConstraints(320, 480, Double.MAX_VALUE);
        fields.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(captions, fields);
        form.addRow(0, caption("Client key"), clientKey);
        HBox keyLine = new HBox(8, keyHint, forgetKey);
        keyLine.setAlignment(Pos.BASELINE_LEFT);
        HBox.setHgrow(keyHint, Priority.ALWAYS);
        form.add(keyLine, 1, 1);
        form.addRow(2, caption("Refresh models"), interval);

        save.setId("save-model-settings");
        message.setId("model-settings-message");
        message.getStyleClass().add("success-message");
        message.setWrapText(true);
        error.setId("model-settings-error");
        error.getStyleClass().add("error-message");
        error.setWrapText(true);
        for (Label status : new Label[] {message, error}) {
            status.managedProperty().bind(status.textProperty().isNotEmpty());
            status.visibleProperty().bind(status.managedProperty());
        }
        root.setId("model-settings");
        root.getChildren().addAll(heading, form, save, message, error);
    }

    private void bind() {
        keyHint.textProperty().bind(Bindings.createStringBinding(() -> model.keyStoredProperty().get()
                ? "A client key is saved in the " + model.keyLocationProperty().get()
                        + "; the console asks /v1/models with it. Leave the field empty to keep it."
                : "Without one, the console asks /v1/models with the first client key CPA lists.",
                model.keyStoredProperty(), model.keyLocationProperty()));
        forgetKey.visibleProperty().bind(model.keyStoredProperty());
        forgetKey.setOnAction(event -> model.forgetKey());
        interval.setValue(model.intervalProperty().get());
        model.intervalProperty().addListener((observable, old, saved) -> {
            if (!interval.getItems().contains(saved)) {
                interval.getItems().add(saved);
                interval.getItems().sort(Duration::compareTo);
            }
            interval.setValue(saved);
        });
        model.keyStoredProperty().addListener((observable, old, stored) -> {
            if (stored) {
                clientKey.clear();
            }
        });
        save.setOnAction(event -> model.save(clientKey.getText(), interval.getValue()));
        save.disableProperty().bind(model.savingProperty());
        message.textProperty().bind(model.messageProperty());
        error.textProperty().bind(model.errorMessageProperty());
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("form-caption");
        return label;
    }
}
