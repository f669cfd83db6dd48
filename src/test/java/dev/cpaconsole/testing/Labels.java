package dev.cpaconsole.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;

/** What the skins of labels and cells draw, to tell a whole text from one cut short with an ellipsis. */
public final class Labels {
    private Labels() {
    }

    /** The text the skin of {@code labeled} draws: its own, shortened, or "" when it draws none. */
    public static String drawn(Labeled labeled) {
        return labeled.getChildrenUnmodifiable().stream().filter(Text.class::isInstance).map(Text.class::cast)
                .map(Text::getText).findFirst().orElse("");
    }

    /** Whether the skin had to shorten the text of {@code labeled} to fit it in. */
    public static boolean shortened(Labeled labeled) {
        String text = labeled.getText();
        return text != null && !text.isEmpty() && !text.equals(drawn(labeled));
    }

    /** Of {@code shown}, those whose text was shortened, as "text → what is drawn"; call on the JavaFX thread. */
    public static List<String> shortenedOf(Collection<? extends Labeled> shown) {
        return shown.stream().filter(Labels::shortened).map(text -> text.getText() + " \u2192 " + drawn(text))
                .toList();
    }

    /** Of the visible labels and cells under {@code root}, those whose text was shortened; on the JavaFX thread. */
    public static List<String> shortenedUnder(Node root) {
        List<Labeled> shown = new ArrayList<>();
        collectVisible(root, shown);
        return shortenedOf(shown);
    }

    private static void collectVisible(Node node, List<Labeled> into) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Labeled labeled) {
            into.add(labeled);
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collectVisible(child, into));
        }
    }
}
