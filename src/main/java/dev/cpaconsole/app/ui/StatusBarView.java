package dev.cpaconsole.app.ui;

import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The line at the bottom of the window: collector state, mode, CPA version and throughput. */
public final class StatusBarView {
    private static final PseudoClass OK = PseudoClass.getPseudoClass("ok");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");

    private final StatusBarViewModel model;
    private final boolean demo;
    private final HBox root = new HBox();
    private final Region dot = new Region();
    private final Label state = new Label();
    private final Label mode = new Label();
    private final Label version = new Label();
    private final Label lastReceived = new Label();
    private final Label rate = new Label();
    private final Label problem = new Label();

    public StatusBarView(StatusBarViewModel model, boolean demo) {
        this.model = model;
        this.demo = demo;
        build();
        bind();
    }

    public Node root() {
        return root;
    }

    private void build() {
        root.getStyleClass().add("status-bar");
        root.setId("status-bar");
        dot.getStyleClass().add("state-dot");
        state.setId("collector-state");
        state.getStyleClass().add("state");
        mode.setId("collector-mode-status");
        version.setId("cpa-version");
        lastReceived.setId("last-received");
        rate.setId("events-per-minute");
        problem.setId("collector-problem");
        problem.getStyleClass().add("problem");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox.setHgrow(problem, Priority.SOMETIMES);
        root.getChildren().addAll(dot, state, mode, version, lastReceived, rate, spacer, problem);
        if (demo) {
            Label badge = new Label("Demo");
            badge.setId("demo-badge");
            badge.getStyleClass().add("demo-badge");
            root.getChildren().add(badge);
        }
    }

    private void bind() {
        state.textProperty().bind(model.stateProperty());
        mode.textProperty().bind(model.modeProperty());
        version.textProperty().bind(model.cpaVersionProperty());
        lastReceived.textProperty().bind(model.lastReceivedProperty());
        rate.textProperty().bind(model.eventsPerMinuteProperty());
        problem.textProperty().bind(model.problemProperty());
        Tooltip tooltip = new Tooltip();
        tooltip.textProperty().bind(model.problemProperty());
        problem.setTooltip(tooltip);
        model.severityProperty().addListener((observable, old, severity) -> showSeverity(severity));
        showSeverity(model.severityProperty().get());
    }

    private void showSeverity(StatusBarViewModel.Severity severity) {
        root.pseudoClassStateChanged(OK, severity == StatusBarViewModel.Severity.OK);
        root.pseudoClassStateChanged(WARNING, severity == StatusBarViewModel.Severity.WARNING);
        root.pseudoClassStateChanged(ERROR, severity == StatusBarViewModel.Severity.ERROR);
    }
}
