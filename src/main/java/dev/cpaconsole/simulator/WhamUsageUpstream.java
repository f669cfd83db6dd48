package dev.cpaconsole.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scriptable stand-in for chatgpt.com's {@code wham} endpoints, reached only through
 * {@code POST /api-call}. It recognises the credential by the bearer token it receives (as the
 * real service would), then answers from the script for that {@code auth_index}, or with a
 * plausible body derived from the auth file.
 */
public final class WhamUsageUpstream {
    /** The Codex usage endpoint consoles poll. */
    public static final String USAGE_URL = "https://chatgpt.com/backend-api/wham/usage";
    /** The reset-credit balance endpoint. */
    public static final String RESET_CREDITS_URL = "https://chatgpt.com/backend-api/wham/rate-limit-reset-credits";

    static final String EXPIRED_TOKEN_BODY =
            "{\"error\":{\"message\":\"Provided authentication token is expired. Please try signing in again.\"}}";
    private static final String USAGE_PATH = "/backend-api/wham/usage";
    private static final String RESET_PATH = "/backend-api/wham/rate-limit-reset-credits";
    private static final UpstreamResponse NETWORK_FAILURE = new UpstreamResponse(0, Map.of(), "");

    private final AuthFiles authFiles;
    private final Clock clock;
    private final Map<String, UpstreamResponse> usageScripts = new ConcurrentHashMap<>();
    private final Map<String, UpstreamResponse> resetScripts = new ConcurrentHashMap<>();
    private final List<UpstreamCall> calls = new ArrayList<>();

    WhamUsageUpstream(AuthFiles authFiles, Clock clock) {
        this.authFiles = authFiles;
        this.clock = clock;
    }

    /** Scripts {@code wham/usage} for this credential (e.g. 401, 402, 429 or a limit-reached body). */
    public void respond(String authIndex, UpstreamResponse response) {
        usageScripts.put(authIndex, response);
    }

    /** Scripts {@code wham/usage} for this credential with a JSON body. */
    public void respond(String authIndex, int statusCode, String body) {
        respond(authIndex, UpstreamResponse.json(statusCode, body));
    }

    /** Scripts {@code wham/rate-limit-reset-credits} for this credential. */
    public void respondResetCredits(String authIndex, UpstreamResponse response) {
        resetScripts.put(authIndex, response);
    }

    /** Makes every call with this credential fail in transport, so CPA answers 502 {@code request failed}. */
    public void failNetwork(String authIndex) {
        usageScripts.put(authIndex, NETWORK_FAILURE);
        resetScripts.put(authIndex, NETWORK_FAILURE);
    }

    /** Back to the default answers for this credential. */
    public void clear(String authIndex) {
        usageScripts.remove(authIndex);
        resetScripts.remove(authIndex);
    }

    public void clearAll() {
        usageScripts.clear();
        resetScripts.clear();
    }

    /** Every call received so far, oldest first. */
    public synchronized List<UpstreamCall> calls() {
        return List.copyOf(calls);
    }

    public synchronized int callCount(String authIndex) {
        return (int) calls.stream().filter(c -> c.authIndex().equals(authIndex)).count();
    }

    static boolean handles(URI uri) {
        return "chatgpt.com".equalsIgnoreCase(uri.getHost()) && uri.getPath() != null
                && uri.getPath().startsWith("/backend-api/wham/");
    }

    /** The upstream's answer, or empty for a transport failure. */
    Optional<UpstreamResponse> answer(String method, URI uri, Map<String, String> headers, String body) {
        String token = bearer(headers);
        Optional<AuthFile> file = authFiles.findByAccessToken(token);
        String authIndex = file.map(AuthFile::authIndex).orElse("");
        synchronized (this) {
            calls.add(new UpstreamCall(authIndex, method, uri.toString(), headers, body));
        }
        String path = uri.getPath();
        UpstreamResponse scripted = null;
        if (path.equals(USAGE_PATH)) {
            scripted = usageScripts.get(authIndex);
        } else if (path.startsWith(RESET_PATH)) {
            scripted = resetScripts.get(authIndex);
        }
        if (scripted == NETWORK_FAILURE) {
            return Optional.empty();
        }
        if (scripted != null) {
            return Optional.of(scripted);
        }
        if (file.isEmpty()) {
            return Optional.of(UpstreamResponse.json(401, EXPIRED_TOKEN_BODY));
        }
        if (path.equals(USAGE_PATH) && "GET".equals(method)) {
            return Optional.of(defaultUsage(file.get()));
        }
        if (path.equals(RESET_PATH) && "GET".equals(method)) {
            return Optional.of(UpstreamResponse.json(200, defaultResetCredits()));
        }
        if (path.equals(RESET_PATH + "/consume") && "POST".equals(method)) {
            return Optional.of(UpstreamResponse.json(200, "{\"status\":\"ok\"}"));
        }
        return Optional.of(UpstreamResponse.json(404, "{\"detail\":\"Not Found\"}"));
    }

    private static String bearer(Map<String, String> headers) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("Authorization")) {
                String value = header.getValue().trim();
                return value.toLowerCase(Locale.ROOT).startsWith("bearer ") ? value.substring(7).trim() : value;
            }
        }
        return "";
    }

    private UpstreamResponse defaultUsage(AuthFile file) {
        if ("unauthorized".equals(file.statusMessage())) {
            return UpstreamResponse.json(401, EXPIRED_TOKEN_BODY);
        }
        ObjectNode content = (ObjectNode) GoJson.parseOrNull(file.content());
        String accountId = content == null ? "" : content.path("account_id").asText("");
        String plan = file.planType().isEmpty() ? "plus" : file.planType();
        boolean exhausted = "quota exhausted".equals(file.statusMessage());
        int seed = Integer.parseInt(file.authIndex().substring(0, 4), 16);
        double shortUsed = exhausted ? 100 : Math.min(99, seed % 40 + file.success() * 0.5);
        double weekUsed = exhausted ? Math.max(81, seed % 50) : Math.min(99, seed % 50 + file.success() * 0.1);
        Instant now = clock.instant();
        ObjectNode body = GoJson.object();
        body.put("user_id", "user-FAKE" + file.authIndex().toUpperCase(Locale.ROOT));
        body.put("account_id", accountId);
        body.put("email", file.email());
        body.put("plan_type", plan);
        ObjectNode rateLimit = body.putObject("rate_limit");
        rateLimit.put("allowed", !exhausted);
        rateLimit.put("limit_reached", exhausted);
        if ("pro".equals(plan)) {
            window(rateLimit.putObject("primary_window"), weekUsed, 604800, 601888, now);
            rateLimit.putNull("secondary_window");
        } else {
            window(rateLimit.putObject("primary_window"), shortUsed, 18000, exhausted ? 5400 : 9240, now);
            window(rateLimit.putObject("secondary_window"), weekUsed, 604800, 311000, now);
        }
        body.putNull("code_review_rate_limit");
        if ("pro".equals(plan)) {
            ArrayNode additional = body.putArray("additional_rate_limits");
            ObjectNode spark = additional.addObject();
            spark.put("limit_name", "GPT-5.3-Codex-Spark");
            spark.put("metered_feature", "codex_bengalfox");
            ObjectNode sparkLimit = spark.putObject("rate_limit");
            sparkLimit.put("allowed", true);
            sparkLimit.put("limit_reached", false);
            window(sparkLimit.putObject("primary_window"), 0, 604800, 602111, now);
            sparkLimit.putNull("secondary_window");
        } else {
            body.putNull("additional_rate_limits");
        }
        ObjectNode credits = body.putObject("credits");
        credits.put("has_credits", false);
        credits.put("unlimited", false);
        credits.put("overage_limit_reached", false);
        credits.put("balance", "0");
        ObjectNode spend = body.putObject("spend_control");
        spend.put("reached", false);
        spend.putNull("individual_limit");
        body.putNull("rate_limit_reached_type");
        ObjectNode resetCredits = body.putObject("rate_limit_reset_credits");
        resetCredits.put("available_count", 1);
        resetCredits.put("applicable_available_count", exhausted ? 1 : 0);
        body.putNull("promo");
        body.putNull("referral_beacon");
        return UpstreamResponse.json(200, GoJson.write(body));
    }

    private static void window(ObjectNode node, double usedPercent, int windowSeconds, int resetAfter, Instant now) {
        if (usedPercent == Math.rint(usedPercent)) {
            node.put("used_percent", (long) usedPercent);
        } else {
            node.put("used_percent", Math.round(usedPercent * 10) / 10.0);
        }
        node.put("limit_window_seconds", windowSeconds);
        node.put("reset_after_seconds", resetAfter);
        node.put("reset_at", now.plusSeconds(resetAfter).getEpochSecond());
    }

    private String defaultResetCredits() {
        Instant now = clock.instant();
        ObjectNode body = GoJson.object();
        body.put("available_count", 1);
        body.put("applicable_available_count", 0);
        ObjectNode credit = body.putArray("credits").addObject();
        credit.put("id", "rlrc_fake_0001");
        credit.put("reset_type", "codex_rate_limits");
        credit.put("status", "available");
        credit.put("granted_at", GoText.timestamp(now.minus(Duration.ofDays(7)), ZoneOffset.UTC));
        credit.put("expires_at", GoText.timestamp(now.plus(Duration.ofDays(24)), ZoneOffset.UTC));
        return GoJson.write(body);
    }
}
