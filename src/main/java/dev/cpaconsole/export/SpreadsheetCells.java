package dev.cpaconsole.export;

/**
 * Text written to files that people open in spreadsheets. A cell that begins with {@code =},
 * {@code +}, {@code -} or {@code @} is run as a formula by Excel, LibreOffice and Google Sheets,
 * and one that begins with a tab or carriage return can be read as one after the program strips
 * it; such a value from CPA or from an operator could then fetch or change data when the file is
 * opened. Prefixing {@code '} makes the spreadsheet show the text as it is.
 */
public final class SpreadsheetCells {
    /** The byte order mark that tells Excel a CSV file is UTF-8. */
    public static final char BYTE_ORDER_MARK = '\uFEFF';

    private SpreadsheetCells() {
    }

    /** {@code value}, or {@code value} prefixed with {@code '} when a spreadsheet would run it as a formula. */
    public static String neutralised(String value) {
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }
}
