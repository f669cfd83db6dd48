package dev.cpaconsole.cpa;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/** Cheap looks into a raw usage item, for bookkeeping that must not wait for the full reader. */
public final class UsageItems {
    private static final JsonFactory JSON = new JsonFactory();

    private UsageItems() {
    }

    /**
     * The {@code auth_index} of a usage record (a string, or a number on builds before v6.6.56),
     * or empty when the item is not a JSON object or has none.
     */
    public static Optional<String> authIndex(String item) {
        try (JsonParser parser = JSON.createParser(item)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("auth_index".equals(field) && value.isScalarValue()) {
                    return value == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(parser.getText());
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
