package dev.cpaconsole.pricing.ui;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javafx.beans.binding.Bindings;
import javafx.event.ActionEvent;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Window;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;

import dev.cpaconsole.ui.Dialogs;

/**
 * The price editor: the row's fields side by side with the long-context ones, a message under
 * the form for each wrong field, and, once reviewed, what the row changes over the last 30 days.
 * The main button reviews first and saves second; the dialog closes once the row is saved.
 */
final class PriceEditorDialog {
    private static final ButtonType SAVE = new ButtonType("Review change", ButtonBar.ButtonData.OK_DONE);
    private static final double PRICE_WIDTH = 110;
    /** About four lines of messages; more scroll. */
    private static final double ERRORS_MAX_HEIGHT = 84;

    private final PriceEditorModel model;
    private final Dialog<Void> dialog = new Dialog<>();
    private final Map<PriceField, TextField> fields = new EnumMap<>(PriceField.class);
    private final VBox errors = new VBox(2);
    private final ScrollPane errorsArea = new WrappedLinesArea(errors);
    private final Label preview = new Label();
    private final Label problem = new Label();

    private PriceEditorDialog(PriceEditorModel model) {
        this.model = model;
        build();
        bind();
    }

    /** Opens the editor for {@code model} without waiting for it to close. */
    static void show(PriceEditorModel model, Dialogs dialogs) {
        PriceEditorDialog editor = new PriceEditorDialog(model);
        dialogs.own(editor.dialog);
        editor.dialog.show();
        editor.fields.get(model.isNew() && !model.text(PriceField.MODEL).get().isEmpty()
                ? PriceField.INPUT : PriceField.MODEL).requestFocus();
    }

    private void build() {
        dialog.setTitle(model.isNew() ? "New price" : "Edit price");
        dialog.setHeaderText(model.isNew() ? "New price" : "Edit the price of " + model.original().model());
        dialog.setResizable(true);
        for (PriceField field : PriceField.values()) {
            TextField text = new TextField();
            text.setId("price-" + field.id());
            fields.put(field, text);
        }
        prompt(PriceField.MODEL, "gpt-5.4 or claude-sonnet-4-*");
        prompt(PriceField.PROVIDER, "every provider");
        prompt(PriceField.EFFECTIVE_FROM, "always");
        prompt(PriceField.CACHE_READ, "input price");
        Tooltip fallback = new Tooltip("Empty: the input price is used and the cost is flagged "
                + "\u201ccache price missing\u201d. 0 means free.");
        for (PriceField field : List.of(PriceField.CACHE_READ, PriceField.CACHE_WRITE, PriceField.TIER_CACHE_READ,
                PriceField.TIER_CACHE_WRITE)) {
            fields.get(field).setTooltip(fallback);
        }
        fields.get(PriceField.TIER_THRESHOLD).setTooltip(new Tooltip("Above this many input tokens (cache reads "
                + "and writes included), the long-context prices apply to the whole request."));
        prompt(PriceField.CACHE_WRITE, "input price");
        prompt(PriceField.REASONING, "output price");
        prompt(PriceField.REQUEST_FEE, "none");
        prompt(PriceField.TIER_THRESHOLD, "above N tokens, e.g. 200000");
        prompt(PriceField.TIER_CACHE_READ, "tier input");
        prompt(PriceField.TIER_CACHE_WRITE, "tier input");
        prompt(PriceField.TIER_REASONING, "tier output");
        prompt(PriceField.REFERENCE, "https://\u2026 or a file name");
        prompt(PriceField.READ_ON, "read on yyyy-mm-dd");

        GridPane form = new GridPane(10, 6);
        form.setId("price-form");
        ColumnConstraints captions = new ColumnConstraints();
        captions.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints base = new ColumnConstraints(PRICE_WIDTH, PRICE_WIDTH * 1.4, Double.MAX_VALUE);
        base.setHgrow(Priority.ALWAYS);
        ColumnConstraints tier = new ColumnConstraints(PRICE_WIDTH, PRICE_WIDTH * 1.4, Double.MAX_VALUE);
        tier.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(captions, base, tier);
        int row = 0;
        form.addRow(row++, caption("Model or pattern"), span(PriceField.MODEL));
        form.addRow(row++, caption("Provider"), fields.get(PriceField.PROVIDER), hint("codex, claude, gemini\u2026"));
        form.addRow(row++, caption("Effective from"), fields.get(PriceField.EFFECTIVE_FROM),
                hint("yyyy-mm-dd, from 00:00 UTC"));
        Label section = new Label("USD per 1M tokens");
        section.getStyleClass().add("card-title");
        GridPane.setMargin(section, new Insets(8, 0, 0, 0));
        Label baseTitle = columnTitle("Base");
        Label tierTitle = columnTitle("Long context");
        GridPane.setMargin(baseTitle, new Insets(8, 0, 0, 0));
        GridPane.setMargin(tierTitle, new Insets(8, 0, 0, 0));
        form.addRow(row++, section, baseTitle, tierTitle);
        form.addRow(row++, caption("Applies to input"), hint("of any size"), fields.get(PriceField.TIER_THRESHOLD));
        form.addRow(row++, caption("Input *"), fields.get(PriceField.INPUT), fields.get(PriceField.TIER_INPUT));
        form.addRow(row++, caption("Output *"), fields.get(PriceField.OUTPUT), fields.get(PriceField.TIER_OUTPUT));
        form.addRow(row++, caption("Cache read"), fields.get(PriceField.CACHE_READ),
                fields.get(PriceField.TIER_CACHE_READ));
        form.addRow(row++, caption("Cache write"), fields.get(PriceField.CACHE_WRITE),
                fields.get(PriceField.TIER_CACHE_WRITE));
        form.addRow(row++, caption("Reasoning"), fields.get(PriceField.REASONING),
                fields.get(PriceField.TIER_REASONING));
        form.addRow(row++, caption("Request fee"), fields.get(PriceField.REQUEST_FEE), hint("USD per request"));
        Label about = caption("Reference, read on");
        GridPane.setMargin(about, new Insets(8, 0, 0, 0));
        GridPane.setMargin(fields.get(PriceField.REFERENCE), new Insets(8, 0, 0, 0));
        GridPane.setMargin(fields.get(PriceField.READ_ON), new Insets(8, 0, 0, 0));
        form.addRow(row++, about, fields.get(PriceField.REFERENCE), fields.get(PriceField.READ_ON));
        form.addRow(row, caption("Note"), span(PriceField.NOTE));

        Label manual = new Label(model.becomesManual()
                ? "Saving makes this " + model.original().source().code() + " price a manual one: imports and "
                        + "catalogue updates never replace it."
                : "Saved prices are manual: imports and catalogue updates never replace them.");
        manual.getStyleClass().add("muted");
        manual.setWrapText(true);
        manual.setMinHeight(Region.USE_PREF_SIZE);

        errors.setId("price-errors");
        errorsArea.setId("price-errors-area");
        errorsArea.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        errorsArea.setFitToWidth(true);
        errorsArea.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        errorsArea.setMaxHeight(ERRORS_MAX_HEIGHT);
        errorsArea.managedProperty().bind(Bindings.isNotEmpty(errors.getChildren()));
        errorsArea.visibleProperty().bind(errorsArea.managedProperty());
        preview.setId("price-preview");
        preview.getStyleClass().add("cost-preview");
        preview.setWrapText(true);
        preview.setMaxWidth(Double.MAX_VALUE);
        problem.setId("price-problem");
        problem.getStyleClass().add("error-message");
        problem.setWrapText(true);
        for (Label status : new Label[] {preview, problem}) {
            status.managedProperty().bind(status.textProperty().isNotEmpty());
            status.visibleProperty().bind(status.managedProperty());
        }

        preview.setMinHeight(Region.USE_PREF_SIZE);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        // On a short screen the form scrolls; the messages stay beside the buttons, so a click on the
        // main button always shows what it found.
        VBox formContent = new VBox(10, form, manual);
        formContent.setPadding(new Insets(0, 16, 0, 16));
        ScrollPane formArea = new ScrollPane(formContent);
        formArea.setId("price-form-area");
        formArea.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        formArea.setFitToWidth(true);
        formArea.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        VBox.setVgrow(formArea, Priority.ALWAYS);
        VBox messages = new VBox(10, errorsArea, preview, problem);
        messages.setPadding(new Insets(0, 16, 0, 16));
        messages.setMinHeight(Region.USE_PREF_SIZE);
        VBox content = new VBox(10, formArea, messages);
        content.setPadding(new Insets(12, 0, 4, 0));
        dialog.getDialogPane().setId("price-editor");
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().setAll(SAVE, ButtonType.CANCEL);
        Button save = (Button) dialog.getDialogPane().lookupButton(SAVE);
        save.setId("price-save");
        save.getStyleClass().add(Styles.ACCENT);
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL)).setId("price-cancel");
    }

    private void bind() {
        fields.forEach((field, text) -> {
            text.textProperty().bindBidirectional(model.text(field));
            model.error(field).addListener((observable, old, error) -> showErrors());
        });
        preview.textProperty().bind(model.previewProperty());
        problem.textProperty().bind(model.problemProperty());
        preview.textProperty().addListener((observable, old, text) -> fitWindow());
        problem.textProperty().addListener((observable, old, text) -> fitWindow());
        Button save = (Button) dialog.getDialogPane().lookupButton(SAVE);
        save.textProperty().bind(model.stepProperty().map(step -> switch (step) {
            case EDITING -> "Review change";
            case REVIEWING -> "Working out the cost\u2026";
            case REVIEWED -> "Save price";
            case SAVING, SAVED -> "Saving\u2026";
        }));
        save.disableProperty().bind(model.stepProperty().map(step -> step == PriceEditorModel.Step.REVIEWING
                || step == PriceEditorModel.Step.SAVING || step == PriceEditorModel.Step.SAVED));
        // The dialog would close on its default button; it stays open until the row is saved.
        save.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            if (model.stepProperty().get() == PriceEditorModel.Step.REVIEWED) {
                model.save();
            } else {
                model.review();
            }
        });
        model.stepProperty().addListener((observable, old, step) -> {
            if (step == PriceEditorModel.Step.SAVED) {
                dialog.close();
            }
        });
        dialog.setOnShown(event -> fitWindow());
        dialog.setOnHidden(event -> model.cancel());
    }

    /**
     * A dialog window keeps the size it opened with; messages that appear later must not push the
     * buttons out. The window grows about its middle, so that it stays centred on the main window,
     * and never beyond the screen: there the form scrolls instead.
     */
    private void fitWindow() {
        Scene scene = dialog.getDialogPane().getScene();
        Window window = scene == null ? null : scene.getWindow();
        if (window == null || !window.isShowing()) {
            return;
        }
        double middle = window.getY() + window.getHeight() / 2;
        window.sizeToScene();
        List<Screen> screens = Screen.getScreensForRectangle(window.getX(), window.getY(), window.getWidth(),
                window.getHeight());
        Rectangle2D area = (screens.isEmpty() ? Screen.getPrimary() : screens.getFirst()).getVisualBounds();
        double height = Math.min(window.getHeight(), area.getHeight());
        window.setHeight(height);
        window.setY(Math.clamp(middle - height / 2, area.getMinY(), area.getMaxY() - height));
    }

    private void showErrors() {
        errors.getChildren().clear();
        for (PriceField field : PriceField.values()) {
            String error = model.error(field).get();
            TextField text = fields.get(field);
            text.pseudoClassStateChanged(Styles.STATE_DANGER, !error.isEmpty());
            if (!error.isEmpty()) {
                Label line = new Label(field.label() + ": " + error);
                line.setId("price-error-" + field.id());
                line.getStyleClass().add("error-message");
                line.setWrapText(true);
                line.setMinHeight(Region.USE_PREF_SIZE);
                errors.getChildren().add(line);
            }
        }
        fitWindow();
    }

    private void prompt(PriceField field, String text) {
        fields.get(field).setPromptText(text);
    }

    private TextField span(PriceField field) {
        TextField text = fields.get(field);
        GridPane.setColumnSpan(text, 2);
        return text;
    }

    /**
     * Scrolls wrapped lines. A plain scroll pane is measured as if its lines were not wrapped, also
     * when the window fits itself to its scene; it would ask for too little height and scroll even
     * a few lines. This one is measured at the width it has or is about to get.
     */
    private static final class WrappedLinesArea extends ScrollPane {
        WrappedLinesArea(Node lines) {
            super(lines);
        }

        @Override
        public Orientation getContentBias() {
            return Orientation.HORIZONTAL;
        }

        @Override
        protected double computePrefHeight(double width) {
            return super.computePrefHeight(width >= 0 ? width : knownWidth());
        }

        /** Its width, or before its first layout the width its parent gives it; -1 when neither is known. */
        private double knownWidth() {
            if (getWidth() > 0) {
                return getWidth();
            }
            if (getParent() instanceof Region parent && parent.getWidth() > 0) {
                return parent.getWidth() - parent.snappedLeftInset() - parent.snappedRightInset();
            }
            return -1;
        }
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("form-caption");
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static Label columnTitle(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("figure-caption");
        GridPane.setHalignment(label, HPos.LEFT);
        return label;
    }

    private static Label hint(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("muted");
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }
}
