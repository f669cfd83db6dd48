package dev.cpaconsole.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON as CPA writes it: compact, with {@code <}, {@code >} and {@code &} escaped inside strings
 * the way Go's {@code encoding/json} does.
 */
final class GoJson {
    static final ObjectMapper MAPPER = createMapper();

    private GoJson() {
    }

    private static ObjectMapper createMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setCharacterEscapes(new HtmlSafeEscapes());
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return mapper;
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** The parsed value, or {@code null} when the text is not exactly one JSON value. */
    static JsonNode parseOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String quote(String text) {
        return write(text);
    }

    /**
     * Removes insignificant whitespace from valid JSON and applies the HTML-safe escapes, keeping
     * every number and string exactly as written (Go embeds raw records this way).
     */
    static String compact(String json) {
        StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    out.append(c).append(json.charAt(++i));
                    continue;
                }
                if (c == '"') {
                    inString = false;
                    out.append(c);
                } else if (c == '<') {
                    out.append("\\u003c");
                } else if (c == '>') {
                    out.append("\\u003e");
                } else if (c == '&') {
                    out.append("\\u0026");
                } else if (c == '\u2028') {
                    out.append("\\u2028");
                } else if (c == '\u2029') {
                    out.append("\\u2029");
                } else {
                    out.append(c);
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Escapes characters Go escapes by default so HTML embedding stays safe. */
    private static final class HtmlSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] asciiEscapes;

        HtmlSafeEscapes() {
            asciiEscapes = CharacterEscapes.standardAsciiEscapesForJSON();
            asciiEscapes['<'] = CharacterEscapes.ESCAPE_CUSTOM;
            asciiEscapes['>'] = CharacterEscapes.ESCAPE_CUSTOM;
            asciiEscapes['&'] = CharacterEscapes.ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return asciiEscapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == '<' || ch == '>' || ch == '&') {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            if (ch == 0x2028) {
                return new SerializedString("\\u2028");
            }
            if (ch == 0x2029) {
                return new SerializedString("\\u2029");
            }
            return null;
        }
    }
}
