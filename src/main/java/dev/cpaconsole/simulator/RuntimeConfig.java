package dev.cpaconsole.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of CPA's {@code config.yaml} the simulator keeps: client API keys and the scalar
 * toggles the management API reads and writes.
 *
 * <p>Client keys exist twice, as in CPA: the list saved in the config, which the management API
 * reads and writes, and the access list the proxy checks, which CPA builds when it reloads the
 * saved config after a write. With a key reload delay, each write reaches the access list only
 * once that delay has passed on the simulator's clock.
 */
final class RuntimeConfig {
    /** A saved key list and the moment the proxy's reload takes it up. */
    private record Reload(Instant due, List<String> keys) {
    }

    /** Toggle routes and their defaults, by management path. */
    private final Map<String, JsonNode> toggles = new LinkedHashMap<>();
    private final Clock clock;
    private final List<String> apiKeys = new ArrayList<>();
    /** Saved lists the proxy has not loaded yet, in the order they were written. */
    private final List<Reload> pendingReloads = new ArrayList<>();
    private List<String> loadedApiKeys;
    private Duration keyReloadDelay;
    private boolean keepApiKeyWrites = true;

    RuntimeConfig(List<String> initialApiKeys, Clock clock, Duration keyReloadDelay) {
        this.clock = clock;
        this.keyReloadDelay = requireDelay(keyReloadDelay);
        apiKeys.addAll(initialApiKeys);
        loadedApiKeys = List.copyOf(initialApiKeys);
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

    static Duration requireDelay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("key reload delay must be zero or positive: " + delay);
        }
        return delay;
    }

    synchronized void setKeyReloadDelay(Duration delay) {
        keyReloadDelay = requireDelay(delay);
    }

    /** While false, key writes through the management API are answered as usual but saved nowhere. */
    synchronized void keepApiKeyWrites(boolean keep) {
        keepApiKeyWrites = keep;
    }

    /** The saved client keys, as {@code GET /api-keys} lists them. */
    synchronized List<String> apiKeys() {
        return List.copyOf(apiKeys);
    }

    /** Saves and loads {@code keys} at once, ignoring the reload delay and the kept-out writes. */
    synchronized void setApiKeysNow(List<String> keys) {
        apiKeys.clear();
        apiKeys.addAll(keys);
        loadAllNow();
    }

    /** The proxy takes up the saved keys at once, as a freshly started CPA does. */
    synchronized void loadAllNow() {
        pendingReloads.clear();
        loadedApiKeys = List.copyOf(apiKeys);
    }

    synchronized void replaceApiKeys(List<String> keys) {
        save(new ArrayList<>(keys));
    }

    /** Replaces the entry at {@code index}; false when out of range. */
    synchronized boolean replaceApiKey(int index, String value) {
        if (index < 0 || index >= apiKeys.size()) {
            return false;
        }
        List<String> next = new ArrayList<>(apiKeys);
        next.set(index, value);
        save(next);
        return true;
    }

    /** Replaces the first exact match of {@code oldKey}, or appends {@code newKey} when absent. */
    synchronized void replaceOrAppendApiKey(String oldKey, String newKey) {
        List<String> next = new ArrayList<>(apiKeys);
        int index = next.indexOf(oldKey);
        if (index >= 0) {
            next.set(index, newKey);
        } else {
            next.add(newKey);
        }
        save(next);
    }

    synchronized boolean removeApiKeyAt(int index) {
        if (index < 0 || index >= apiKeys.size()) {
            return false;
        }
        List<String> next = new ArrayList<>(apiKeys);
        next.remove(index);
        save(next);
        return true;
    }

    synchronized void removeApiKeyValue(String value) {
        List<String> next = new ArrayList<>(apiKeys);
        next.removeIf(key -> key.trim().equals(value));
        save(next);
    }

    /** A write through the management API: saved now, loaded by the proxy once the delay has passed. */
    private void save(List<String> next) {
        if (!keepApiKeyWrites) {
            return;
        }
        apiKeys.clear();
        apiKeys.addAll(next);
        pendingReloads.add(new Reload(clock.instant().plus(keyReloadDelay), List.copyOf(next)));
    }

    /** The keys the proxy accepts: trimmed, without blanks and duplicates. Empty means open. */
    synchronized Set<String> activeClientKeys() {
        loadDueReloads();
        Set<String> out = new LinkedHashSet<>();
        loadedApiKeys.stream().map(String::trim).filter(k -> !k.isEmpty()).forEach(out::add);
        return out;
    }

    /** Loads the newest write whose reload is due; every write before it is superseded. */
    private void loadDueReloads() {
        Instant now = clock.instant();
        int newestDue = -1;
        for (int i = 0; i < pendingReloads.size(); i++) {
            if (!pendingReloads.get(i).due().isAfter(now)) {
                newestDue = i;
            }
        }
        if (newestDue >= 0) {
            loadedApiKeys = pendingReloads.get(newestDue).keys();
            pendingReloads.subList(0, newestDue + 1).clear();
        }
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
