package dev.cpaconsole.app.cli;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cpaconsole.keys.core.ManagedKey;
import dev.cpaconsole.users.core.User;

/**
 * The JSON the user and key commands print. A key never carries its raw value, except the one
 * {@code key} member of a key just created or rotated.
 */
final class AccessJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AccessJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** {@code {"id", "name", "display_name", "role", "disabled", "deleted"}}. */
    static ObjectNode user(User user) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", user.id());
        node.put("name", user.name());
        node.put("display_name", user.displayName());
        node.put("role", user.role().code());
        node.put("disabled", user.disabled());
        node.put("deleted", user.deleted());
        return node;
    }

    static ArrayNode users(List<User> users) {
        ArrayNode array = MAPPER.createArrayNode();
        users.forEach(user -> array.add(user(user)));
        return array;
    }

    /** {@code {"id", "user", "name", "masked", "status", "in_cpa"}}. */
    static ObjectNode key(ManagedKey key) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", key.id());
        node.put("user", key.userName());
        node.put("name", key.name());
        node.put("masked", key.masked());
        node.put("status", key.status().code());
        node.put("in_cpa", key.inCpa());
        return node;
    }

    /** A key with its raw value, as only creating and rotating print it. */
    static ObjectNode keyWithValue(ManagedKey key, String value) {
        return key(key).put("key", value);
    }

    static ArrayNode keys(List<ManagedKey> keys) {
        ArrayNode array = MAPPER.createArrayNode();
        keys.forEach(key -> array.add(key(key)));
        return array;
    }

    /** The tree as indented text with a final line break. */
    static String text(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
