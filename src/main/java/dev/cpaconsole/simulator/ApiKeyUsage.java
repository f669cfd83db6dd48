package dev.cpaconsole.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Counters per config api-key credential, as {@code GET /api-key-usage} reports them. */
final class ApiKeyUsage {
    private final Clock clock;
    private final ZoneId zone;
    private final Map<String, UpstreamApiKey> keysByIndex = new LinkedHashMap<>();
    private final Map<String, RequestCounters> countersByIndex = new LinkedHashMap<>();

    ApiKeyUsage(Clock clock, ZoneId zone, List<UpstreamApiKey> keys) {
        this.clock = clock;
        this.zone = zone;
        keys.forEach(this::add);
    }

    synchronized void add(UpstreamApiKey key) {
        keysByIndex.put(key.authIndex(), key);
        countersByIndex.putIfAbsent(key.authIndex(), new RequestCounters());
    }

    synchronized List<UpstreamApiKey> keys() {
        return List.copyOf(keysByIndex.values());
    }

    synchronized void recordResult(String authIndex, boolean failed, Instant at) {
        RequestCounters counters = countersByIndex.get(authIndex);
        if (counters != null) {
            counters.record(at, failed);
        }
    }

    synchronized void clear() {
        countersByIndex.values().forEach(RequestCounters::clear);
    }

    synchronized ObjectNode json() {
        Map<String, Map<String, RequestCounters>> byProvider = new TreeMap<>();
        keysByIndex.forEach((index, key) -> {
            String provider = key.compatibility() ? key.provider() : key.provider().toLowerCase(Locale.ROOT);
            byProvider.computeIfAbsent(provider, p -> new TreeMap<>())
                    .put(key.baseUrl() + "|" + key.apiKey(), countersByIndex.get(index));
        });
        Instant now = clock.instant();
        ObjectNode out = GoJson.object();
        byProvider.forEach((provider, entries) -> {
            ObjectNode providerNode = out.putObject(provider);
            entries.forEach((label, counters) -> {
                ObjectNode node = providerNode.putObject(label);
                node.put("success", counters.success());
                node.put("failed", counters.failed());
                node.set("recent_requests", counters.recentRequests(now, zone));
            });
        });
        return out;
    }
}
