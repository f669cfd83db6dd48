package dev.cpaconsole.app.cli;

import java.util.List;

/** Plain-text tables. */
final class Tables {
    private Tables() {
    }

    /** The first column left-aligned, the others right-aligned, as for figures. */
    static String render(List<String[]> rows) {
        return render(rows, true);
    }

    /**
     * Every column left-aligned, as for names and words; widths count characters (code points), so
     * names in any script line up as well as the terminal's font allows.
     */
    static String renderText(List<String[]> rows) {
        return render(rows, false);
    }

    private static String render(List<String[]> rows, boolean figures) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], width(row[i], figures));
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            line.append(row[0]).append(" ".repeat(widths[0] - width(row[0], figures)));
            for (int i = 1; i < row.length; i++) {
                String padding = " ".repeat(widths[i] - width(row[i], figures));
                line.append("  ");
                if (figures) {
                    line.append(padding).append(row[i]);
                } else {
                    line.append(row[i]).append(padding);
                }
            }
            text.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return text.toString();
    }

    private static int width(String cell, boolean figures) {
        return figures ? cell.length() : cell.codePointCount(0, cell.length());
    }
}
