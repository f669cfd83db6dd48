package dev.cpaconsole.pricing.core;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/** Price rows as CSV, in the columns documented in {@code docs/pricing.md}. */
public final class PriceCsv {
    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of("model", "provider", "input", "output", "cache_read",
            "cache_write", "reasoning", "request_fee", "tier_threshold", "tier_input", "tier_output",
            "tier_cache_read", "tier_cache_write", "tier_reasoning", "effective_from", "source", "reference",
            "read_on", "note");

    private PriceCsv() {
    }

    /**
     * Reads rows. A row that cannot be read is reported by line and left out; the others are
     * read. When {@code source} is not null every row gets it (an import is an import), except the
     * rows the file marks {@code manual}, which stay manual; otherwise the file's {@code source}
     * column is used.
     *
     * @throws IllegalArgumentException when the header is not the documented one
     */
    public static PriceFileResult read(Reader reader, PriceSource source, String defaultReference) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).get();
        List<PriceRule> rules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(withoutByteOrderMark(reader), format)) {
            List<String> header = parser.getHeaderNames();
            if (!header.containsAll(List.of("model", "input", "output"))) {
                throw new IllegalArgumentException("not a price CSV: the header must name at least model, input and "
                        + "output (found " + String.join(",", header) + "); see docs/pricing.md");
            }
            for (String name : header) {
                if (!COLUMNS.contains(name)) {
                    throw new IllegalArgumentException("unknown column '" + name + "' (expected "
                            + String.join(",", COLUMNS) + ")");
                }
            }
            for (CSVRecord record : parser) {
                try {
                    rules.add(rule(record, source, defaultReference));
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    problems.add("line " + parser.getCurrentLineNumber() + " (" + cell(record, "model") + "): "
                            + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read the CSV: " + e.getMessage(), e);
        }
        return new PriceFileResult(rules, problems);
    }

    /** Spreadsheet programs often start a UTF-8 file with a byte-order mark, which is not part of the header. */
    private static Reader withoutByteOrderMark(Reader reader) throws IOException {
        PushbackReader pushback = new PushbackReader(reader, 1);
        int first = pushback.read();
        if (first >= 0 && first != '\uFEFF') {
            pushback.unread(first);
        }
        return pushback;
    }

    /** Writes every row with a header. */
    public static void write(List<PriceRule> rules, Appendable out) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(String[]::new)).get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (PriceRule rule : rules) {
                Rates tier = rule.tier() == null ? null : rule.tier().rates();
                printer.printRecord(rule.model(), rule.provider(), fmt(rule.rates().input()),
                        fmt(rule.rates().output()), fmt(rule.rates().cacheRead()), fmt(rule.rates().cacheWrite()),
                        fmt(rule.rates().reasoning()), fmt(rule.requestFee()),
                        rule.tier() == null ? "" : String.valueOf(rule.tier().thresholdTokens()),
                        tier == null ? "" : fmt(tier.input()), tier == null ? "" : fmt(tier.output()),
                        tier == null ? "" : fmt(tier.cacheRead()), tier == null ? "" : fmt(tier.cacheWrite()),
                        tier == null ? "" : fmt(tier.reasoning()), rule.effectiveFrom().toString(),
                        rule.source().code(), rule.reference(), rule.readOn() == null ? "" : rule.readOn().toString(),
                        rule.note());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PriceRule rule(CSVRecord record, PriceSource forced, String defaultReference) {
        if (!record.isConsistent()) {
            throw new IllegalArgumentException("expected " + record.getParser().getHeaderNames().size()
                    + " cells, found " + record.size());
        }
        Rates rates = rates(record, "");
        PriceTier tier = null;
        String threshold = cell(record, "tier_threshold");
        if (!threshold.isEmpty()) {
            long tokens;
            try {
                tokens = Long.parseLong(threshold);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("tier_threshold '" + threshold + "' is not a whole number");
            }
            tier = new PriceTier(tokens, rates(record, "tier_"));
        } else if (!(cell(record, "tier_input") + cell(record, "tier_output")).isEmpty()) {
            throw new IllegalArgumentException("tier prices without a tier_threshold");
        }
        String effective = cell(record, "effective_from");
        String sourceCell = cell(record, "source");
        PriceSource written = sourceCell.isEmpty() ? PriceSource.IMPORT : PriceSource.fromCode(sourceCell);
        // A hand-set price stays one when a file exported from a console is imported back, so a
        // later import cannot replace it.
        PriceSource source = forced == null || written == PriceSource.MANUAL ? written : forced;
        String reference = cell(record, "reference");
        String readOn = cell(record, "read_on");
        return new PriceRule(0, cell(record, "model"), cell(record, "provider"), rates,
                Decimals.parse("request fee", cell(record, "request_fee")), tier,
                effective.isEmpty() ? PriceRule.ALWAYS : LocalDate.parse(effective), source,
                reference.isEmpty() ? defaultReference : reference,
                readOn.isEmpty() ? null : LocalDate.parse(readOn), cell(record, "note"));
    }

    private static Rates rates(CSVRecord record, String prefix) {
        BigDecimal input = Decimals.parse(prefix + "input", cell(record, prefix + "input"));
        BigDecimal output = Decimals.parse(prefix + "output", cell(record, prefix + "output"));
        if (input == null || output == null) {
            throw new IllegalArgumentException(prefix + "input and " + prefix + "output prices are required");
        }
        return new Rates(input, output, Decimals.parse(prefix + "cache read", cell(record, prefix + "cache_read")),
                Decimals.parse(prefix + "cache write", cell(record, prefix + "cache_write")),
                Decimals.parse(prefix + "reasoning", cell(record, prefix + "reasoning")));
    }

    private static String cell(CSVRecord record, String column) {
        return record.isMapped(column) && record.isSet(column) ? record.get(column).trim() : "";
    }

    private static String fmt(BigDecimal value) {
        return Decimals.format(value);
    }
}
