package dev.cpaconsole.usage.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The identity of a usage record: SHA-256 over its canonical JSON. CPA has no event id, so this
 * hash (with the record's instant) is what makes re-imports and retried writes idempotent.
 *
 * <p>Canonical JSON: object keys sorted by Unicode code point at every level, no whitespace
 * between tokens, strings with only {@code "}, {@code \}, and control characters escaped
 * ({@code \n}, {@code \r}, {@code \t}, {@code \b}, {@code \f}, else a backslash, {@code u} and
 * four lowercase hex digits), every other character (non-ASCII included) written as it is,
 * integers as written, decimals in their exact decimal form, encoded as UTF-8. For integer,
 * string, boolean and null values this is the output of Python's
 * {@code json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)}.
 */
public final class RecordIdentity {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RecordIdentity() {
    }

    /** The canonical JSON text of {@code node}. */
    public static String canonical(JsonNode node) {
        StringBuilder out = new StringBuilder(512);
        write(node, out);
        return out.toString();
    }

    /** SHA-256 (32 bytes) of the UTF-8 bytes of {@link #canonical(JsonNode)}. */
    public static byte[] hash(JsonNode node) {
        return hashOfCanonical(canonical(node));
    }

    /** SHA-256 of text already in canonical form, for callers that keep the text too. */
    static byte[] hashOfCanonical(String canonical) {
        return ClientKeys.sha256(canonical.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> {
                out.append('[');
                boolean first = true;
                for (JsonNode element : node) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(element, out);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> writeNumber(node, out);
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL, MISSING -> out.append("null");
            case BINARY, POJO -> writeString(node.asText(), out);
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
        fields.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> field : fields) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(field.getKey(), out);
            out.append(':');
            write(field.getValue(), out);
        }
        out.append('}');
    }

    private static void writeNumber(JsonNode node, StringBuilder out) {
        if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue());
        } else if (node.isBigDecimal()) {
            out.append(node.decimalValue().toString());
        } else {
            out.append(node.asText());
        }
    }

    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        int plainFrom = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = c >= 0x20 && c != '"' && c != '\\'
                    && (!Character.isSurrogate(c) || !isLoneSurrogate(text, i));
            if (!plain) {
                out.append(text, plainFrom, i);
                writeEscaped(c, out);
                plainFrom = i + 1;
            }
        }
        out.append(text, plainFrom, text.length()).append('"');
    }

    private static void writeEscaped(char c, StringBuilder out) {
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            // Other control characters, and lone surrogates, which have no UTF-8 form: escaping
            // them keeps the hash well defined.
            default -> out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                    .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
        }
    }

    private static boolean isLoneSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
