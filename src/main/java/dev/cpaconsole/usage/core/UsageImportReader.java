package dev.cpaconsole.usage.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a saved usage file as {@link ReceivedItem}s with origin {@link Origin#IMPORT}, one at a
 * time, so that large files are never held in memory. The format is recognised from the content:
 * <ul>
 *   <li>a saved {@code GET /usage-queue} response: a JSON array, each element one item;</li>
 *   <li>JSON Lines: one record a line, blank lines skipped, a broken line an item of its own
 *       (it ends in quarantine);</li>
 *   <li>a single record object, as {@code usage-queue} records are often saved one by one;</li>
 *   <li>a legacy snapshot: {@code GET /usage/export} ({@code {"version":1,"exported_at":…,"usage":{…}}})
 *       or a saved {@code GET /usage} response ({@code {"usage":{…},"failed_requests":n}}).
 *       Each {@code details[]} entry becomes a record: the entry's own fields, {@code model} from
 *       the {@code models} key, and the {@code apis} key as {@code api_key}. CPA files requests
 *       without a client key under the endpoint, the provider or {@code unknown}; such an
 *       {@code apis} key becomes {@code endpoint} or {@code provider} instead. The provider is
 *       otherwise left out, so the token split follows the model name.</li>
 * </ul>
 */
public final class UsageImportReader implements Iterator<ReceivedItem>, AutoCloseable {
    private static final int LINES_TO_RECOGNISE = 100;
    private static final Pattern ENDPOINT = Pattern.compile("[A-Z]+ /.*");

    /** The kinds of file the reader recognises. */
    public enum Format {
        /** A JSON array of records, as {@code GET /usage-queue} returns it. */
        QUEUE_ARRAY,
        /** One record a line. */
        JSON_LINES,
        /** CPA's aggregated snapshot before v6.10.0, exported or as {@code GET /usage} returned it. */
        LEGACY_SNAPSHOT,
        /** One record object, possibly spread over several lines. */
        SINGLE_RECORD
    }

    private final Path file;
    private final Format format;
    private final Instant receivedAt;
    private final JsonParser parser;
    private final BufferedReader lines;
    private ReceivedItem pending;
    private boolean finished;

    private UsageImportReader(Path file, Format format, Instant receivedAt, JsonParser parser, BufferedReader lines) {
        this.file = file;
        this.format = format;
        this.receivedAt = receivedAt;
        this.parser = parser;
        this.lines = lines;
    }

    /** Opens {@code file}; every item carries the current instant as its receipt time. */
    public static UsageImportReader open(Path file) {
        return open(file, Instant.now());
    }

    /**
     * Opens {@code file} and recognises its format.
     *
     * @throws UsageImportException if the file cannot be read or holds no usage data
     */
    public static UsageImportReader open(Path file, Instant receivedAt) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (Files.isDirectory(file)) {
            throw new UsageImportException("Cannot import " + file + ": it is a directory");
        }
        Format format = recognise(file);
        try {
            if (format == Format.JSON_LINES) {
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
                return new UsageImportReader(file, format, receivedAt, null, reader);
            }
            JsonParser parser = UsageJson.STREAMING.createParser(Files.newInputStream(file));
            parser.nextToken();
            return new UsageImportReader(file, format, receivedAt, parser, null);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    public Format format() {
        return format;
    }

    public Path file() {
        return file;
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !finished) {
            String text = nextText();
            if (text == null) {
                finished = true;
            } else {
                pending = new ReceivedItem(text, Origin.IMPORT, receivedAt);
            }
        }
        return pending != null;
    }

    @Override
    public ReceivedItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ReceivedItem item = pending;
        pending = null;
        return item;
    }

    @Override
    public void close() {
        try {
            if (parser != null) {
                parser.close();
            }
            if (lines != null) {
                lines.close();
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private String nextText() {
        try {
            return switch (format) {
                case JSON_LINES -> nextLine();
                case QUEUE_ARRAY -> nextArrayElement();
                case LEGACY_SNAPSHOT -> nextLegacyDetail();
                case SINGLE_RECORD -> nextWholeFile();
            };
        } catch (JacksonException e) {
            throw notJson(file, e);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private String nextLine() throws IOException {
        String line;
        while ((line = lines.readLine()) != null) {
            line = stripByteOrderMark(line).strip();
            if (!line.isEmpty()) {
                return line;
            }
        }
        return null;
    }

    private String nextWholeFile() throws IOException {
        if (parser.currentToken() == null) {
            return null;
        }
        JsonNode record = parser.readValueAsTree();
        parser.clearCurrentToken();
        return UsageJson.STREAMING.writeValueAsString(record);
    }

    private String nextArrayElement() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null || token == JsonToken.END_ARRAY) {
            return null;
        }
        JsonNode element = parser.readValueAsTree();
        return UsageJson.STREAMING.writeValueAsString(element);
    }

    /**
     * Walks the snapshot token by token and stops at each element of a
     * {@code usage.apis.<api>.models.<model>.details} array; everything else is skipped.
     */
    private String nextLegacyDetail() throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            JsonStreamContext context = parser.getParsingContext();
            JsonStreamContext container = token.isStructStart() ? context.getParent() : context;
            if (token.isStructEnd() || token == JsonToken.FIELD_NAME || !isDetailsArray(container)) {
                continue;
            }
            JsonStreamContext models = container.getParent().getParent();
            String model = models.getCurrentName();
            String api = models.getParent().getParent().getCurrentName();
            JsonNode detail = parser.readValueAsTree();
            if (!detail.isObject()) {
                return UsageJson.STREAMING.writeValueAsString(detail);
            }
            return UsageJson.STREAMING.writeValueAsString(legacyRecord((ObjectNode) detail, api, model));
        }
        return null;
    }

    /** True for the array at {@code usage.apis.<api>.models.<model>.details} of the root object. */
    private static boolean isDetailsArray(JsonStreamContext context) {
        String[] namesUpward = {"details", null, "models", null, "apis", "usage"};
        if (context == null || !context.inArray()) {
            return false;
        }
        JsonStreamContext current = context.getParent();
        for (String name : namesUpward) {
            if (current == null || !current.inObject()
                    || name != null && !name.equals(current.getCurrentName())) {
                return false;
            }
            current = current.getParent();
        }
        return current != null && current.inRoot();
    }

    static ObjectNode legacyRecord(ObjectNode detail, String api, String model) {
        ObjectNode record = detail.deepCopy();
        if (ENDPOINT.matcher(api).matches()) {
            record.put("endpoint", api);
        } else if ("unknown".equals(api)) {
            record.put("provider", api);
        } else if (TokenAccounting.isKnownProvider(api)) {
            record.put("provider", api);
        } else {
            record.put("api_key", api);
        }
        record.put("model", model);
        return record;
    }

    private static Format recognise(Path file) {
        try (JsonParser parser = UsageJson.STREAMING.createParser(Files.newInputStream(file))) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Format.JSON_LINES;
            }
            if (first == JsonToken.START_ARRAY) {
                return Format.QUEUE_ARRAY;
            }
            if (first == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("usage".equals(name) && value == JsonToken.START_OBJECT) {
                        return Format.LEGACY_SNAPSHOT;
                    }
                    parser.skipChildren();
                }
                return parser.nextToken() == null ? Format.SINGLE_RECORD : Format.JSON_LINES;
            }
        } catch (JacksonException e) {
            // Not one JSON value from the start: still JSON Lines when some early line is a record.
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (looksLikeJsonLines(file)) {
            return Format.JSON_LINES;
        }
        throw new UsageImportException("Cannot import " + file
                + ": not a usage file (expected a JSON array, a legacy usage snapshot or JSON Lines)");
    }

    private static boolean looksLikeJsonLines(Path file) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            int seen = 0;
            String line;
            while (seen < LINES_TO_RECOGNISE && (line = reader.readLine()) != null) {
                line = stripByteOrderMark(line).strip();
                if (line.isEmpty()) {
                    continue;
                }
                seen++;
                try {
                    JsonNode node = UsageJson.MAPPER.readTree(line);
                    if (node != null && (node.isObject() || node.isTextual())) {
                        return true;
                    }
                } catch (JacksonException e) {
                    // Not this line; a later one may still be a record.
                }
            }
            return false;
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static String stripByteOrderMark(String line) {
        return !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
    }

    private static UsageImportException unreadable(Path file, IOException e) {
        String reason = switch (e) {
            case NoSuchFileException missing -> "no such file";
            case AccessDeniedException denied -> "permission denied";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
        return new UsageImportException("Cannot import " + file + ": " + reason, e);
    }

    private static UsageImportException notJson(Path file, JacksonException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new UsageImportException("Cannot import " + file + ": broken JSON" + where, e);
    }
}
