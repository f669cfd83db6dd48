package dev.cpaconsole.logs.ui;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import atlantafx.base.theme.Styles;

import dev.cpaconsole.logs.core.LogEntry;
import dev.cpaconsole.logs.core.LogLevel;

/** The log screen: recent log entries, a level filter, and the selected entry's stack trace. */
public final class LogView {
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final LogViewModel model;
    private final ZoneId zone;
    private final VBox root = new VBox(12);
    private final ComboBox<LogLevel> level = new ComboBox<>();
    private final CheckBox follow = new CheckBox("Follow new entries");
    private final ListView<LogEntry> entries = new ListView<>();
    private final TextArea details = new TextArea();

    public LogView(LogViewModel model, ZoneId zone) {
        this.model = model;
        this.zone = zone;
        build();
        bind();
    }

    public Node root() {
        return root;
    }

    private void build() {
        Label title = new Label("Log");
        title.getStyleClass().add("screen-title");
        level.setId("log-level");
        level.getItems().setAll(LogLevel.values());
        follow.setId("log-follow");
        follow.setSelected(true);
        HBox bar = new HBox(10, new Label("Show"), level, new Label("and more severe"), follow);
        bar.setAlignment(Pos.CENTER_LEFT);

        entries.setId("log-entries");
        entries.getStyleClass().addAll("monospace", Styles.DENSE);
        entries.setPlaceholder(new Label("Nothing logged yet."));
        entries.setCellFactory(list -> new EntryCell());
        details.setId("log-details");
        details.setEditable(false);
        details.getStyleClass().add("monospace");
        SplitPane split = new SplitPane(entries, details);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.75);
        VBox.setVgrow(split, Priority.ALWAYS);

        root.getStyleClass().add("screen");
        root.setPadding(new Insets(20));
        root.getChildren().addAll(title, bar, split);
    }

    private void bind() {
        level.setValue(model.thresholdProperty().get());
        level.valueProperty().addListener((observable, old, chosen) -> {
            if (chosen != null) {
                model.showLevel(chosen);
            }
        });
        entries.setItems(model.entries());
        model.entries().addListener((ListChangeListener<LogEntry>) change -> {
            if (follow.isSelected() && !model.entries().isEmpty()) {
                entries.scrollTo(model.entries().size() - 1);
            }
        });
        entries.getSelectionModel().selectedItemProperty().addListener((observable, old, entry) ->
                details.setText(entry == null ? "" : entry.message()
                        + (entry.stackTrace().isEmpty() ? "" : "\n\n" + entry.stackTrace())));
    }

    private final class EntryCell extends ListCell<LogEntry> {
        @Override
        protected void updateItem(LogEntry entry, boolean empty) {
            super.updateItem(entry, empty);
            pseudoClassStateChanged(ERROR, !empty && entry != null && entry.level() == LogLevel.ERROR);
            pseudoClassStateChanged(WARNING, !empty && entry != null && entry.level() == LogLevel.WARN);
            if (empty || entry == null) {
                setText(null);
                return;
            }
            setText(TIME.format(entry.time().atZone(zone)) + "  " + String.format("%-5s", entry.level()) + "  "
                    + entry.shortLogger() + "  " + firstLine(entry.message())
                    + (entry.stackTrace().isEmpty() ? "" : "  [stack trace]"));
        }
    }

    /** One line per entry; the details below show the whole message. */
    private static String firstLine(String message) {
        String trimmed = message.strip();
        int end = trimmed.indexOf('\n');
        return end < 0 ? trimmed : trimmed.substring(0, end).stripTrailing() + " \u2026";
    }
}
