package dev.cpaconsole.app.ui;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** Shown while nothing is configured: connect to a CPA, or try the demo. */
public final class FirstRunView {
    private final ShellViewModel model;
    private final StackPane root = new StackPane();
    private final Button connect = new Button("Connect to your CPA");
    private final Button demo = new Button("Try the demo");
    private final Label demoStatus = new Label();

    public FirstRunView(ShellViewModel model) {
        this.model = model;
        build();
        bind();
    }

    public Node root() {
        return root;
    }

    private void build() {
        Label headline = new Label("Welcome to CPA Console");
        headline.getStyleClass().add("headline");
        Label text = new Label("The console collects CPA's usage events and keeps their history on this computer. "
                + "Tell it where your CPA runs and which management key to use, or look around with a "
                + "simulated CPA first.");
        text.setWrapText(true);
        connect.setId("connect-cpa");
        connect.getStyleClass().add("accent");
        demo.setId("try-demo");
        demoStatus.setId("demo-status");
        demoStatus.getStyleClass().add("muted");
        HBox buttons = new HBox(12, connect, demo);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox panel = new VBox(headline, text, buttons, demoStatus);
        panel.getStyleClass().add("first-run");
        panel.setId("first-run");
        root.getChildren().add(panel);
        StackPane.setAlignment(panel, Pos.TOP_LEFT);
    }

    private void bind() {
        connect.setOnAction(event -> model.connectToCpa());
        demo.setOnAction(event -> model.tryDemo());
        demo.setVisible(model.isDemoAvailable());
        demo.setManaged(model.isDemoAvailable());
        demo.disableProperty().bind(model.demoStartingProperty());
        demoStatus.textProperty().bind(model.demoStartingProperty()
                .map(starting -> starting ? "Starting the simulated CPA and the collector\u2026" : ""));
    }
}
