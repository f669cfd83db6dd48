package dev.cpaconsole.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces realistic usage records as if clients were sending requests through CPA: several
 * client keys, Codex/Claude/Gemini models with each provider's token convention, occasional
 * failovers (a failed attempt, then a successful one sharing the {@code request_id}). Records take
 * the same path as {@link CpaSimulator#publish(String)} and also update the credential counters.
 *
 * <p>All random choices come from one seeded {@link Random}, so with a fixed seed and a
 * {@link ManualClock}, {@link #emit(int)} is fully deterministic.
 */
public final class TrafficGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(TrafficGenerator.class);
    /** Codex plan limit: resets in 90 minutes, which CPA takes as the cooldown. */
    private static final long CODEX_LIMIT_RESET_SECONDS = 5400;
    private static final String CODEX_LIMIT_BODY = "{\"error\":{\"type\":\"usage_limit_reached\",\"message\":"
            + "\"The usage limit has been reached\",\"resets_in_seconds\":" + CODEX_LIMIT_RESET_SECONDS + "}}";
    private static final String CODEX_RATE_LIMIT_BODY = "{\"error\":{\"type\":\"rate_limit_exceeded\",\"message\":"
            + "\"Rate limit reached. Please try again in a moment.\"}}";
    private static final String CLAUDE_429_BODY = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
            + "\"message\":\"This request would exceed your account's rate limit. Please try again later.\"}}";
    private static final String GEMINI_429_BODY = "{\"error\":{\"code\":429,\"message\":\"Resource has been "
            + "exhausted (e.g. check quota).\",\"status\":\"RESOURCE_EXHAUSTED\"}}";
    /** What Claude and Gemini ask a client to wait after a deliberate 429. */
    private static final long LIMIT_RETRY_SECONDS = 60;
    private static final String UNAUTHORIZED_BODY = "{\"error\":{\"message\":\"Provided authentication token is "
            + "expired. Please try signing in again.\",\"type\":\"invalid_request_error\",\"code\":\"token_expired\"}}";
    private static final String SERVER_ERROR_BODY =
            "{\"error\":{\"message\":\"Internal server error\",\"type\":\"server_error\"}}";

    /** Where generated records go. */
    interface Sink {
        void usage(String recordJson);

        void credentialError(String eventJson);
    }

    private final Clock clock;
    private final ZoneId zone;
    private final Random random;
    private final AuthFiles authFiles;
    private final Supplier<List<UpstreamApiKey>> upstreamKeys;
    private final Supplier<List<String>> clientKeys;
    private final Supplier<CpaVersion> simulatorVersion;
    private final Sink sink;
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> ticking;
    private double rate;
    private double failoverProbability = 0.01;
    private CpaVersion recordShape;

    TrafficGenerator(Clock clock, ZoneId zone, Random random, AuthFiles authFiles,
            Supplier<List<UpstreamApiKey>> upstreamKeys, Supplier<List<String>> clientKeys,
            Supplier<CpaVersion> simulatorVersion, Sink sink, double rate) {
        this.clock = clock;
        this.zone = zone;
        this.random = random;
        this.authFiles = authFiles;
        this.upstreamKeys = upstreamKeys;
        this.clientKeys = clientKeys;
        this.simulatorVersion = simulatorVersion;
        this.sink = sink;
        this.rate = rate;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("cpa-sim-traffic", true));
    }

    /** Starts producing requests at {@link #rate()} per second; does nothing when already running. */
    public synchronized void start() {
        if (ticking != null || rate <= 0) {
            return;
        }
        long periodNanos = (long) (1_000_000_000L / rate);
        ticking = scheduler.scheduleAtFixedRate(this::tick, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    public synchronized void stop() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }

    public synchronized boolean isRunning() {
        return ticking != null;
    }

    /** Downstream requests per second while running (each yields one or two records). */
    public synchronized double rate() {
        return rate;
    }

    /** Changes the rate; a running generator continues at the new rate, 0 stops it. */
    public synchronized void setRate(double requestsPerSecond) {
        if (requestsPerSecond < 0 || Double.isNaN(requestsPerSecond)) {
            throw new IllegalArgumentException("rate must not be negative");
        }
        boolean running = isRunning();
        stop();
        this.rate = requestsPerSecond;
        if (running) {
            start();
        }
    }

    /** Chance (0..1) that a request first fails on one credential and then succeeds on another. */
    public synchronized void setFailoverProbability(double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be within 0..1");
        }
        this.failoverProbability = probability;
    }

    /**
     * Renders records as this CPA version would (e.g. {@code v6.10.5} for the flat shape without
     * {@code alias}, {@code v6.10.8} with it); {@code null} follows the simulator's version.
     */
    public synchronized void setRecordShapeVersion(String version) {
        this.recordShape = version == null ? null : CpaVersion.parse(version);
    }

    /**
     * Produces {@code requests} downstream requests now, on the calling thread, and returns every
     * record generated (failovers give two), whether or not the statistics gate let them out.
     */
    public synchronized List<String> emit(int requests) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            out.addAll(request(Optional.empty()));
        }
        return out;
    }

    /**
     * Produces one request whose first attempt fails with {@code statusCode} (429, 401, 500 …)
     * and, when another credential serves the model, a second successful attempt with the same
     * {@code request_id}. A 429 here is a reached limit with the provider's reset time (Codex: 90
     * minutes), unlike the brief throttling of random failovers.
     */
    public synchronized List<String> emitFailover(int statusCode) {
        return request(Optional.of(statusCode));
    }

    void shutdown() {
        stop();
        scheduler.shutdownNow();
    }

    private void tick() {
        try {
            synchronized (this) {
                request(Optional.empty());
            }
        } catch (RuntimeException e) {
            LOG.warn("Simulated request failed to generate", e);
        }
    }

    private List<String> request(Optional<Integer> forcedFailure) {
        Instant now = clock.instant();
        List<Credential> credentials = credentials(now);
        Credential first = credentials.isEmpty() ? null : pickCredential(credentials);
        ModelCatalog.Model model = first == null ? ModelCatalog.MODELS.get(0) : pickModel(first.models());
        String provider = first == null ? model.provider() : first.provider();
        Failure failure = forcedFailure.map(status -> limitFailure(provider, status))
                .orElseGet(() -> random.nextDouble() < failoverProbability ? randomFailure(provider) : null);
        String clientKey = pickClientKey();
        Client client = new Client(clientKey, clientIp(clientKey), forwardedFor(clientKey), userAgent(provider));
        String requestId = String.format("%08x", random.nextInt());
        Request request = new Request(model, alias(model), endpoint(provider, model), reasoningEffort(provider),
                serviceTier(provider), requestId, client);
        CpaVersion shape = recordShape != null ? recordShape : simulatorVersion.get();
        List<String> records = new ArrayList<>();
        if (failure == null) {
            long latency = latency();
            records.add(success(first, provider, request, now.minusMillis(latency).minusNanos(subMillis()), latency)
                    .render(shape, zone));
            markSucceeded(first, model, now);
        } else {
            long failLatency = 150 + random.nextInt(1200);
            long latency = latency();
            Instant failStart = now.minusMillis(failLatency + 12 + latency).minusNanos(subMillis());
            UsageRecord failed = failure(first, provider, request, failStart, failLatency, failure);
            records.add(failed.render(shape, zone));
            if (first != null) {
                authFiles.markAttemptFailed(first.authIndex(), failure.status(), model.id(), now,
                        failure.retryHint());
            }
            List<Credential> others = credentials.stream()
                    .filter(c -> c != first && c.provider().equals(provider) && c.models().contains(model))
                    .toList();
            if (!others.isEmpty()) {
                Credential second = others.get(random.nextInt(others.size()));
                records.add(success(second, provider, request,
                        failStart.plusMillis(failLatency + 12).plusNanos(subMillis()), latency).render(shape, zone));
                markSucceeded(second, model, now);
            }
            String errorEvent = first == null ? null : errorEvent(first, failed, failure);
            records.forEach(sink::usage);
            if (errorEvent != null) {
                sink.credentialError(errorEvent);
            }
            return records;
        }
        records.forEach(sink::usage);
        return records;
    }

    private UsageRecord success(Credential credential, String provider, Request request, Instant start, long latency) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("text/event-stream"));
        if (provider.equals("codex")) {
            headers.put("X-Request-Id", List.of("req_" + String.format("%012x", random.nextLong() & 0xffffffffffffL)));
        }
        String responseTier = provider.equals("codex") ? (request.serviceTier().equals("priority") ? "priority"
                : "default") : "";
        return new UsageRecord(start, latency, ttft(latency), source(credential), authIndex(credential),
                token(credential), request.client().ip(), request.client().forwardedFor(),
                request.client().userAgent(), tokens(provider, request.model()), false, 200, "", headers, provider,
                executorType(provider), request.model().id(), request.alias(), request.endpoint(),
                authType(credential), request.client().key(), request.requestId(), request.reasoningEffort(),
                request.serviceTier(), responseTier);
    }

    private void markSucceeded(Credential credential, ModelCatalog.Model model, Instant now) {
        if (credential != null) {
            authFiles.markAttemptSucceeded(credential.authIndex(), model.id(), now);
        }
    }

    private UsageRecord failure(Credential credential, String provider, Request request, Instant start, long latency,
            Failure failure) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        if (failure.retryHint() != null) {
            headers.put("Retry-After", List.of(Long.toString(failure.retryHint().toSeconds())));
        }
        return new UsageRecord(start, latency, 0, source(credential), authIndex(credential), token(credential),
                request.client().ip(), request.client().forwardedFor(), request.client().userAgent(),
                UsageRecord.TokenSplit.NONE, true, failure.status(), failure.body(), headers, provider,
                executorType(provider),
                request.model().id(), request.alias(), request.endpoint(), authType(credential),
                request.client().key(), request.requestId(), request.reasoningEffort(), request.serviceTier(), "");
    }

    private String errorEvent(Credential credential, UsageRecord failed, Failure failure) {
        ObjectNode event = GoJson.object();
        event.put("timestamp", GoText.timestamp(failed.start().plusMillis(failed.latencyMs()), zone));
        event.put("provider", failed.provider());
        event.put("model", failed.model());
        Optional<AuthFile> file = authFiles.findByAuthIndex(credential.authIndex());
        event.put("auth_id", file.map(AuthFile::name).orElse(credential.authIndex()));
        event.put("auth_index", credential.authIndex());
        event.put("status_code", failed.statusCode());
        event.put("body", failed.failBody());
        event.put("code", failure.code());
        event.put("retryable", failed.statusCode() != 401);
        file.ifPresent(f -> {
            ObjectNode status = event.putObject("auth_status");
            status.put("status", f.status());
            status.put("status_message", f.statusMessage());
            status.put("disabled", f.disabled());
            status.put("unavailable", f.unavailable());
            if (f.nextRetryAfter() != null) {
                status.put("next_retry_after", GoText.timestamp(f.nextRetryAfter(), zone));
            }
            Optional<AuthFiles.ModelStatus> model = authFiles.modelStatus(credential.authIndex(), failed.model());
            if (failed.statusCode() == 429) {
                putQuota(status, model.map(AuthFiles.ModelStatus::nextRetryAfter).orElse(f.nextRetryAfter()),
                        model.map(AuthFiles.ModelStatus::backoffLevel).orElse(0));
            }
            model.ifPresent(m -> {
                ObjectNode state = status.putObject("model");
                state.put("name", m.model());
                state.put("status", m.status());
                state.put("status_message", m.statusMessage());
                state.put("unavailable", m.unavailable());
                if (m.nextRetryAfter() != null) {
                    state.put("next_retry_after", GoText.timestamp(m.nextRetryAfter(), zone));
                }
                if (m.quotaExceeded()) {
                    putQuota(state, m.nextRetryAfter(), m.backoffLevel());
                }
            });
        });
        return GoJson.write(event);
    }

    private void putQuota(ObjectNode parent, Instant recoverAt, int backoffLevel) {
        ObjectNode quota = parent.putObject("quota");
        quota.put("exceeded", true);
        quota.put("reason", "quota");
        if (recoverAt != null) {
            quota.put("next_recover_at", GoText.timestamp(recoverAt, zone));
        }
        if (backoffLevel > 0) {
            quota.put("backoff_level", backoffLevel);
        }
    }

    private List<Credential> credentials(Instant now) {
        List<Credential> all = new ArrayList<>(authFiles.available(now));
        for (UpstreamApiKey key : upstreamKeys.get()) {
            List<ModelCatalog.Model> models = ModelCatalog.forApiKey(key);
            if (!models.isEmpty()) {
                all.add(new Credential(key.authIndex(), key.compatibility() ? "openai-compatibility" : key.provider(),
                        key.apiKey(), "apikey", "", models));
            }
        }
        all.removeIf(c -> c.models().isEmpty());
        return all;
    }

    private Credential pickCredential(List<Credential> credentials) {
        List<Credential> oauth = credentials.stream().filter(c -> c.authType().equals("oauth")).toList();
        if (oauth.isEmpty() || oauth.size() < credentials.size() && random.nextInt(10) == 0) {
            List<Credential> keys = credentials.stream().filter(c -> !c.authType().equals("oauth")).toList();
            return keys.get(random.nextInt(keys.size()));
        }
        return oauth.get(random.nextInt(oauth.size()));
    }

    private ModelCatalog.Model pickModel(List<ModelCatalog.Model> models) {
        int roll = random.nextInt(100);
        int index = roll < 65 || models.size() == 1 ? 0 : roll < 90 || models.size() == 2 ? 1 : 2;
        return models.get(Math.min(index, models.size() - 1));
    }

    /**
     * The failures a healthy shared CPA sees now and then: mostly brief throttling (429 without a
     * reset time, which CPA answers with a backoff starting at one second) and a few upstream
     * server errors (CPA cools the model down for one minute). Reached plan limits and revoked
     * tokens would take a model out for 30 to 90 minutes; at a steady failover rate they would
     * pile up on the demo's few accounts, so they come only from the seed and from
     * {@link #emitFailover(int)}.
     */
    private Failure randomFailure(String provider) {
        int roll = random.nextInt(100);
        if (roll < 90) {
            return switch (provider) {
                case "claude" -> new Failure(429, CLAUDE_429_BODY, null, "rate_limit_error");
                case "gemini" -> new Failure(429, GEMINI_429_BODY, null, "RESOURCE_EXHAUSTED");
                default -> new Failure(429, CODEX_RATE_LIMIT_BODY, null, "rate_limit_exceeded");
            };
        }
        return new Failure(List.of(500, 502, 503).get(random.nextInt(3)), SERVER_ERROR_BODY, null, "server_error");
    }

    /** A deliberate failure: a 429 is a reached limit with the provider's reset time. */
    private static Failure limitFailure(String provider, int status) {
        return switch (status) {
            case 429 -> switch (provider) {
                case "claude" -> new Failure(429, CLAUDE_429_BODY, Duration.ofSeconds(LIMIT_RETRY_SECONDS),
                        "rate_limit_error");
                case "gemini" -> new Failure(429, GEMINI_429_BODY, Duration.ofSeconds(LIMIT_RETRY_SECONDS),
                        "RESOURCE_EXHAUSTED");
                default -> new Failure(429, CODEX_LIMIT_BODY, Duration.ofSeconds(CODEX_LIMIT_RESET_SECONDS),
                        "usage_limit_reached");
            };
            case 401 -> new Failure(401, UNAUTHORIZED_BODY, null, "token_expired");
            default -> new Failure(status, SERVER_ERROR_BODY, null, "server_error");
        };
    }

    private String pickClientKey() {
        List<String> keys = clientKeys.get().stream().filter(k -> !k.isBlank()).toList();
        if (keys.isEmpty()) {
            return "";
        }
        int roll = random.nextInt(100);
        int index = roll < 50 ? 0 : roll < 80 ? 1 : 2 + random.nextInt(Math.max(1, keys.size() - 2));
        return keys.get(Math.min(index, keys.size() - 1));
    }

    private String clientIp(String clientKey) {
        return clientKey.isEmpty() ? "127.0.0.1" : "192.0.2." + (10 + Math.floorMod(clientKey.hashCode(), 200));
    }

    private String forwardedFor(String clientKey) {
        return Math.floorMod(clientKey.hashCode(), 3) == 0 ? "203.0.113." + Math.floorMod(clientKey.hashCode(), 250)
                : "";
    }

    private static String userAgent(String provider) {
        return switch (provider) {
            case "codex" -> "codex_cli_rs/0.120.0 (Mac OS 15.5.0; arm64) iTerm.app/3.5.14";
            case "claude" -> "claude-cli/2.1.0 (external, cli)";
            case "gemini" -> "GeminiCLI/0.12.0 (darwin; arm64)";
            default -> "OpenAI/Python 1.109.1";
        };
    }

    private String alias(ModelCatalog.Model model) {
        if (model.id().equals("claude-sonnet-4-6") && random.nextInt(10) == 0) {
            return "sonnet";
        }
        return model.id();
    }

    private String endpoint(String provider, ModelCatalog.Model model) {
        return switch (provider) {
            case "codex" -> random.nextInt(5) == 0 ? "POST /v1/chat/completions" : "POST /v1/responses";
            case "claude" -> "POST /v1/messages";
            case "gemini" -> random.nextBoolean() ? "POST /v1beta/models/" + model.id() + ":streamGenerateContent"
                    : "POST /v1/chat/completions";
            default -> "POST /v1/chat/completions";
        };
    }

    private String reasoningEffort(String provider) {
        return switch (provider) {
            case "codex" -> List.of("low", "medium", "medium", "high", "xhigh").get(random.nextInt(5));
            case "claude", "gemini" -> random.nextBoolean() ? "high" : "";
            default -> "";
        };
    }

    private String serviceTier(String provider) {
        if (!provider.equals("codex")) {
            return "";
        }
        return List.of("auto", "auto", "default", "priority").get(random.nextInt(4));
    }

    private static String executorType(String provider) {
        return switch (provider) {
            case "codex" -> "CodexExecutor";
            case "claude" -> "ClaudeExecutor";
            case "gemini" -> "GeminiCLIExecutor";
            default -> "OpenAICompatExecutor";
        };
    }

    private UsageRecord.TokenSplit tokens(String provider, ModelCatalog.Model model) {
        switch (UsageRecord.Convention.of(provider)) {
            case CLAUDE -> {
                long uncached = 3 + random.nextInt(2000);
                long cacheRead = random.nextInt(5) == 0 ? 0 : random.nextInt(90_000);
                long cacheWrite = random.nextBoolean() ? 0 : random.nextInt(6000);
                return new UsageRecord.TokenSplit(uncached, cacheRead, cacheWrite, 50 + random.nextInt(4000), 0);
            }
            case GEMINI -> {
                long input = 1000 + random.nextInt(30_000);
                long cacheRead = random.nextInt(5) < 2 ? 0 : (long) (input * (0.2 + random.nextDouble() * 0.5));
                long reasoning = random.nextInt(model.id().contains("pro") ? 1500 : 500);
                return new UsageRecord.TokenSplit(input - cacheRead, cacheRead, 0, 50 + random.nextInt(2000),
                        reasoning);
            }
            default -> {
                boolean codex = provider.equals("codex");
                long input = codex ? 2000 + random.nextInt(60_000) : 500 + random.nextInt(8000);
                double ratio = random.nextInt(100) < 15 ? 0 : 0.5 + random.nextDouble() * 0.45;
                long cacheRead = Math.min(input, Math.round(input * ratio / 128.0) * 128);
                long output = 80 + random.nextInt(codex ? 3000 : 1500);
                long reasoning = codex ? (long) (output * random.nextDouble() * 0.6) : 0;
                return new UsageRecord.TokenSplit(input - cacheRead, cacheRead, 0, output - reasoning, reasoning);
            }
        }
    }

    private long latency() {
        return 400 + random.nextInt(12_000);
    }

    private long ttft(long latency) {
        return 150 + random.nextInt((int) Math.max(1, Math.min(latency - 150, 3000)));
    }

    private long subMillis() {
        return random.nextInt(1_000_000);
    }

    private static String source(Credential credential) {
        return credential == null ? "" : credential.source();
    }

    private static String authIndex(Credential credential) {
        return credential == null ? "" : credential.authIndex();
    }

    private static String token(Credential credential) {
        return credential == null ? "" : credential.accessToken();
    }

    private static String authType(Credential credential) {
        return credential == null ? "unknown" : credential.authType();
    }

    private record Client(String key, String ip, String forwardedFor, String userAgent) {
    }

    /** One failed upstream attempt: status, body, the wait the upstream asked for, error code. */
    private record Failure(int status, String body, Duration retryHint, String code) {
    }

    private record Request(ModelCatalog.Model model, String alias, String endpoint, String reasoningEffort,
            String serviceTier, String requestId, Client client) {
    }
}
