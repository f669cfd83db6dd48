package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.Window;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import dev.cpaconsole.testing.Fx;

@ExtendWith(ApplicationExtension.class)
class UncaughtErrorsTest {
    private Thread.UncaughtExceptionHandler previousDefault;
    private Thread.UncaughtExceptionHandler previousFx;

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new StackPane(), 400, 300));
        stage.show();
        previousDefault = Thread.getDefaultUncaughtExceptionHandler();
        previousFx = Thread.currentThread().getUncaughtExceptionHandler();
        UncaughtErrors.install(new DialogService(() -> stage));
    }

    @AfterEach
    void restoreHandlers() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            List.copyOf(Window.getWindows()).stream()
                    .filter(window -> window.getScene() != null && window.getScene().getRoot() instanceof DialogPane)
                    .forEach(Window::hide);
            Thread.currentThread().setUncaughtExceptionHandler(previousFx);
            Thread.setDefaultUncaughtExceptionHandler(previousDefault);
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void errorOnTheFxThreadOpensADialogWithTheStackTrace(FxRobot robot) throws Exception {
        Platform.runLater(() -> {
            throw new IllegalStateException("the chart had no data");
        });

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> Fx.get(() -> robot.lookup("#error-dialog").tryQuery().isPresent()));
        DialogPane dialog = robot.lookup("#error-dialog").queryAs(DialogPane.class);
        assertThat(Fx.get(dialog::getContentText)).startsWith("the chart had no data");
        assertThat(Fx.get(() -> ((TextArea) dialog.getExpandableContent().lookup("#error-details")).getText()))
                .contains("IllegalStateException").contains("UncaughtErrorsTest");
    }

    @Test
    void errorOnABackgroundThreadAlsoReachesTheOperator(FxRobot robot) throws Exception {
        Thread worker = new Thread(() -> {
            throw new IllegalArgumentException("bad batch");
        }, "db-test");
        worker.start();
        worker.join(10_000);

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> Fx.get(() -> robot.lookup("#error-dialog").tryQuery().isPresent()));
        assertThat(Fx.get(() -> robot.lookup("#error-dialog").queryAs(DialogPane.class).getContentText()))
                .startsWith("bad batch");
    }
}
