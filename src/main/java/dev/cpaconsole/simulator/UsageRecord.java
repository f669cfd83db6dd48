package dev.cpaconsole.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One upstream attempt, rendered as the usage record a given CPA version would produce. The
 * token split is held in canonical, non-overlapping parts and projected onto the provider's own
 * {@code tokens} convention.
 */
record UsageRecord(
        Instant start,
        long latencyMs,
        long ttftMs,
        String source,
        String authIndex,
        String accessToken,
        String clientIp,
        String xForwardedFor,
        String userAgent,
        TokenSplit tokens,
        boolean failed,
        int statusCode,
        String failBody,
        Map<String, List<String>> responseHeaders,
        String provider,
        String executorType,
        String model,
        String alias,
        String endpoint,
        String authType,
        String apiKey,
        String requestId,
        String reasoningEffort,
        String serviceTier,
        String responseServiceTier) {

    /**
     * Tokens as disjoint parts: prompt tokens not served from cache, cache reads, cache writes,
     * visible output and reasoning.
     */
    record TokenSplit(long uncached, long cacheRead, long cacheWrite, long nonReasoning, long reasoning) {
        static final TokenSplit NONE = new TokenSplit(0, 0, 0, 0, 0);

        long total() {
            return uncached + cacheRead + cacheWrite + nonReasoning + reasoning;
        }
    }

    /** How a provider family reports tokens in {@code tokens}. */
    enum Convention {
        /** OpenAI, Codex, xAI …: input includes cache reads, output includes reasoning. */
        OPENAI,
        /** Claude: input, cache read and cache creation are separate; output includes thinking. */
        CLAUDE,
        /** Gemini family: cache inside input, reasoning outside output. */
        GEMINI;

        static Convention of(String provider) {
            String p = provider.toLowerCase(Locale.ROOT);
            if (p.equals("claude")) {
                return CLAUDE;
            }
            if (p.startsWith("gemini") || p.equals("vertex") || p.equals("aistudio") || p.equals("antigravity")) {
                return GEMINI;
            }
            return OPENAI;
        }
    }

    /** The JSON record with exactly the fields the shape version has, in CPA's field order. */
    String render(CpaVersion shape, ZoneId zone) {
        ObjectNode out = GoJson.object();
        out.put("timestamp", GoText.timestamp(start, zone));
        out.put("latency_ms", latencyMs);
        if (shape.atLeast("v7.1.24")) {
            out.put("ttft_ms", ttftMs);
        }
        out.put("source", source);
        out.put("auth_index", authIndex);
        if (shape.atLeast("v7.2.111") && !accessToken.isEmpty()) {
            out.put("access_token_sha256", Hashes.sha256Hex(accessToken));
        }
        if (shape.atLeast("v7.2.104")) {
            out.put("client_ip", clientIp);
            out.put("x_forwarded_for", xForwardedFor);
            out.put("user_agent", userAgent);
        }
        out.set("tokens", tokensNode(shape));
        out.put("failed", failed);
        if (shape.atLeast("v7.2.78")) {
            out.put("generate", true);
        }
        if (shape.atLeast("v7.0.0")) {
            ObjectNode fail = out.putObject("fail");
            fail.put("status_code", failed ? statusCode : 200);
            fail.put("body", failed ? failBody : "");
        }
        if (shape.atLeast("v7.1.13") && !responseHeaders.isEmpty()) {
            ObjectNode headers = out.putObject("response_headers");
            responseHeaders.forEach((name, values) -> values.forEach(headers.putArray(name)::add));
        }
        if (shape.atLeast("v7.2.97")) {
            out.put("accounting_version", 2);
            out.set("token_breakdown", breakdownNode());
        }
        out.put("provider", provider);
        if (shape.atLeast("v7.1.38")) {
            out.put("executor_type", executorType);
        }
        out.put("model", model);
        if (shape.atLeast("v6.10.7")) {
            out.put("alias", alias);
        }
        out.put("endpoint", endpoint);
        out.put("auth_type", authType);
        out.put("api_key", apiKey);
        out.put("request_id", requestId);
        if (shape.atLeast("v7.1.18")) {
            out.put("reasoning_effort", reasoningEffort);
        }
        if (shape.atLeast("v7.1.27")) {
            out.put("service_tier", serviceTier);
        }
        if (shape.atLeast("v7.2.65") && !responseServiceTier.isEmpty()) {
            out.put("response_service_tier", responseServiceTier);
        }
        return GoJson.write(out);
    }

    private ObjectNode tokensNode(CpaVersion shape) {
        long input;
        long output;
        long reasoningField;
        long total;
        switch (Convention.of(provider)) {
            case CLAUDE -> {
                input = tokens.uncached();
                output = tokens.nonReasoning() + tokens.reasoning();
                reasoningField = tokens.reasoning();
                total = input + tokens.cacheRead() + tokens.cacheWrite() + output;
            }
            case GEMINI -> {
                input = tokens.uncached() + tokens.cacheRead() + tokens.cacheWrite();
                output = tokens.nonReasoning();
                reasoningField = tokens.reasoning();
                total = input + output + reasoningField;
            }
            default -> {
                input = tokens.uncached() + tokens.cacheRead() + tokens.cacheWrite();
                output = tokens.nonReasoning() + tokens.reasoning();
                reasoningField = tokens.reasoning();
                total = input + output;
            }
        }
        ObjectNode node = GoJson.object();
        node.put("input_tokens", input);
        node.put("output_tokens", output);
        node.put("reasoning_tokens", reasoningField);
        node.put("cached_tokens", tokens.cacheRead());
        if (shape.atLeast("v7.0.3")) {
            node.put("cache_read_tokens", tokens.cacheRead());
            if (shape.atLeast("v7.2.74")) {
                node.put("cache_read_tokens_present", true);
            }
            node.put("cache_creation_tokens", tokens.cacheWrite());
        }
        node.put("total_tokens", total);
        return node;
    }

    private ObjectNode breakdownNode() {
        ObjectNode node = GoJson.object();
        node.put("schema_version", 2);
        node.put("quality", "complete");
        node.put("total_tokens", tokens.total());
        ObjectNode input = node.putObject("input");
        input.put("total_tokens", tokens.uncached() + tokens.cacheRead() + tokens.cacheWrite());
        input.put("uncached_tokens", tokens.uncached());
        input.put("cache_read_tokens", tokens.cacheRead());
        input.put("cache_write_tokens", tokens.cacheWrite());
        ObjectNode output = node.putObject("output");
        output.put("total_tokens", tokens.nonReasoning() + tokens.reasoning());
        output.put("non_reasoning_tokens", tokens.nonReasoning());
        output.put("reasoning_tokens", tokens.reasoning());
        node.put("unclassified_tokens", 0);
        return node;
    }
}
