package dev.cpaconsole.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * CPA usage records for benchmarks, reproducible from a seed and cheap to make: a year of traffic
 * from thousands of client keys over dozens of models, several providers and accounts, with
 * failures and failovers (a failed attempt followed by another account under the same request id).
 * Records have the shape and size of CPA's (flat tokens, the token breakdown, response headers).
 *
 * <p>Each record also comes with the columns the console derives from it, so that a plain insert
 * of the same rows can be timed without reading any JSON.
 */
final class SyntheticUsage {
    /** One generated record and the values of the columns it is stored as. */
    record Event(String json, long tsNs, String requestId, String provider, String model, String alias,
            String endpoint, String authType, String authIndex, String source, String apiKey, boolean failed,
            int statusCode, long latencyMs, long ttftMs, long uncachedInput, long cacheRead, long output,
            long reasoning, long total, String reasoningEffort, String serviceTier, String clientIp,
            String userAgent) {
    }

    private record Model(String provider, String executor, String name, String alias, String endpoint,
            boolean reasoning) {
    }

    private record Account(String provider, String authIndex, String source, String authType) {
    }

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern(
            "uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");
    private static final String[] EFFORTS = {"", "low", "medium", "high", "xhigh"};
    private static final String[] TIERS = {"", "default", "default", "priority", "flex"};
    private static final String[] AGENTS = {"codex_cli_rs/0.120.0 (Mac OS 15.5.0; arm64) iTerm.app/3.5.14",
        "claude-cli/2.1.3 (external, cli)", "OpenAI/Python 1.109.1", "GeminiCLI/0.21.0 (linux; x64)",
        "Mozilla/5.0 (X11; Linux x86_64) Cursor/1.7.44"};
    private static final int[] FAILURES = {429, 429, 429, 500, 502, 503, 401, 400};

    private final SplittableRandom random;
    private final List<Model> models = new ArrayList<>();
    private final List<Account> accounts = new ArrayList<>();
    private final String[] keys;
    private final long startNs;
    private final long stepNs;
    private long atNs;
    private long sequence;
    private Event pendingFailover;

    /**
     * @param seed what makes the records reproducible
     * @param events how many records {@link #next()} will be asked for, spread evenly over {@code span}
     * @param end the instant after the last record
     */
    SyntheticUsage(long seed, long events, int clientKeys, int modelCount, Instant end, Duration span) {
        random = new SplittableRandom(seed);
        buildModels(modelCount);
        buildAccounts();
        keys = new String[clientKeys];
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < clientKeys; i++) {
            byte[] secret = new byte[16];
            random.nextBytes(secret);
            keys[i] = String.format("sk-bench-%04d-%s", i, hex.formatHex(secret));
        }
        long endNs = end.getEpochSecond() * 1_000_000_000L + end.getNano();
        long spanNs = span.toNanos();
        startNs = endNs - spanNs;
        stepNs = Math.max(1, spanNs / Math.max(1, events));
        atNs = startNs;
    }

    /** Every client key the records use, in full, as CPA would send them. */
    List<String> clientKeys() {
        return List.of(keys);
    }

    private void buildModels(int count) {
        String[][] families = {
            {"codex", "CodexExecutor", "gpt-5.4", "POST /v1/responses", "r"},
            {"codex", "CodexExecutor", "gpt-5.4-mini", "POST /v1/responses", "r"},
            {"codex", "CodexExecutor", "gpt-5.3-codex", "POST /v1/responses", "r"},
            {"claude", "ClaudeExecutor", "claude-sonnet-4-6", "POST /v1/messages", "r"},
            {"claude", "ClaudeExecutor", "claude-opus-4-6", "POST /v1/messages", "r"},
            {"claude", "ClaudeExecutor", "claude-haiku-4-5", "POST /v1/messages", ""},
            {"gemini-cli", "GeminiCLIExecutor", "gemini-3-pro", "POST /v1beta/models:generateContent", "r"},
            {"gemini-cli", "GeminiCLIExecutor", "gemini-3-flash", "POST /v1beta/models:generateContent", ""},
            {"vertex", "VertexExecutor", "gemini-2.5-pro", "POST /v1/chat/completions", "r"},
            {"openai-compatibility", "OpenAICompatExecutor", "deepseek-v3.2", "POST /v1/chat/completions", ""},
            {"openai-compatibility", "OpenAICompatExecutor", "qwen3-coder", "POST /v1/chat/completions", ""},
            {"openai-compatibility", "OpenAICompatExecutor", "kimi-k2", "POST /v1/chat/completions", ""}};
        for (int i = 0; i < count; i++) {
            String[] family = families[i % families.length];
            int generation = i / families.length;
            String name = generation == 0 ? family[2] : family[2] + "-" + (2025 + generation) + "0" + generation;
            String alias = i % 5 == 4 ? "team-" + name : name;
            models.add(new Model(family[0], family[1], name, alias, family[3], !family[4].isEmpty()));
        }
    }

    private void buildAccounts() {
        String[] providers = {"codex", "claude", "gemini-cli", "vertex", "openai-compatibility"};
        HexFormat hex = HexFormat.of();
        for (String provider : providers) {
            int count = provider.equals("openai-compatibility") ? 3 : 8;
            for (int i = 0; i < count; i++) {
                byte[] id = new byte[8];
                random.nextBytes(id);
                boolean apiKey = provider.equals("openai-compatibility") || provider.equals("vertex") && i < 2;
                String source = apiKey ? String.format("sk-upstream-%s-%04d", provider, i)
                        : String.format("%s-%d@example.com", provider.replace("-", ""), i);
                accounts.add(new Account(provider, hex.formatHex(id), source, apiKey ? "apikey" : "oauth"));
            }
        }
    }

    /** The next record, in time order give or take the seconds CPA takes to report an attempt. */
    Event next() {
        if (pendingFailover != null) {
            Event failover = pendingFailover;
            pendingFailover = null;
            return failover;
        }
        sequence++;
        atNs += stepNs;
        long ts = atNs + random.nextLong(stepNs * 2 + 1) - stepNs;
        Model model = models.get(skewed(models.size()));
        String key = random.nextInt(50) == 0 ? "" : keys[skewed(keys.length)];
        String requestId = Long.toHexString(sequence * 0x9E3779B97F4A7C15L >>> 16);
        boolean failed = random.nextInt(100) < 4;
        int status = failed ? FAILURES[random.nextInt(FAILURES.length)] : 200;
        Event first = event(ts, model, account(model.provider()), key, requestId, status);
        if (failed && (status == 429 || status >= 500) && random.nextInt(3) > 0) {
            long later = ts + first.latencyMs() * 1_000_000L + 1_000_000L;
            pendingFailover = event(later, model, account(model.provider()), key, requestId, 200);
        }
        return first;
    }

    /** Popular items first: about a fifth of the items get four fifths of the picks. */
    private int skewed(int size) {
        double u = random.nextDouble();
        return (int) (size * u * u * u);
    }

    private Account account(String provider) {
        while (true) {
            Account candidate = accounts.get(random.nextInt(accounts.size()));
            if (candidate.provider().equals(provider)) {
                return candidate;
            }
        }
    }

    private Event event(long ts, Model model, Account account, String key, String requestId, int status) {
        boolean failed = status != 200;
        long input = failed ? 0 : (long) Math.exp(6 + random.nextDouble() * 6.2);
        long cached = input == 0 ? 0 : input * random.nextInt(95) / 100 / 128 * 128;
        long reasoning = failed || !model.reasoning() ? 0 : random.nextLong(2_000);
        long output = failed ? 0 : 20 + random.nextLong(3_000) + reasoning;
        long total = input + output;
        long latency = failed ? 50 + random.nextLong(2_000) : 400 + (long) Math.exp(random.nextDouble() * 11);
        long ttft = failed ? 0 : Math.min(latency, 150 + random.nextLong(4_000));
        String effort = model.reasoning() ? EFFORTS[random.nextInt(EFFORTS.length)] : "";
        String tier = model.provider().equals("codex") ? TIERS[random.nextInt(TIERS.length)] : "";
        String agent = AGENTS[random.nextInt(AGENTS.length)];
        String ip = "192.0.2." + (1 + random.nextInt(250));
        String stamp = TIMESTAMP.format(Instant.ofEpochSecond(0, ts).atOffset(
                ts % 3 == 0 ? ZoneOffset.ofHours(8) : ZoneOffset.UTC));
        StringBuilder json = new StringBuilder(1_400);
        json.append("{\"timestamp\":\"").append(stamp)
                .append("\",\"latency_ms\":").append(latency)
                .append(",\"ttft_ms\":").append(ttft)
                .append(",\"source\":\"").append(account.source())
                .append("\",\"auth_index\":\"").append(account.authIndex())
                .append("\",\"client_ip\":\"").append(ip)
                .append("\",\"x_forwarded_for\":\"\",\"user_agent\":\"").append(agent)
                .append("\",\"tokens\":{\"input_tokens\":").append(input)
                .append(",\"output_tokens\":").append(output)
                .append(",\"reasoning_tokens\":").append(reasoning)
                .append(",\"cached_tokens\":").append(cached)
                .append(",\"cache_read_tokens\":").append(cached)
                .append(",\"cache_read_tokens_present\":true,\"cache_creation_tokens\":0,\"total_tokens\":")
                .append(total)
                .append("},\"failed\":").append(failed)
                .append(",\"generate\":true,\"fail\":{\"status_code\":").append(status)
                .append(",\"body\":\"").append(failed ? failureBody(status) : "")
                .append("\"},\"response_headers\":{\"Content-Type\":[\"text/event-stream\"],\"X-Request-Id\":[\"req_")
                .append(requestId).append(ts % 1000)
                .append("\"]},\"accounting_version\":2,\"token_breakdown\":{\"schema_version\":2,")
                .append("\"quality\":\"complete\",\"total_tokens\":").append(total)
                .append(",\"input\":{\"total_tokens\":").append(input)
                .append(",\"uncached_tokens\":").append(input - cached)
                .append(",\"cache_read_tokens\":").append(cached)
                .append(",\"cache_write_tokens\":0},\"output\":{\"total_tokens\":").append(output)
                .append(",\"non_reasoning_tokens\":").append(output - reasoning)
                .append(",\"reasoning_tokens\":").append(reasoning)
                .append("},\"unclassified_tokens\":0},\"provider\":\"").append(model.provider())
                .append("\",\"executor_type\":\"").append(model.executor())
                .append("\",\"model\":\"").append(model.name())
                .append("\",\"alias\":\"").append(model.alias())
                .append("\",\"endpoint\":\"").append(model.endpoint())
                .append("\",\"auth_type\":\"").append(account.authType())
                .append("\",\"api_key\":\"").append(key)
                .append("\",\"request_id\":\"").append(requestId)
                .append("\",\"reasoning_effort\":\"").append(effort)
                .append("\",\"service_tier\":\"").append(tier)
                .append("\"}");
        return new Event(json.toString(), ts, requestId, model.provider(), model.name(), model.alias(),
                model.endpoint(), account.authType(), account.authIndex(), account.source(), key, failed, status,
                latency, ttft, input - cached, cached, output - reasoning, reasoning, total, effort, tier, ip, agent);
    }

    private static String failureBody(int status) {
        return switch (status) {
            case 429 -> "{\\\"error\\\":{\\\"type\\\":\\\"usage_limit_reached\\\",\\\"message\\\":"
                    + "\\\"The usage limit has been reached\\\"}}";
            case 401 -> "{\\\"error\\\":{\\\"message\\\":\\\"token expired\\\"}}";
            case 400 -> "{\\\"error\\\":{\\\"message\\\":\\\"context length exceeded\\\"}}";
            default -> "upstream error " + status;
        };
    }
}
