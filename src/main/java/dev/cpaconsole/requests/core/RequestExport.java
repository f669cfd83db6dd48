package dev.cpaconsole.requests.core;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import dev.cpaconsole.export.SpreadsheetCells;
import dev.cpaconsole.pricing.core.EventCost;
import dev.cpaconsole.pricing.core.PriceSnapshot;
import dev.cpaconsole.usage.core.TokenBuckets;

/**
 * Writes the requests a filter matches, in the list's order, as CSV or JSON Lines. Rows are read
 * and written a page at a time, so an export of years of history never holds more than one page.
 * Times carry their offset in the chosen zone; keys appear only masked, as the list shows them.
 */
public final class RequestExport {
    /** Rows read per page while exporting. */
    static final int PAGE_SIZE = 1_000;
    /** The columns, in order; JSON Lines uses the same names. */
    public static final List<String> COLUMNS = List.of("time", "request_id", "user", "key", "client_key",
            "client_key_hint", "provider", "model", "alias", "endpoint", "auth_type", "account", "source", "outcome",
            "status_code", "latency_ms", "ttft_ms", "reasoning_effort", "service_tier", "uncached_input_tokens",
            "cache_read_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens", "unclassified_tokens",
            "total_tokens", "cost_usd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSxxx",
            Locale.ROOT);

    /** The file formats an export can take. */
    public enum Format {
        /** RFC 4180 with a header row; text a spreadsheet would run as a formula is prefixed with '. */
        CSV,
        /** One JSON object per line, values as stored. */
        JSON_LINES;

        /** The format a file name asks for: {@code .jsonl} or {@code .ndjson} for JSON Lines, else CSV. */
        public static Format forFileName(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            return lower.endsWith(".jsonl") || lower.endsWith(".ndjson") ? JSON_LINES : CSV;
        }
    }

    /**
     * What to export and how.
     *
     * @param filter the rows
     * @param sort their order
     * @param format CSV or JSON Lines
     * @param byteOrderMark start a CSV file with the UTF-8 byte order mark, which Excel needs to
     *     read it as UTF-8; JSON Lines never has one, as JSON forbids it
     * @param zone the zone whose offset the times carry
     */
    public record Request(RequestFilter filter, RequestSort sort, Format format, boolean byteOrderMark,
            ZoneId zone) {
        public Request {
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(sort, "sort");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(zone, "zone");
            if (byteOrderMark && format != Format.CSV) {
                throw new IllegalArgumentException("a byte order mark applies to CSV only: JSON Lines must not"
                        + " start with one");
            }
        }
    }

    private final RequestQuery query;

    public RequestExport(RequestQuery query) {
        this.query = query;
    }

    /**
     * Writes every row of {@code request} to {@code out}, which should encode UTF-8, and flushes it;
     * the writer stays open. Costs come from {@code prices}; a row no price matches has no cost.
     *
     * @return how many rows were written
     */
    public long write(Request request, PriceSnapshot prices, Writer out) throws IOException {
        return request.format() == Format.CSV ? writeCsv(request, prices, out) : writeJsonLines(request, prices, out);
    }

    private long writeCsv(Request request, PriceSnapshot prices, Writer writer) throws IOException {
        if (request.byteOrderMark()) {
            writer.write(SpreadsheetCells.BYTE_ORDER_MARK);
        }
        CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder()
                .setHeader(COLUMNS.toArray(String[]::new)).get());
        long written = 0;
        RequestCursor cursor = null;
        do {
            RequestPage page = query.page(request.filter(), request.sort(), cursor, PAGE_SIZE);
            for (RequestRow row : page.rows()) {
                List<Object> cells = new ArrayList<>();
                for (Object value : values(row, request.zone(), prices)) {
                    cells.add(switch (value) {
                        case String text -> SpreadsheetCells.neutralised(text);
                        case BigDecimal amount -> amount.toPlainString();
                        case null, default -> value;
                    });
                }
                printer.printRecord(cells);
                written++;
            }
            cursor = page.next();
        } while (cursor != null);
        printer.flush();
        return written;
    }

    private long writeJsonLines(Request request, PriceSnapshot prices, Writer out) throws IOException {
        JsonGenerator json = new JsonFactory().createGenerator(out);
        json.setRootValueSeparator(null);
        json.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        long written = 0;
        RequestCursor cursor = null;
        do {
            RequestPage page = query.page(request.filter(), request.sort(), cursor, PAGE_SIZE);
            for (RequestRow row : page.rows()) {
                List<Object> values = values(row, request.zone(), prices);
                json.writeStartObject();
                for (int i = 0; i < COLUMNS.size(); i++) {
                    Object value = values.get(i);
                    json.writeFieldName(COLUMNS.get(i));
                    switch (value) {
                        case null -> json.writeNull();
                        case Long number -> json.writeNumber(number);
                        case Integer number -> json.writeNumber(number);
                        case BigDecimal number -> json.writeNumber(number);
                        default -> json.writeString(value.toString());
                    }
                }
                json.writeEndObject();
                json.writeRaw('\n');
                written++;
            }
            cursor = page.next();
        } while (cursor != null);
        json.flush();
        return written;
    }

    /** The values of {@link #COLUMNS} for {@code row}: text, numbers, or null where there is none. */
    private static List<Object> values(RequestRow row, ZoneId zone, PriceSnapshot prices) {
        TokenBuckets t = row.tokens();
        EventCost cost = prices.cost(row.provider(), row.model(), row.alias(), row.timestampNanos(), t,
                row.failed());
        List<Object> values = new ArrayList<>(COLUMNS.size());
        values.add(TIME.format(row.time().atZone(zone)));
        values.add(row.requestId());
        values.add(row.userName());
        values.add(row.keyName());
        values.add(row.clientKeyMasked());
        values.add(row.clientKeyHint());
        values.add(row.provider());
        values.add(row.model());
        values.add(row.alias());
        values.add(row.endpoint());
        values.add(row.authType());
        values.add(row.authIndex());
        values.add(row.source());
        values.add(row.outcome());
        values.add(row.statusCode());
        values.add(row.latencyMs());
        values.add(row.ttftMs());
        values.add(row.reasoningEffort());
        values.add(row.serviceTier());
        values.add(t.uncachedInput());
        values.add(t.cacheRead());
        values.add(t.cacheWrite());
        values.add(t.output());
        values.add(t.reasoning());
        values.add(t.unclassified());
        values.add(t.total());
        values.add(cost.total().map(RequestExport::plainAmount).orElse(null));
        return values;
    }

    private static BigDecimal plainAmount(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
