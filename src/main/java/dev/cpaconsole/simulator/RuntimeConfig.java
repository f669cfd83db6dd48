package dev.cpaconsole.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of CPA's {@code config.yaml} the simulator keeps: client API keys and the scalar
 * toggles the management API reads and writes.
 */
final class RuntimeConfig {
    /** Toggle routes and their defaults, by management path. */
    private final Map<String, JsonNode> toggles = new LinkedHashMap<>();
    private final List<String> apiKeys = new ArrayList<>();

    RuntimeConfig(List<String> initialApiKeys) {
        apiKeys.addAll(initialApiKeys);
        toggles.put("debug", BooleanNode.FALSE);
        toggles.put("logging-to-file", BooleanNode.FALSE);
        toggles.put("logs-max-total-size-mb", IntNode.valueOf(0));
        toggles.put("error-logs-max-files", IntNode.valueOf(10));
        toggles.put("proxy-url", TextNode.valueOf(""));
        toggles.put("request-log", BooleanNode.FALSE);
        toggles.put("ws-auth", BooleanNode.TRUE);
        toggles.put("request-retry", IntNode.valueOf(3));
        toggles.put("max-retry-credentials", IntNode.valueOf(0));
        toggles.put("max-retry-interval", IntNode.valueOf(30));
        toggles.put("force-model-prefix", BooleanNode.FALSE);
        toggles.put("quota-exceeded/switch-project", BooleanNode.TRUE);
        toggles.put("quota-exceeded/switch-preview-model", BooleanNode.TRUE);
        toggles.put("routing/strategy", TextNode.valueOf("round-robin"));
    }

    Set<String> togglePaths() {
        return toggles.keySet();
    }

    synchronized JsonNode toggle(String path) {
        return toggles.get(path);
    }

    /** Stores a toggle when the value has the toggle's JSON type; false otherwise. */
    synchronized boolean setToggle(String path, JsonNode value) {
        JsonNode current = toggles.get(path);
        boolean sameType = value != null && (current.isBoolean() && value.isBoolean()
                || current.isIntegralNumber() && value.canConvertToExactIntegral()
                || current.isTextual() && value.isTextual());
        if (!sameType) {
            return false;
        }
        toggles.put(path, current.isIntegralNumber() ? IntNode.valueOf(value.asInt()) : value);
        return true;
    }

    synchronized List<String> apiKeys() {
        return List.copyOf(apiKeys);
    }

    synchronized void replaceApiKeys(List<String> keys) {
        apiKeys.clear();
        apiKeys.addAll(keys);
    }

    /** Replaces the entry at {@code index}; false when out of range. */
    synchronized boolean replaceApiKey(int index, String value) {
        if (index < 0 || index >= apiKeys.size()) {
            return false;
        }
        apiKeys.set(index, value);
        return true;
    }

    /** Replaces the first exact match of {@code oldKey}, or appends {@code newKey} when absent. */
    synchronized void replaceOrAppendApiKey(String oldKey, String newKey) {
        int index = apiKeys.indexOf(oldKey);
        if (index >= 0) {
            apiKeys.set(index, newKey);
        } else {
            apiKeys.add(newKey);
        }
    }

    synchronized boolean removeApiKeyAt(int index) {
        if (index < 0 || index >= apiKeys.size()) {
            return false;
        }
        apiKeys.remove(index);
        return true;
    }

    synchronized void removeApiKeyValue(String value) {
        apiKeys.removeIf(key -> key.trim().equals(value));
    }

    /** The keys the proxy accepts: trimmed, without blanks and duplicates. Empty means open. */
    synchronized Set<String> activeClientKeys() {
        Set<String> out = new LinkedHashSet<>();
        apiKeys.stream().map(String::trim).filter(k -> !k.isEmpty()).forEach(out::add);
        return out;
    }

    /** {@code GET /config}: the runtime config without host, port, auth-dir and remote-management. */
    synchronized ObjectNode configJson(UsageHub hub, List<UpstreamApiKey> upstreamKeys) {
        ObjectNode out = GoJson.object();
        out.set("proxy-url", toggles.get("proxy-url"));
        out.put("disable-image-generation", false);
        out.set("force-model-prefix", toggles.get("force-model-prefix"));
        out.set("request-log", toggles.get("request-log"));
        out.putObject("claude-code").put("disable-cloaking-model-list", false);
        if (apiKeys.isEmpty()) {
            out.putNull("api-keys");
        } else {
            ArrayNode keys = out.putArray("api-keys");
            apiKeys.forEach(keys::add);
        }
        out.put("passthrough-headers", false);
        out.putObject("streaming");
        ObjectNode tls = out.putObject("tls");
        tls.put("enable", false);
        tls.put("cert", "");
        tls.put("key", "");
        ObjectNode plugins = out.putObject("plugins");
        plugins.put("enabled", false);
        plugins.put("dir", "plugins");
        plugins.putNull("configs");
        out.set("debug", toggles.get("debug"));
        ObjectNode pprof = out.putObject("pprof");
        pprof.put("enable", false);
        pprof.put("addr", "127.0.0.1:8316");
        out.put("commercial-mode", false);
        out.set("logging-to-file", toggles.get("logging-to-file"));
        out.set("logs-max-total-size-mb", toggles.get("logs-max-total-size-mb"));
        out.set("error-logs-max-files", toggles.get("error-logs-max-files"));
        out.put("usage-statistics-enabled", hub.statisticsEnabled());
        out.put("redis-usage-queue-retention-seconds", hub.configuredRetentionSeconds());
        out.put("disable-cooling", false);
        out.put("save-cooldown-status", false);
        out.put("transient-error-cooldown-seconds", 0);
        out.put("auth-auto-refresh-workers", 0);
        out.set("request-retry", toggles.get("request-retry"));
        out.set("max-retry-credentials", toggles.get("max-retry-credentials"));
        out.set("max-retry-interval", toggles.get("max-retry-interval"));
        ObjectNode quota = out.putObject("quota-exceeded");
        quota.set("switch-project", toggles.get("quota-exceeded/switch-project"));
        quota.set("switch-preview-model", toggles.get("quota-exceeded/switch-preview-model"));
        quota.put("antigravity-credits", false);
        out.putObject("routing").set("strategy", toggles.get("routing/strategy"));
        out.set("ws-auth", toggles.get("ws-auth"));
        for (String kind : List.of("gemini", "interactions", "codex", "xai", "claude")) {
            List<UpstreamApiKey> ofKind = upstreamKeys.stream()
                    .filter(k -> !k.compatibility() && k.provider().equalsIgnoreCase(kind)).toList();
            if (ofKind.isEmpty()) {
                out.putNull(kind + "-api-key");
            } else {
                ArrayNode list = out.putArray(kind + "-api-key");
                ofKind.forEach(k -> {
                    ObjectNode entry = list.addObject();
                    entry.put("api-key", k.apiKey());
                    entry.put("base-url", k.baseUrl());
                    entry.put("proxy-url", "");
                    entry.putNull("models");
                });
            }
        }
        List<UpstreamApiKey> compat = upstreamKeys.stream().filter(UpstreamApiKey::compatibility).toList();
        if (compat.isEmpty()) {
            out.putNull("openai-compatibility");
        } else {
            ArrayNode list = out.putArray("openai-compatibility");
            compat.forEach(k -> {
                ObjectNode entry = list.addObject();
                entry.put("name", k.provider());
                entry.put("base-url", k.baseUrl());
                ObjectNode keyEntry = entry.putArray("api-key-entries").addObject();
                keyEntry.put("api-key", k.apiKey());
                keyEntry.put("proxy-url", "");
                entry.putNull("models");
            });
        }
        out.putNull("vertex-api-key");
        return out;
    }
}
