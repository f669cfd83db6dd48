package dev.cpaconsole.app.ui;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class HeadlessPlatformTest {

    @Start
    void start(Stage stage) {
        Label label = new Label("hello");
        label.setId("greeting");
        stage.setScene(new Scene(new StackPane(label), 200, 100));
        stage.show();
    }

    @Test
    void rendersALabelWithText(FxRobot robot) {
        Label label = robot.lookup("#greeting").queryAs(Label.class);

        assertThat(label.getText()).isEqualTo("hello");
        assertThat(label.getWidth()).isPositive();
    }
}
