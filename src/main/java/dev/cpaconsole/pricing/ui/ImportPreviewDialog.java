package dev.cpaconsole.pricing.ui;

import java.util.function.Function;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;

import atlantafx.base.theme.Styles;

import dev.cpaconsole.ui.Dialogs;

/**
 * What an import would do, line by line, before anything is written: rows added, rows changed
 * (those that lower a price marked), rows skipped with the reason, and entries of the file that
 * could not be read. Apply writes the additions and changes; Cancel writes nothing.
 */
final class ImportPreviewDialog {
    private static final ButtonType APPLY = new ButtonType("Apply", ButtonBar.ButtonData.OK_DONE);
    private static final PseudoClass LOWERS = PseudoClass.getPseudoClass("lowers");
    private static final PseudoClass SKIPPED = PseudoClass.getPseudoClass("skipped");

    private ImportPreviewDialog() {
    }

    /** Shows {@code preview}; the answer reaches {@code model} when the dialog closes. */
    static void show(ImportPreview preview, PricesViewModel model, Dialogs dialogs) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Import prices");
        dialog.setHeaderText("Import " + preview.fileName());
        dialog.setResizable(true);

        Label summary = new Label(preview.summary());
        summary.setId("import-summary");
        summary.setWrapText(true);
        Label cost = new Label(preview.costChange());
        cost.setId("import-cost");
        cost.getStyleClass().add("cost-preview");
        cost.setWrapText(true);
        cost.setMaxWidth(Double.MAX_VALUE);
        Label kept = new Label("Manual prices are never replaced, and nothing is deleted.");
        kept.getStyleClass().add("muted");

        TableView<ImportPreview.Line> lines = new TableView<>();
        lines.setId("import-lines");
        lines.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        lines.setPlaceholder(new Label("The file changes nothing."));
        lines.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        lines.getColumns().add(fixed(column("", 124, line -> line.kind().label())));
        lines.getColumns().add(column("Model", 190, ImportPreview.Line::model));
        lines.getColumns().add(fixed(column("Provider", 84, ImportPreview.Line::provider)));
        lines.getColumns().add(fixed(column("From", 96, ImportPreview.Line::effectiveFrom)));
        TableColumn<ImportPreview.Line, String> detail = column("Prices per 1M tokens, or why", 560,
                ImportPreview.Line::detail);
        // The prices are what the operator reviews, so they wrap instead of being cut.
        detail.setCellFactory(column -> new WrappingCell());
        lines.getColumns().add(detail);
        lines.getItems().setAll(preview.lines());
        lines.setRowFactory(table -> new LineRow());
        lines.setPrefHeight(320);
        VBox.setVgrow(lines, Priority.ALWAYS);

        VBox content = new VBox(10, summary, cost, kept, lines);
        content.setPadding(new Insets(12, 16, 4, 16));
        dialog.getDialogPane().setId("import-preview");
        dialog.getDialogPane().setPrefWidth(1080);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().setAll(APPLY, ButtonType.CANCEL);
        Button apply = (Button) dialog.getDialogPane().lookupButton(APPLY);
        apply.setId("import-apply");
        apply.getStyleClass().add(Styles.ACCENT);
        apply.setDisable(preview.plan().isEmpty());
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL)).setId("import-cancel");
        dialog.setResultConverter(button -> button);
        dialog.setOnHidden(event -> {
            if (dialog.getResult() == APPLY) {
                model.applyImport();
            } else {
                model.cancelImport();
            }
        });
        dialogs.own(dialog);
        dialog.show();
    }

    private static TableColumn<ImportPreview.Line, String> column(String title, double width,
            Function<ImportPreview.Line, String> text) {
        TableColumn<ImportPreview.Line, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.apply(cell.getValue())));
        return column;
    }

    /** A column the table's resize policy never narrows below its width. */
    private static TableColumn<ImportPreview.Line, String> fixed(TableColumn<ImportPreview.Line, String> column) {
        column.setMinWidth(column.getPrefWidth());
        return column;
    }

    /** A cell whose text wraps within the column, the row growing to hold it. */
    private static final class WrappingCell extends TableCell<ImportPreview.Line, String> {
        private final Text text = new Text();

        WrappingCell() {
            text.setId("import-line-detail");
            text.fillProperty().bind(textFillProperty());
            text.fontProperty().bind(fontProperty());
            text.wrappingWidthProperty().bind(widthProperty().subtract(snappedLeftInset() + snappedRightInset() + 8));
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(String detail, boolean empty) {
            super.updateItem(detail, empty);
            text.setText(empty || detail == null ? "" : detail);
            setGraphic(empty ? null : text);
        }
    }

    /** Marks lines that lower a price, and lines that are not applied; the whole text as tooltip. */
    private static final class LineRow extends TableRow<ImportPreview.Line> {
        @Override
        protected void updateItem(ImportPreview.Line line, boolean empty) {
            super.updateItem(line, empty);
            boolean shown = !empty && line != null;
            pseudoClassStateChanged(LOWERS, shown && line.kind() == ImportPreview.Kind.LOWERS);
            pseudoClassStateChanged(SKIPPED, shown && (line.kind() == ImportPreview.Kind.SKIPPED
                    || line.kind() == ImportPreview.Kind.PROBLEM));
            setTooltip(shown ? new Tooltip(line.detail()) : null);
        }
    }
}
