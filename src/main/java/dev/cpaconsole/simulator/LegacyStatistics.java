package dev.cpaconsole.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cumulative in-memory statistics that CPA up to v6.9.49 served as {@code GET /usage}; it
 * only grows until restart.
 */
final class LegacyStatistics {
    /** One request detail under its client key (or endpoint) and model. */
    private record Detail(String api, String model, ObjectNode detail, OffsetDateTime at, long totalTokens,
            boolean failed) {
    }

    private final List<Detail> details = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();

    /** Adds one produced usage record. */
    synchronized void add(JsonNode record) {
        ObjectNode detail = GoJson.object();
        detail.put("timestamp", record.path("timestamp").asText(""));
        detail.put("latency_ms", record.path("latency_ms").asLong());
        detail.put("source", record.path("source").asText(""));
        detail.set("auth_index", record.path("auth_index").isMissingNode() ? GoJson.MAPPER.getNodeFactory()
                .textNode("") : record.get("auth_index"));
        JsonNode tokens = record.path("tokens");
        ObjectNode detailTokens = detail.putObject("tokens");
        for (String field : List.of("input_tokens", "output_tokens", "reasoning_tokens", "cached_tokens",
                "total_tokens")) {
            detailTokens.put(field, tokens.path(field).asLong());
        }
        detail.put("failed", record.path("failed").asBoolean());
        insert(apiOf(record), record.path("model").asText("unknown"), detail);
    }

    synchronized void clear() {
        details.clear();
        keys.clear();
    }

    /** {@code {"usage": snapshot, "failed_requests": n}}. */
    synchronized ObjectNode usageJson() {
        ObjectNode out = GoJson.object();
        ObjectNode snapshot = snapshot();
        out.set("usage", snapshot);
        out.put("failed_requests", snapshot.get("failure_count").asLong());
        return out;
    }

    synchronized ObjectNode snapshot() {
        ObjectNode usage = GoJson.object();
        long failures = details.stream().filter(Detail::failed).count();
        usage.put("total_requests", details.size());
        usage.put("success_count", details.size() - failures);
        usage.put("failure_count", failures);
        usage.put("total_tokens", details.stream().mapToLong(Detail::totalTokens).sum());
        Map<String, Map<String, List<Detail>>> byApi = new TreeMap<>();
        Map<String, Long> requestsByDay = new TreeMap<>();
        Map<String, Long> requestsByHour = new TreeMap<>();
        Map<String, Long> tokensByDay = new TreeMap<>();
        Map<String, Long> tokensByHour = new TreeMap<>();
        for (Detail d : details) {
            byApi.computeIfAbsent(d.api(), a -> new TreeMap<>()).computeIfAbsent(d.model(), m -> new ArrayList<>())
                    .add(d);
            if (d.at() != null) {
                String day = d.at().toLocalDate().toString();
                String hour = String.format("%02d", d.at().getHour());
                requestsByDay.merge(day, 1L, Long::sum);
                requestsByHour.merge(hour, 1L, Long::sum);
                tokensByDay.merge(day, d.totalTokens(), Long::sum);
                tokensByHour.merge(hour, d.totalTokens(), Long::sum);
            }
        }
        ObjectNode apis = usage.putObject("apis");
        byApi.forEach((api, models) -> {
            ObjectNode apiNode = apis.putObject(api);
            apiNode.put("total_requests", models.values().stream().mapToLong(List::size).sum());
            apiNode.put("total_tokens", models.values().stream().flatMap(List::stream)
                    .mapToLong(Detail::totalTokens).sum());
            ObjectNode modelsNode = apiNode.putObject("models");
            models.forEach((model, list) -> {
                ObjectNode modelNode = modelsNode.putObject(model);
                modelNode.put("total_requests", list.size());
                modelNode.put("total_tokens", list.stream().mapToLong(Detail::totalTokens).sum());
                ArrayNode detailArray = modelNode.putArray("details");
                list.forEach(d -> detailArray.add(d.detail()));
            });
        });
        putCounts(usage.putObject("requests_by_day"), requestsByDay);
        putCounts(usage.putObject("requests_by_hour"), requestsByHour);
        putCounts(usage.putObject("tokens_by_day"), tokensByDay);
        putCounts(usage.putObject("tokens_by_hour"), tokensByHour);
        return usage;
    }

    /**
     * Merges an exported snapshot; returns {@code [added, skipped]}. Details already present
     * (same composite key) are skipped.
     */
    synchronized long[] importSnapshot(JsonNode usage) {
        long added = 0;
        long skipped = 0;
        for (Map.Entry<String, JsonNode> api : usage.path("apis").properties()) {
            for (Map.Entry<String, JsonNode> model : api.getValue().path("models").properties()) {
                for (JsonNode detail : model.getValue().path("details")) {
                    if (detail.isObject() && insert(api.getKey(), model.getKey(), ((ObjectNode) detail).deepCopy())) {
                        added++;
                    } else {
                        skipped++;
                    }
                }
            }
        }
        return new long[] {added, skipped};
    }

    synchronized long totalRequests() {
        return details.size();
    }

    synchronized long failedRequests() {
        return details.stream().filter(Detail::failed).count();
    }

    private boolean insert(String api, String model, ObjectNode detail) {
        JsonNode tokens = detail.path("tokens");
        OffsetDateTime at = parseTime(detail.path("timestamp").asText(""));
        String key = String.join("|", api, model,
                at == null ? detail.path("timestamp").asText("")
                        : GoText.timestamp(at.toInstant(), ZoneOffset.UTC),
                detail.path("source").asText(""), detail.path("auth_index").asText(""),
                String.valueOf(detail.path("failed").asBoolean()), tokens.path("input_tokens").asText("0"),
                tokens.path("output_tokens").asText("0"), tokens.path("reasoning_tokens").asText("0"),
                tokens.path("cached_tokens").asText("0"), tokens.path("total_tokens").asText("0"));
        if (!keys.add(key)) {
            return false;
        }
        details.add(new Detail(api, model, detail, at, tokens.path("total_tokens").asLong(),
                detail.path("failed").asBoolean()));
        return true;
    }

    private static String apiOf(JsonNode record) {
        for (String field : List.of("api_key", "endpoint", "provider")) {
            String value = record.path(field).asText("");
            if (!value.isEmpty()) {
                return value;
            }
        }
        return "unknown";
    }

    private static OffsetDateTime parseTime(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void putCounts(ObjectNode node, Map<String, Long> counts) {
        counts.forEach(node::put);
    }
}
