package dev.cpaconsole.usage.core;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Reads one received item into a {@link ReadOutcome}. It never throws: anything that is not a
 * usable usage record comes back as {@link ReadOutcome.Rejected} with a short reason.
 *
 * <p>Every record shape since v6.9.38 is read; only {@code timestamp} is required, absent fields
 * take CPA's own defaults ({@code provider}, {@code model} and {@code auth_type} {@code unknown},
 * {@code alias} the model, counts zero, strings ""). A field that is present with the wrong type
 * rejects the record. The client key never leaves this class in plain text: {@code api_key} is
 * replaced by {@link ClientKeys#hash(String)} in the stored record and in rejected payloads.
 */
public final class UsageRecordReader {
    private static final String API_KEY = "api_key";
    private static final String UNKNOWN = "unknown";
    /** Finds a client key in text that is not JSON, so a broken item cannot carry one into quarantine. */
    private static final Pattern API_KEY_IN_TEXT =
            Pattern.compile("(\"api_key\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\"|$)");

    private UsageRecordReader() {
    }

    /** Reads one item: a record object, a JSON string holding one, a RESP control message, or anything else. */
    public static ReadOutcome read(String itemText) {
        JsonNode node;
        try {
            node = UsageJson.MAPPER.readTree(itemText);
        } catch (JacksonException e) {
            return new ReadOutcome.Rejected("not JSON", redactText(itemText));
        }
        if (node == null || node.isMissingNode()) {
            return new ReadOutcome.Rejected("empty item", redactText(itemText));
        }
        boolean wrappedInString = false;
        if (node.isTextual()) {
            JsonNode inner = parseQuietly(node.textValue());
            if (inner == null || !inner.isObject()) {
                return new ReadOutcome.Rejected("a JSON string, not a record object",
                        json(new TextNode(redactText(node.textValue()))));
            }
            node = inner;
            wrappedInString = true;
        }
        if (!node.isObject()) {
            String reason = "not a JSON object but " + describe(node);
            return new ReadOutcome.Rejected(reason, wrappedInString ? json(new TextNode(json(redactTree(node))))
                    : json(redactTree(node)));
        }
        ObjectNode received = (ObjectNode) node;
        ReadOutcome.Control control = control(received);
        if (control != null) {
            return control;
        }
        ObjectNode redacted = received.deepCopy();
        String clientKey = redactKey(redacted);
        try {
            return new ReadOutcome.Accepted(event(received, redacted, clientKey));
        } catch (BadRecord e) {
            return rejected(e.getMessage(), redacted, wrappedInString);
        } catch (ArithmeticException e) {
            return rejected("numbers out of range", redacted, wrappedInString);
        } catch (RuntimeException e) {
            return rejected("unreadable record: " + e.getMessage(), redacted, wrappedInString);
        }
    }

    /** {@code text} with the value of any {@code "api_key"} member replaced by its hash. */
    static String redactText(String text) {
        Matcher m = API_KEY_IN_TEXT.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String key = m.group(2);
            String replacement = key.isEmpty() ? "" : ClientKeys.hash(key);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + replacement + m.group(3)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static ReadOutcome.Rejected rejected(String reason, ObjectNode redacted, boolean wrappedInString) {
        String payload = json(redacted);
        return new ReadOutcome.Rejected(reason, wrappedInString ? json(new TextNode(payload)) : payload);
    }

    private static ReadOutcome.Control control(ObjectNode node) {
        if (node.has("timestamp")) {
            return null;
        }
        for (String kind : new String[] {"support_refresh", "refresh"}) {
            if (node.path(kind).isBoolean()) {
                return new ReadOutcome.Control(kind);
            }
        }
        return null;
    }

    /**
     * Replaces {@code api_key} by its hash in place and returns the plain key ("" for none). A key
     * of the wrong type (an object, an array, a number) is replaced by the hash of its JSON text:
     * the record is rejected, but whatever it holds still never reaches the database.
     */
    private static String redactKey(ObjectNode record) {
        JsonNode key = record.get(API_KEY);
        if (key == null || key.isNull() || key.isTextual() && key.textValue().isEmpty()) {
            return "";
        }
        if (!key.isTextual()) {
            record.put(API_KEY, ClientKeys.hash(json(key)));
            return "";
        }
        record.put(API_KEY, ClientKeys.hash(key.textValue()));
        return key.textValue();
    }

    /** A copy of {@code node} with every {@code api_key} member, at any depth, replaced by its hash. */
    static JsonNode redactTree(JsonNode node) {
        JsonNode copy = node.deepCopy();
        redactInPlace(copy);
        return copy;
    }

    private static void redactInPlace(JsonNode node) {
        if (node instanceof ObjectNode object) {
            redactKey(object);
        }
        for (JsonNode child : node) {
            redactInPlace(child);
        }
    }

    private static UsageEvent event(ObjectNode record, ObjectNode redacted, String clientKey) {
        JsonNode timestampNode = record.get("timestamp");
        if (timestampNode == null || timestampNode.isNull()) {
            throw new BadRecord("timestamp is missing");
        }
        if (!timestampNode.isTextual()) {
            throw new BadRecord("timestamp is not a string");
        }
        Instant timestamp;
        try {
            timestamp = CpaTimestamps.parse(timestampNode.textValue());
        } catch (IllegalArgumentException e) {
            throw new BadRecord("timestamp is " + e.getMessage());
        }
        long timestampNanos;
        try {
            timestampNanos = CpaTimestamps.toEpochNanos(timestamp);
        } catch (ArithmeticException e) {
            throw new BadRecord("timestamp is outside the years 1677 to 2262");
        }
        if (record.has(API_KEY) && !record.get(API_KEY).isNull() && !record.get(API_KEY).isTextual()) {
            throw new BadRecord("api_key is not a string");
        }
        String provider = orDefault(text(record, "provider"), UNKNOWN);
        String model = orDefault(text(record, "model"), UNKNOWN);
        String alias = orDefault(text(record, "alias"), model);
        boolean failed = bool(record, "failed");
        Integer statusCode = statusCode(record);
        long latencyMs = Math.max(0, integer(record, "latency_ms", "latency_ms"));
        long ttft = integer(record, "ttft_ms", "ttft_ms");
        Integer ttftMs = ttft <= 0 ? null : (int) Math.min(ttft, Integer.MAX_VALUE);
        TokenBuckets tokens = tokens(record, provider, model);
        String requestId = text(record, "request_id");
        String endpoint = text(record, "endpoint");
        String authType = orDefault(text(record, "auth_type"), UNKNOWN);
        String authIndex = authIndex(record);
        String source = text(record, "source");
        if ("apikey".equals(authType) && !source.isEmpty()) {
            // For config API-key credentials CPA reports the upstream provider key itself as the
            // source; like client keys, it never reaches the database in plain text.
            source = ClientKeys.mask(source);
            redacted.put("source", source);
        }
        String reasoningEffort = text(record, "reasoning_effort");
        String serviceTier = text(record, "service_tier");
        String clientIp = text(record, "client_ip");
        String userAgent = text(record, "user_agent");
        String canonical = RecordIdentity.canonical(redacted);
        return new UsageEvent(timestampNanos, RecordIdentity.hashOfCanonical(canonical), canonical,
                requestId, provider, model, alias, endpoint, authType, authIndex, source,
                clientKey.isEmpty() ? "" : ClientKeys.hash(clientKey), ClientKeys.mask(clientKey),
                failed, statusCode, latencyMs, ttftMs, tokens, reasoningEffort, serviceTier, clientIp, userAgent);
    }

    private static TokenBuckets tokens(ObjectNode record, String provider, String model) {
        JsonNode tokens = member(record, "tokens");
        if (tokens != null && !tokens.isObject()) {
            throw new BadRecord("tokens is not an object");
        }
        JsonNode flat = tokens == null ? record.objectNode() : tokens;
        JsonNode cacheRead = member(flat, "cache_read_tokens");
        JsonNode cacheReadPresent = member(flat, "cache_read_tokens_present");
        if (cacheReadPresent != null && !cacheReadPresent.isBoolean()) {
            throw new BadRecord("tokens.cache_read_tokens_present is not a boolean");
        }
        TokenCounts counts = new TokenCounts(
                integer(flat, "input_tokens", "tokens.input_tokens"),
                integer(flat, "output_tokens", "tokens.output_tokens"),
                integer(flat, "reasoning_tokens", "tokens.reasoning_tokens"),
                integer(flat, "cached_tokens", "tokens.cached_tokens"),
                cacheRead == null ? null : integer(flat, "cache_read_tokens", "tokens.cache_read_tokens"),
                cacheReadPresent == null ? null : cacheReadPresent.booleanValue(),
                integer(flat, "cache_creation_tokens", "tokens.cache_creation_tokens"),
                integer(flat, "total_tokens", "tokens.total_tokens"));
        JsonNode breakdownNode = member(record, "token_breakdown");
        if (breakdownNode == null) {
            return TokenAccounting.fromFlatTokens(provider, model, counts);
        }
        TokenBreakdown breakdown = breakdown(breakdownNode);
        if (breakdown == null) {
            // A breakdown of an unexpected shape is not trusted; the flat counts still are.
            return TokenAccounting.markInconsistent(TokenAccounting.fromFlatTokens(provider, model, counts));
        }
        return TokenAccounting.fromBreakdown(breakdown);
    }

    /** The breakdown, or null when it does not have the documented shape. */
    private static TokenBreakdown breakdown(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        JsonNode quality = member(node, "quality");
        JsonNode input = member(node, "input");
        JsonNode output = member(node, "output");
        if (quality != null && !quality.isTextual()
                || input != null && !input.isObject()
                || output != null && !output.isObject()) {
            return null;
        }
        JsonNode in = input == null ? node.path("input") : input;
        JsonNode out = output == null ? node.path("output") : output;
        try {
            return new TokenBreakdown(quality == null ? "" : quality.textValue(),
                    integer(node, "total_tokens", ""),
                    integer(in, "total_tokens", ""),
                    integer(in, "uncached_tokens", ""),
                    integer(in, "cache_read_tokens", ""),
                    integer(in, "cache_write_tokens", ""),
                    integer(out, "total_tokens", ""),
                    integer(out, "non_reasoning_tokens", ""),
                    integer(out, "reasoning_tokens", ""),
                    integer(node, "unclassified_tokens", ""));
        } catch (BadRecord e) {
            return null;
        }
    }

    private static Integer statusCode(ObjectNode record) {
        JsonNode fail = member(record, "fail");
        if (fail == null) {
            return null;
        }
        if (!fail.isObject()) {
            throw new BadRecord("fail is not an object");
        }
        JsonNode status = member(fail, "status_code");
        if (status == null) {
            return null;
        }
        if (!status.isIntegralNumber() || !status.canConvertToInt()) {
            throw new BadRecord("fail.status_code is not an integer");
        }
        return status.intValue();
    }

    /** {@code auth_index}: a string since v6.6.56; older builds sent a number, kept as its digits. */
    private static String authIndex(ObjectNode record) {
        JsonNode node = member(record, "auth_index");
        if (node == null) {
            return "";
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        throw new BadRecord("auth_index is not a string");
    }

    private static String text(JsonNode record, String field) {
        JsonNode node = member(record, field);
        if (node == null) {
            return "";
        }
        if (!node.isTextual()) {
            throw new BadRecord(field + " is not a string");
        }
        return node.textValue();
    }

    private static boolean bool(JsonNode record, String field) {
        JsonNode node = member(record, field);
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new BadRecord(field + " is not a boolean");
        }
        return node.booleanValue();
    }

    private static long integer(JsonNode parent, String field, String path) {
        JsonNode node = member(parent, field);
        if (node == null) {
            return 0;
        }
        if (!node.isIntegralNumber()) {
            throw new BadRecord(path + " is not an integer");
        }
        if (!node.canConvertToLong()) {
            throw new BadRecord(path + " is out of range");
        }
        return node.longValue();
    }

    /** The member, or null when it is absent or JSON null (Go never sends null for these fields). */
    private static JsonNode member(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static String orDefault(String value, String fallback) {
        return value.isEmpty() ? fallback : value;
    }

    private static JsonNode parseQuietly(String text) {
        try {
            return UsageJson.MAPPER.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String json(JsonNode node) {
        try {
            return UsageJson.MAPPER.writeValueAsString(node);
        } catch (JacksonException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** A record that is JSON but not a usable usage record; the message is the quarantine reason. */
    private static final class BadRecord extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRecord(String reason) {
            super(reason, null, false, false);
        }
    }
}
