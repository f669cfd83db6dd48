package dev.cpaconsole.audit.ui;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cpaconsole.audit.core.AuditEntry;

/**
 * An audit entry as its detail shows it: the states before and after laid out for reading, and
 * which fields changed between them.
 *
 * @param entry the entry
 * @param before the state before, pretty-printed; "" when there was none
 * @param after the state after, pretty-printed; "" when there is none
 * @param changes one line per changed field, e.g. {@code status: active → suspended}
 */
public record AuditDetail(AuditEntry entry, String before, String after, List<String> changes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public AuditDetail {
        Objects.requireNonNull(entry, "entry");
        changes = List.copyOf(changes);
    }

    public static AuditDetail of(AuditEntry entry) {
        JsonNode before = parse(entry.before());
        JsonNode after = parse(entry.after());
        return new AuditDetail(entry, pretty(entry.before(), before), pretty(entry.after(), after),
                changes(before, after));
    }

    private static JsonNode parse(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String pretty(String text, JsonNode node) {
        if (node == null) {
            return text;
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    /** The fields of two JSON objects that differ; nothing unless both are objects. */
    private static List<String> changes(JsonNode before, JsonNode after) {
        List<String> changed = new ArrayList<>();
        if (before == null || after == null || !before.isObject() || !after.isObject()) {
            return changed;
        }
        Set<String> names = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(names::add);
        for (Iterator<String> it = after.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        for (String name : names) {
            JsonNode old = before.get(name);
            JsonNode now = after.get(name);
            if (!Objects.equals(old, now)) {
                changed.add(name + ": " + text(old) + " \u2192 " + text(now));
            }
        }
        return changed;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return "\u2013";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
