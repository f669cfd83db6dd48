package dev.cpaconsole.testing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.Origin;
import dev.cpaconsole.usage.core.ReceivedItem;
import dev.cpaconsole.usage.core.UsageEventStore;
import dev.cpaconsole.usage.core.WriteResult;

/**
 * A usage record as CPA v7.2.111+ sends it, built for tests and stored through the real
 * {@link UsageEventStore}. Timestamps carry a +08:00 offset, as CPA's server-local time would.
 */
public final class UsageRecord {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnnXXX");

    private Instant at = Instant.parse("2026-08-22T06:00:00Z");
    private String model = "gpt-5.4";
    private String alias = "gpt-5.4";
    private String provider = "codex";
    private String apiKey = "sk-test-client-alice-0001";
    private String authType = "oauth";
    private String authIndex = "755481f9d70ed642";
    private String source = "alice@example.com";
    private String requestId = "a1b2c3d4";
    private String endpoint = "POST /v1/responses";
    private String reasoningEffort = "medium";
    private String serviceTier = "auto";
    private int status = 200;
    private long latencyMs = 1200;
    private long uncached = 1000;
    private long cacheRead = 200;
    private long cacheWrite = 0;
    private long output = 300;
    private long reasoning = 100;

    public static UsageRecord at(Instant instant) {
        UsageRecord record = new UsageRecord();
        record.at = instant;
        return record;
    }

    public UsageRecord model(String name) {
        this.model = name;
        this.alias = name;
        return this;
    }

    public UsageRecord alias(String name) {
        this.alias = name;
        return this;
    }

    public UsageRecord provider(String id) {
        this.provider = id;
        return this;
    }

    public UsageRecord clientKey(String key) {
        this.apiKey = key;
        return this;
    }

    /** A config API-key credential: CPA reports the upstream key itself as source. */
    public UsageRecord upstreamApiKey(String key) {
        this.authType = "apikey";
        this.source = key;
        return this;
    }

    /** The credential that served the request: its auth file's index and its e-mail. */
    public UsageRecord account(String index, String email) {
        this.authIndex = index;
        this.source = email;
        return this;
    }

    public UsageRecord endpoint(String methodAndPath) {
        this.endpoint = methodAndPath;
        return this;
    }

    public UsageRecord reasoningEffort(String effort) {
        this.reasoningEffort = effort;
        return this;
    }

    public UsageRecord serviceTier(String tier) {
        this.serviceTier = tier;
        return this;
    }

    public UsageRecord failedWith(int statusCode) {
        this.status = statusCode;
        return this;
    }

    public UsageRecord latency(long millis) {
        this.latencyMs = millis;
        return this;
    }

    public UsageRecord requestId(String id) {
        this.requestId = id;
        return this;
    }

    public UsageRecord tokens(long uncachedInput, long cacheReadTokens, long cacheWriteTokens, long outputTokens,
            long reasoningTokens) {
        this.uncached = uncachedInput;
        this.cacheRead = cacheReadTokens;
        this.cacheWrite = cacheWriteTokens;
        this.output = outputTokens;
        this.reasoning = reasoningTokens;
        return this;
    }

    public long totalTokens() {
        return uncached + cacheRead + cacheWrite + output + reasoning;
    }

    public String json() {
        ObjectNode record = JSON.createObjectNode();
        record.put("timestamp", TIMESTAMP.format(at.atOffset(ZoneOffset.ofHours(8))));
        record.put("latency_ms", latencyMs);
        record.put("ttft_ms", latencyMs / 4);
        record.put("source", source);
        record.put("auth_index", authIndex);
        record.put("client_ip", "127.0.0.1");
        record.put("user_agent", "codex-cli");
        ObjectNode tokens = record.putObject("tokens");
        tokens.put("input_tokens", uncached + cacheRead + cacheWrite);
        tokens.put("output_tokens", output + reasoning);
        tokens.put("reasoning_tokens", reasoning);
        tokens.put("cached_tokens", cacheRead);
        tokens.put("cache_read_tokens", cacheRead);
        tokens.put("cache_read_tokens_present", true);
        tokens.put("cache_creation_tokens", cacheWrite);
        tokens.put("total_tokens", totalTokens());
        record.put("failed", status >= 400);
        record.put("generate", true);
        ObjectNode fail = record.putObject("fail");
        fail.put("status_code", status);
        fail.put("body", status >= 400 ? "upstream said no" : "");
        record.put("accounting_version", 2);
        ObjectNode breakdown = record.putObject("token_breakdown");
        breakdown.put("schema_version", 2);
        breakdown.put("quality", "complete");
        breakdown.put("total_tokens", totalTokens());
        ObjectNode input = breakdown.putObject("input");
        input.put("total_tokens", uncached + cacheRead + cacheWrite);
        input.put("uncached_tokens", uncached);
        input.put("cache_read_tokens", cacheRead);
        input.put("cache_write_tokens", cacheWrite);
        ObjectNode out = breakdown.putObject("output");
        out.put("total_tokens", output + reasoning);
        out.put("non_reasoning_tokens", output);
        out.put("reasoning_tokens", reasoning);
        breakdown.put("unclassified_tokens", 0);
        record.put("provider", provider);
        record.put("executor_type", "CodexExecutor");
        record.put("model", model);
        record.put("alias", alias);
        record.put("endpoint", endpoint);
        record.put("auth_type", authType);
        record.put("api_key", apiKey);
        record.put("request_id", requestId);
        record.put("reasoning_effort", reasoningEffort);
        record.put("service_tier", serviceTier);
        return record.toString();
    }

    /** Stores {@code records} as if the collector had received them over the HTTP queue. */
    public static WriteResult store(Database database, UsageRecord... records) {
        List<ReceivedItem> items = new ArrayList<>();
        for (UsageRecord record : records) {
            items.add(new ReceivedItem(record.json(), Origin.HTTP_QUEUE, record.at.plusSeconds(1)));
        }
        WriteResult result = new UsageEventStore(database).write(items);
        if (result.added() != records.length) {
            throw new IllegalStateException("expected every record to be stored, got " + result);
        }
        return result;
    }
}
