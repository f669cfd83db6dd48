package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.event.Event;
import javafx.event.EventType;
import javafx.geometry.Bounds;
import javafx.geometry.VerticalDirection;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import dev.cpaconsole.app.ConsoleServices;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceSource;
import dev.cpaconsole.pricing.core.Rates;
import dev.cpaconsole.requests.core.RequestRow;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.Theme;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.Fx;
import dev.cpaconsole.testing.Labels;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.TestConsole;
import dev.cpaconsole.testing.UsageRecord;
import dev.cpaconsole.ui.Formats;

/** The requests screen in a 1280 × 800 window: long model ids, big token counts and costs, a long detail. */
@ExtendWith(ApplicationExtension.class)
class RequestsScreenTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");
    private static final String LONG_MODEL = "claude-sonnet-4-5-20250929";

    @TempDir
    Path dataDir;

    private Stage stage;
    private ConsoleWindow window;

    @Start
    void start(Stage primary) {
        stage = primary;
        List<UsageRecord> records = new ArrayList<>();
        // 2,000,001 tokens at $0.25 per 1M: $0.50000025, listed as $0.5000.
        records.add(UsageRecord.at(NOW.minus(Duration.ofMinutes(3))).model("gpt-5.3-codex-spark")
                .tokens(2_000_001, 0, 0, 0, 0).latency(312_500).requestId("00000001"));
        // Cache reads without a cache price: the cost is flagged.
        records.add(UsageRecord.at(NOW.minus(Duration.ofMinutes(2))).model("gpt-5.3-codex-spark")
                .tokens(2_000_001, 1_000, 0, 0, 0).requestId("00000002"));
        records.add(UsageRecord.at(NOW.minus(Duration.ofMinutes(1))).model(LONG_MODEL)
                .tokens(1_200_000, 30_000, 0, 4_467, 100).requestId("00000003"));
        // Enough older rows for the list to need its scroll bar.
        for (int i = 0; i < 60; i++) {
            records.add(UsageRecord.at(NOW.minus(Duration.ofMinutes(10 + i))).tokens(999_999, 0, 0, 0, 0)
                    .requestId(String.format("%08x", 100 + i)));
        }
        try (Database database = Database.open(dataDir)) {
            UsageRecord.store(database, records.toArray(UsageRecord[]::new));
        }
        TestClock clock = new TestClock(NOW);
        ConsoleServices services = TestConsole.open(dataDir, new ConnectionSettings("http://127.0.0.1:8317",
                ModePreference.AUTOMATIC, true, Theme.LIGHT), clock);
        services.prices().save(PriceRule.simple("gpt-5.3-codex-spark", Rates.of("0.25", "2"), PriceSource.MANUAL));
        services.prices().save(PriceRule.simple(LONG_MODEL, new Rates(new BigDecimal("3"), new BigDecimal("15"),
                new BigDecimal("0.3"), new BigDecimal("3.75"), null), PriceSource.MANUAL));
        window = new ConsoleWindow(stage, new DialogService(() -> stage), clock);
        window.open(services);
        stage.show();
        // At the screen's origin, the headless platform's wheel events, which it places by screen
        // coordinates, land where the pointer is.
        stage.setX(0);
        stage.setY(0);
    }

    @AfterEach
    void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.dispose()).get(10, TimeUnit.SECONDS).close();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> Fx.get(condition));
    }

    private static TableView<RequestRow> openRequests(FxRobot robot) throws Exception {
        robot.clickOn("#nav-requests");
        TableView<RequestRow> table = robot.lookup("#requests-table").queryTableView();
        waitFor(() -> table.getItems().size() == 63 && !costCells(robot).isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        return table;
    }

    private static List<TableCell<?, ?>> shownCells(FxRobot robot) {
        return robot.lookup("#requests-table .table-cell").queryAll().stream()
                .<TableCell<?, ?>>map(cell -> (TableCell<?, ?>) cell)
                .filter(cell -> cell.isVisible() && !cell.isEmpty() && cell.getTableRow() != null
                        && cell.getTableRow().isVisible() && !cell.getTableRow().isEmpty())
                .toList();
    }

    private static List<TableCell<?, ?>> costCells(FxRobot robot) {
        return shownCells(robot).stream()
                .filter(cell -> "cost-column".equals(cell.getTableColumn().getId()))
                .toList();
    }

    /** The headers and cells whose text the skin had to shorten, as "text → what is drawn". */
    private static List<String> clippedTexts(FxRobot robot) {
        return clippedTexts(robot, "");
    }

    private static List<String> clippedTexts(FxRobot robot, String exceptColumn) {
        return Fx.get(() -> {
            List<Labeled> shown = new ArrayList<>(robot.lookup("#requests-table .column-header .label")
                    .queryAllAs(Labeled.class).stream().filter(Node::isVisible).toList());
            shown.addAll(shownCells(robot).stream()
                    .filter(cell -> !exceptColumn.equals(cell.getTableColumn().getText())).toList());
            return Labels.shortenedOf(shown);
        });
    }

    private static Bounds sceneBounds(Node node) {
        return node.localToScene(node.getBoundsInLocal());
    }

    @Test
    void bigTokenCountsCostsAndLongModelIdsShowWholeAtTheDefaultSplit(FxRobot robot) throws Exception {
        openRequests(robot);

        assertThat(Fx.get(() -> stage.getScene().getWidth())).isEqualTo(1280);
        assertThat(clippedTexts(robot)).isEmpty();
        assertThat(Fx.get(() -> shownCells(robot).stream().map(TableCell::getText).toList()))
                .contains(LONG_MODEL, "gpt-5.3-codex-spark", Formats.shortCount(1_234_567), Formats.count(999_999),
                        "$3.68", "$0.5000", "$0.5003 *");
    }

    @Test
    void theCompactFiguresGiveTheExactOnesAsTooltip(FxRobot robot) throws Exception {
        openRequests(robot);

        assertThat(Fx.get(() -> shownCells(robot).stream().filter(cell -> cell.getTooltip() != null)
                .map(cell -> cell.getText() + " = " + cell.getTooltip().getText()).toList()))
                .contains(Formats.shortCount(1_234_567) + " = " + Formats.count(1_234_567) + " tokens",
                        "$0.5000 = $0.50000025",
                        "$0.5003 * = $0.50025025\ncache price missing");
    }

    @Test
    void theFormulaBelowTheFoldIsReachedWithTheMouseWheel(FxRobot robot) throws Exception {
        openRequests(robot);
        robot.clickOn(robot.lookup("#requests-table .table-row-cell").nth(0).queryAs(Node.class));
        waitFor(() -> robot.lookup("#cost-total").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        ScrollPane detail = robot.lookup("#request-detail-scroll").queryAs(ScrollPane.class);
        Node viewport = Fx.get(() -> detail.lookup(".viewport"));
        Node total = robot.lookup("#cost-total").query();
        assertThat(Fx.get(() -> sceneBounds(viewport).contains(sceneBounds(total)))).isFalse();

        robot.moveTo("#fact-time");
        for (int i = 0; i < 20 && !Fx.get(() -> sceneBounds(viewport).contains(sceneBounds(total))); i++) {
            robot.scroll(2, VerticalDirection.DOWN);
            WaitForAsyncUtils.waitForFxEvents();
        }

        assertThat(Fx.get(detail::getVvalue)).isPositive();
        assertThat(Fx.get(() -> sceneBounds(viewport).contains(sceneBounds(total)))).isTrue();
        assertThat(Fx.get(() -> robot.lookup("#cost-total").queryAs(Label.class).getText()))
                .isEqualTo("total: $3.677505");
    }

    @Test
    void aNarrowDetailPutsCaptionsAboveTheirValuesAndAWideOneBesideThem(FxRobot robot) throws Exception {
        openRequests(robot);
        robot.clickOn(robot.lookup("#requests-table .table-row-cell").nth(1).queryAs(Node.class));
        waitFor(() -> robot.lookup("#fact-endpoint").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();

        Label value = robot.lookup("#fact-endpoint").queryAs(Label.class);
        Bounds caption = Fx.get(() -> sceneBounds(captionOf(value)));
        // At the default split the value has the pane's whole width: one line, under its caption.
        assertThat(Fx.get(() -> sceneBounds(value).getMinY())).isGreaterThanOrEqualTo(caption.getMaxY());
        assertThat(Fx.get(() -> value.getHeight())).isLessThan(Fx.get(() -> value.getFont().getSize() * 2));

        // In a wider window the divider can give the detail room for captions beside their values.
        robot.interact(() -> stage.setWidth(1900));
        WaitForAsyncUtils.waitForFxEvents();
        Node divider = robot.lookup("#requests-split .split-pane-divider").query();
        ScrollPane detail = robot.lookup("#request-detail-scroll").queryAs(ScrollPane.class);
        robot.interact(() -> drag(divider, -600));
        waitFor(() -> detail.getViewportBounds().getWidth() > 400);
        waitFor(() -> robot.lookup("#fact-endpoint").tryQuery().isPresent()
                && robot.lookup("#fact-endpoint").query() != value);
        WaitForAsyncUtils.waitForFxEvents();

        Label beside = robot.lookup("#fact-endpoint").queryAs(Label.class);
        Bounds besideCaption = Fx.get(() -> sceneBounds(captionOf(beside)));
        assertThat(Fx.get(() -> sceneBounds(beside).getMinX())).isGreaterThan(besideCaption.getMaxX());
        assertThat(Fx.get(() -> sceneBounds(beside).getMinY())).isLessThan(besideCaption.getMaxY());
    }

    /** The caption shown with a fact's value: the label named Endpoint in the detail. */
    private static Node captionOf(Label value) {
        Node facts = value.getScene().lookup("#request-facts");
        return facts.lookupAll(".figure-caption").stream()
                .filter(node -> node instanceof Label label && label.getText().equals("Endpoint"))
                .findFirst().orElseThrow();
    }

    @Test
    void draggingTheDividerTowardsTheListKeepsTheCostColumnInView(FxRobot robot) throws Exception {
        TableView<RequestRow> table = openRequests(robot);
        Node divider = robot.lookup("#requests-split .split-pane-divider").query();
        double before = Fx.get(() -> sceneBounds(divider).getMinX());

        robot.interact(() -> drag(divider, -600));

        waitFor(() -> sceneBounds(divider).getMinX() < before);
        WaitForAsyncUtils.waitForFxEvents();
        Node shownRows = Fx.get(() -> table.lookup(".clipped-container"));
        assertThat(Fx.get(() -> costCells(robot).stream().map(RequestsScreenTest::sceneBounds)
                .allMatch(cell -> cell.getMaxX() <= sceneBounds(shownRows).getMaxX()))).isTrue();
        assertThat(clippedTexts(robot, "Model")).isEmpty();
    }

    /**
     * Sends {@code node} the events of a drag by {@code dx}. The headless platform reports a drag
     * without its pressed button, so the scene would hand the moves to whatever lies under the
     * pointer instead of to the divider that was pressed.
     */
    private static void drag(Node node, double dx) {
        Bounds at = sceneBounds(node);
        double x = at.getCenterX();
        double y = at.getCenterY();
        Event.fireEvent(node, mouse(MouseEvent.MOUSE_PRESSED, x, y));
        Event.fireEvent(node, mouse(MouseEvent.MOUSE_DRAGGED, x + dx, y));
        Event.fireEvent(node, mouse(MouseEvent.MOUSE_RELEASED, x + dx, y));
    }

    private static MouseEvent mouse(EventType<MouseEvent> type, double x, double y) {
        return new MouseEvent(type, x, y, x, y, MouseButton.PRIMARY, 1, false, false, false, false, true, false,
                false, false, false, false, null);
    }
}
