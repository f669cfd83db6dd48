package dev.cpaconsole.simulator;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The simulated auth-dir: OAuth credential files with CPA's runtime state (status, cooldown,
 * request counters). Tests and the demo add, inspect and change files here; the management API
 * sees the same set.
 */
public final class AuthFiles {
    /** The absolute auth-dir the simulated CPA reports in {@code path} and hashes into {@code auth_index}. */
    public static final String AUTH_DIR = "/home/cpa/.cli-proxy-api";
    static final String DISABLED_MESSAGE = "disabled via management API";
    private static final String OPENAI_AUTH_CLAIM = "https://api.openai.com/auth";

    private final Clock clock;
    private final ZoneId zone;
    private final Supplier<CpaVersion> version;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private volatile Runnable onCredentialSetChanged = () -> { };
    private int nextNumericIndex;

    AuthFiles(Clock clock, ZoneId zone, Supplier<CpaVersion> version) {
        this.clock = clock;
        this.zone = zone;
        this.version = version;
    }

    /** The {@code auth_index} CPA derives for a file of this type in the simulated auth-dir. */
    public static String authIndexFor(String type, String name) {
        return Hashes.authIndex(type + ":" + AUTH_DIR + "/" + name);
    }

    /**
     * Adds or replaces a file as an upload would. The content must be a JSON object; its
     * {@code type} decides the provider.
     *
     * @throws IllegalArgumentException if the name or the content is not acceptable to CPA
     */
    public AuthFile put(String name, String content) {
        String nameError = uploadNameError(name);
        if (nameError != null) {
            throw new IllegalArgumentException(nameError);
        }
        String contentError = contentError(content);
        if (contentError != null) {
            throw new IllegalArgumentException("invalid auth file: " + contentError);
        }
        AuthFile snapshot;
        synchronized (this) {
            snapshot = snapshot(store(name, content.getBytes(StandardCharsets.UTF_8)));
        }
        onCredentialSetChanged.run();
        return snapshot;
    }

    /** Adds a realistic Codex file for this account and plan ({@code plus}, {@code pro}, {@code team} …). */
    public AuthFile addCodex(String email, String planType) {
        String accountId = "00000000-0000-4000-8000-" + Hashes.sha256Hex(email).substring(0, 12);
        ObjectNode file = GoJson.object();
        file.put("id_token", codexIdToken(email, planType, accountId));
        file.put("access_token", "fake-access-token-" + tokenSuffix(email));
        file.put("refresh_token", "fake-refresh-token-" + tokenSuffix(email));
        file.put("account_id", accountId);
        file.put("last_refresh", GoText.timestamp(clock.instant().minus(Duration.ofHours(2)), ZoneOffset.UTC));
        file.put("email", email);
        file.put("type", "codex");
        file.put("expired", GoText.timestamp(clock.instant().plus(Duration.ofDays(10)), ZoneOffset.UTC));
        return put("codex-" + email + "-" + planType + ".json", pretty(file));
    }

    /** Adds a realistic Claude OAuth file. */
    public AuthFile addClaude(String email) {
        ObjectNode file = GoJson.object();
        file.put("access_token", "fake-claude-access-" + tokenSuffix(email));
        file.put("refresh_token", "fake-claude-refresh-" + tokenSuffix(email));
        file.put("email", email);
        file.put("type", "claude");
        file.put("last_refresh", GoText.timestamp(clock.instant().minus(Duration.ofHours(1)), ZoneOffset.UTC));
        file.put("expired", GoText.timestamp(clock.instant().plus(Duration.ofHours(7)), ZoneOffset.UTC));
        return put("claude-" + email + ".json", pretty(file));
    }

    /** Adds a realistic Gemini CLI OAuth file bound to a Google Cloud project. */
    public AuthFile addGemini(String email, String projectId) {
        ObjectNode file = GoJson.object();
        ObjectNode token = file.putObject("token");
        token.put("access_token", "fake-gemini-access-" + tokenSuffix(email));
        token.put("refresh_token", "fake-gemini-refresh-" + tokenSuffix(email));
        token.put("token_type", "Bearer");
        file.put("project_id", projectId);
        file.put("email", email);
        file.put("auto", false);
        file.put("checked", true);
        file.put("type", "gemini");
        return put("gemini-" + email + "-" + projectId + ".json", pretty(file));
    }

    /** Removes a file; returns whether it existed. */
    public boolean remove(String name) {
        boolean removed;
        synchronized (this) {
            removed = entries.remove(name) != null;
        }
        if (removed) {
            onCredentialSetChanged.run();
        }
        return removed;
    }

    /** Every file, sorted by name case-insensitively as CPA lists them. */
    public synchronized List<AuthFile> list() {
        return sorted().stream().map(this::snapshot).toList();
    }

    public synchronized Optional<AuthFile> find(String name) {
        return Optional.ofNullable(entries.get(name)).map(this::snapshot);
    }

    public synchronized Optional<AuthFile> findByAuthIndex(String authIndex) {
        return byAuthIndex(authIndex).map(this::snapshot);
    }

    /**
     * Puts the whole credential into CPA's error state, as after a failure not tied to one model:
     * {@code status} {@code error}, {@code unavailable} for every model until
     * {@code nextRetryAfter} ({@code null}: until reset or restart).
     */
    public synchronized void markError(String name, String statusMessage, Instant nextRetryAfter) {
        Entry entry = require(name);
        entry.status = "error";
        entry.statusMessage = statusMessage;
        entry.credentialBlocked = true;
        entry.credentialRetryAfter = nextRetryAfter;
        entry.updatedAt = clock.instant();
        refresh(entry, entry.updatedAt);
    }

    /** Enables or disables a file exactly as {@code PATCH /auth-files/status} does. */
    public synchronized void setDisabled(String name, boolean disabled) {
        applyDisabled(require(name), disabled);
    }

    void onCredentialSetChanged(Runnable listener) {
        this.onCredentialSetChanged = listener;
    }

    // ---- management API -------------------------------------------------------------------

    /** The error CPA gives for a name in download/upload, or {@code null} if the name is fine. */
    static String uploadNameError(String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\")) {
            return "invalid name";
        }
        if (!name.toLowerCase(Locale.ROOT).endsWith(".json")) {
            return "name must end with .json";
        }
        return null;
    }

    /** Go's unmarshal error for content that is not a JSON object, or {@code null}. */
    static String contentError(String content) {
        if (content == null || content.isBlank()) {
            return "unexpected end of JSON input";
        }
        try {
            JsonNode node = GoJson.MAPPER.readTree(content);
            if (node == null || node.isMissingNode()) {
                return "unexpected end of JSON input";
            }
            if (!node.isObject()) {
                String kind = node.isArray() ? "array" : node.isTextual() ? "string" : node.isNumber() ? "number"
                        : node.isBoolean() ? "bool" : "null";
                return node.isNull() ? null
                        : "json: cannot unmarshal " + kind + " into Go value of type map[string]interface {}";
            }
            return null;
        } catch (JsonEOFException e) {
            return "unexpected end of JSON input";
        } catch (JsonParseException e) {
            int offset = (int) Math.max(0, Math.min(content.length() - 1, e.getLocation().getCharOffset() - 1));
            return "invalid character '" + content.charAt(offset) + "' looking for beginning of value";
        } catch (JsonProcessingException e) {
            return "unexpected end of JSON input";
        }
    }

    void upload(String name, byte[] content) {
        synchronized (this) {
            store(name, content);
        }
        onCredentialSetChanged.run();
    }

    synchronized ObjectNode listJson(String nameFilter, String authIndexFilter) {
        ObjectNode body = GoJson.object();
        ArrayNode files = body.putArray("files");
        for (Entry entry : sorted()) {
            if (nameFilter != null && !nameFilter.isEmpty() && !nameFilter.equals(entry.name)) {
                continue;
            }
            if (authIndexFilter != null && !authIndexFilter.isEmpty() && !authIndexFilter.equals(entry.authIndex)) {
                continue;
            }
            files.add(entryJson(entry));
        }
        return body;
    }

    synchronized Optional<byte[]> download(String name) {
        return Optional.ofNullable(entries.get(name)).map(e -> e.content.clone());
    }

    /** Deletes by name; the error text when there is no such file. */
    String deleteOne(String name) {
        if (!remove(name)) {
            return "auth file not found";
        }
        return null;
    }

    int deleteAll() {
        int count;
        synchronized (this) {
            count = (int) entries.keySet().stream().filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".json")).count();
            entries.keySet().removeIf(n -> n.toLowerCase(Locale.ROOT).endsWith(".json"));
        }
        if (count > 0) {
            onCredentialSetChanged.run();
        }
        return count;
    }

    /** {@code PATCH /auth-files/status}; false when no file matches name (and auth_index if given). */
    synchronized boolean patchStatus(String name, String authIndex, boolean disabled) {
        Optional<Entry> entry = lookup(name, authIndex);
        entry.ifPresent(e -> applyDisabled(e, disabled));
        return entry.isPresent();
    }

    /** {@code PATCH /auth-files/fields}; returns the HTTP error (status, message) or {@code null}. */
    synchronized Map.Entry<Integer, String> patchFields(ObjectNode body) {
        JsonNode nameNode = body.get("name");
        String name = nameNode != null && nameNode.isTextual() ? nameNode.asText().trim() : "";
        if (name.isEmpty()) {
            return Map.entry(400, "name is required");
        }
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(k -> {
            if (!k.equals("name")) {
                keys.add(k);
            }
        });
        if (keys.isEmpty()) {
            return Map.entry(400, "no fields to update");
        }
        Optional<Entry> found = lookup(name, null);
        if (found.isEmpty()) {
            return Map.entry(404, "auth file not found");
        }
        for (String key : keys) {
            JsonNode value = body.get(key);
            switch (key) {
                case "weight" -> {
                    if (!value.isNull() && !value.canConvertToExactIntegral()) {
                        return Map.entry(400, "weight must be an integer");
                    }
                }
                case "request_retry" -> {
                    if (!value.isNull() && !value.canConvertToExactIntegral()) {
                        return Map.entry(400, "request_retry must be an integer or null");
                    }
                }
                case "priority" -> {
                    if (!value.isNull() && !value.canConvertToExactIntegral()) {
                        return Map.entry(400, "priority must be an integer");
                    }
                }
                case "disabled", "websockets" -> {
                    if (!value.isBoolean()) {
                        return Map.entry(400, "invalid request body");
                    }
                }
                case "headers" -> {
                    if (!value.isObject()) {
                        return Map.entry(400, "invalid request body");
                    }
                }
                default -> {
                }
            }
        }
        Entry entry = found.get();
        ObjectNode file = entry.json;
        for (String key : keys) {
            JsonNode value = body.get(key);
            switch (key) {
                case "priority", "weight" -> {
                    if (value.isNull() || key.equals("priority") && value.asLong() == 0) {
                        file.remove(key);
                    } else {
                        file.put(key, value.asLong());
                    }
                }
                case "request_retry" -> {
                    if (value.isNull() || value.asLong() < 0) {
                        file.remove(key);
                    } else {
                        file.put(key, value.asLong());
                    }
                }
                case "headers" -> {
                    ObjectNode headers = file.has("headers") && file.get("headers").isObject()
                            ? (ObjectNode) file.get("headers") : file.putObject("headers");
                    value.properties().forEach(h -> {
                        if (h.getValue().asText("").isEmpty()) {
                            headers.remove(h.getKey());
                        } else {
                            headers.set(h.getKey(), h.getValue());
                        }
                    });
                }
                case "disabled" -> applyDisabled(entry, value.asBoolean());
                default -> setPath(file, key, value);
            }
        }
        rewrite(entry);
        return null;
    }

    /** {@code POST /reset-quota}: the cleared per-model states, or empty when the index is unknown. */
    synchronized Optional<List<String>> resetQuota(String authIndex) {
        return byAuthIndex(authIndex).map(entry -> {
            List<String> cleared = entry.modelStates.entrySet().stream()
                    .filter(e -> e.getValue().failed || e.getValue().unavailable)
                    .map(Map.Entry::getKey).toList();
            entry.modelStates.clear();
            entry.credentialBlocked = false;
            entry.credentialRetryAfter = null;
            if ("error".equals(entry.status)) {
                entry.status = "active";
                entry.statusMessage = "";
            }
            entry.updatedAt = clock.instant();
            refresh(entry, entry.updatedAt);
            return cleared;
        });
    }

    /**
     * The models CPA's registry holds for the file named exactly {@code name} (its file name or id,
     * which are the same for files in the auth directory itself): none for an unknown name, and
     * none for a disabled file, whose models CPA unregisters.
     */
    synchronized List<ModelCatalog.Model> modelsOf(String name) {
        Entry entry = entries.get(name);
        if (entry == null || isDisabled(entry)) {
            return List.of();
        }
        return ModelCatalog.forCredential(entry.type, planType(entry));
    }

    /** Models of every enabled file, each once, in catalogue order. */
    synchronized List<ModelCatalog.Model> servedModels() {
        TreeSet<Integer> positions = new TreeSet<>();
        for (Entry entry : entries.values()) {
            if (!isDisabled(entry)) {
                ModelCatalog.forCredential(entry.type, planType(entry))
                        .forEach(m -> positions.add(ModelCatalog.MODELS.indexOf(m)));
            }
        }
        return positions.stream().map(ModelCatalog.MODELS::get).toList();
    }

    /** The token {@code $TOKEN$} becomes, in CPA's lookup order; empty when there is none. */
    synchronized Optional<String> tokenOf(String authIndex) {
        return byAuthIndex(authIndex).map(e -> accessToken(e.json));
    }

    synchronized boolean exists(String authIndex) {
        return byAuthIndex(authIndex).isPresent();
    }

    synchronized Optional<AuthFile> findByAccessToken(String token) {
        return entries.values().stream().filter(e -> !token.isEmpty() && token.equals(accessToken(e.json)))
                .findFirst().map(this::snapshot);
    }

    /** Counts one attempt of this credential; unknown indexes are ignored. */
    synchronized void recordResult(String authIndex, boolean failed, Instant at) {
        byAuthIndex(authIndex).ifPresent(entry -> {
            entry.counters.record(at, failed);
            entry.updatedAt = at;
        });
    }

    /**
     * Enabled files that can serve at least one model now, each with only the models outside
     * their cooldown; cooldowns that ended are lifted first.
     */
    synchronized List<Credential> available(Instant now) {
        List<Credential> out = new ArrayList<>();
        for (Entry entry : sorted()) {
            refresh(entry, now);
            if (isDisabled(entry) || entry.credentialBlocked) {
                continue;
            }
            List<ModelCatalog.Model> models = ModelCatalog.forCredential(entry.type, planType(entry)).stream()
                    .filter(m -> !blocks(entry.modelStates.get(m.id()), now))
                    .toList();
            if (!models.isEmpty()) {
                String email = entry.json.path("email").asText("");
                out.add(new Credential(entry.authIndex, entry.type, email, "oauth", accessToken(entry.json), models));
            }
        }
        return out;
    }

    /**
     * CPA's reaction to a failed attempt on one model: that model of this credential goes into a
     * cooldown chosen by the status code (401/402/403: 30 minutes, 404: 12 hours, 408/5xx: one
     * minute, 429: the upstream's retry hint, else a backoff of 1 s doubling per failure in a row
     * up to 30 minutes); the credential shows {@code status} {@code error} and counts as
     * {@code unavailable} only once every model it has served is cooling down.
     *
     * @param retryHint how long the upstream asked to wait (429 only), or {@code null}
     */
    synchronized void markAttemptFailed(String authIndex, int statusCode, String model, Instant now,
            Duration retryHint) {
        byAuthIndex(authIndex).ifPresent(entry -> {
            String message = switch (statusCode) {
                case 429 -> "quota exhausted";
                case 401 -> "unauthorized";
                case 402, 403 -> "payment_required";
                case 404 -> "not_found";
                default -> "transient upstream error";
            };
            ModelState state = entry.modelStates.computeIfAbsent(model, m -> new ModelState());
            state.failed = true;
            state.unavailable = true;
            state.statusMessage = message;
            state.nextRetryAfter = switch (statusCode) {
                case 401, 402, 403 -> now.plus(Duration.ofMinutes(30));
                case 404 -> now.plus(Duration.ofHours(12));
                case 429 -> now.plus(retryHint != null ? retryHint : state.nextQuotaBackoff());
                case 408, 500, 502, 503, 504 -> now.plus(Duration.ofMinutes(1));
                default -> null;
            };
            state.quotaExceeded = statusCode == 429;
            entry.status = "error";
            entry.statusMessage = message;
            entry.updatedAt = now;
            refresh(entry, now);
        });
    }

    /**
     * CPA's reaction to a successful attempt: the model's cooldown, error and backoff are cleared,
     * and the credential is {@code active} again once none of its models has an error left.
     */
    synchronized void markAttemptSucceeded(String authIndex, String model, Instant now) {
        byAuthIndex(authIndex).ifPresent(entry -> {
            entry.modelStates.computeIfAbsent(model, m -> new ModelState()).reset();
            refresh(entry, now);
            boolean modelError = entry.modelStates.values().stream().anyMatch(m -> m.failed);
            if (!modelError && !entry.credentialBlocked && "error".equals(entry.status)) {
                entry.status = "active";
                entry.statusMessage = "";
            }
            entry.updatedAt = now;
        });
    }

    /** The cooldown state of one model of a credential, as the {@code errors} channel reports it. */
    synchronized Optional<ModelStatus> modelStatus(String authIndex, String model) {
        return byAuthIndex(authIndex).map(entry -> entry.modelStates.get(model)).map(state -> new ModelStatus(
                model, state.failed ? "error" : "active", state.statusMessage, state.unavailable,
                state.nextRetryAfter, state.quotaExceeded, state.backoffLevel));
    }

    /** What a process restart leaves: files as on disk, no counters, no cooldowns. */
    synchronized void resetRuntime() {
        nextNumericIndex = 0;
        for (Entry entry : sorted()) {
            entry.counters.clear();
            entry.unavailable = false;
            entry.nextRetryAfter = null;
            entry.credentialBlocked = false;
            entry.credentialRetryAfter = null;
            entry.modelStates.clear();
            entry.status = isDisabled(entry) ? "disabled" : "active";
            entry.statusMessage = "";
            entry.numericIndex = nextNumericIndex++;
        }
    }

    // ---- internals --------------------------------------------------------------------------

    private Entry store(String name, byte[] content) {
        ObjectNode json = (ObjectNode) GoJson.parseOrNull(new String(content, StandardCharsets.UTF_8));
        if (json == null) {
            json = GoJson.object();
        }
        Instant now = clock.instant();
        Entry entry = entries.get(name);
        if (entry == null) {
            entry = new Entry(name);
            entry.createdAt = now;
            entry.numericIndex = nextNumericIndex++;
            entries.put(name, entry);
        }
        entry.json = json;
        entry.content = content;
        entry.type = json.path("type").asText("unknown").toLowerCase(Locale.ROOT);
        entry.authIndex = authIndexFor(entry.type, name);
        entry.modtime = now;
        entry.updatedAt = now;
        boolean disabled = isDisabled(entry);
        if (disabled) {
            entry.status = "disabled";
        } else if (entry.status == null || "disabled".equals(entry.status)) {
            entry.status = "active";
            entry.statusMessage = "";
        }
        if (entry.statusMessage == null) {
            entry.statusMessage = "";
        }
        return entry;
    }

    private void applyDisabled(Entry entry, boolean disabled) {
        entry.json.put("disabled", disabled);
        if (disabled) {
            entry.status = "disabled";
            entry.statusMessage = DISABLED_MESSAGE;
        } else {
            entry.status = "active";
            entry.statusMessage = "";
        }
        rewrite(entry);
    }

    private void rewrite(Entry entry) {
        entry.content = pretty(entry.json).getBytes(StandardCharsets.UTF_8);
        entry.modtime = clock.instant();
        entry.updatedAt = entry.modtime;
    }

    /**
     * Lifts cooldowns that ended and derives the credential's {@code unavailable} and
     * {@code next_retry_after} as CPA aggregates them: a whole-credential cooldown, or every model
     * with a state cooling down (the earliest end is shown). A model whose cooldown ended keeps its
     * error, and so the credential its {@code error} status, until a success on that model.
     */
    private static void refresh(Entry entry, Instant now) {
        if (entry.credentialBlocked && entry.credentialRetryAfter != null
                && !now.isBefore(entry.credentialRetryAfter)) {
            entry.credentialBlocked = false;
            entry.credentialRetryAfter = null;
            if ("error".equals(entry.status) && entry.modelStates.values().stream().noneMatch(m -> m.failed)) {
                entry.status = "active";
                entry.statusMessage = "";
            }
        }
        Instant earliest = null;
        boolean allCooling = !entry.modelStates.isEmpty();
        for (ModelState state : entry.modelStates.values()) {
            if (state.unavailable && state.nextRetryAfter != null && !now.isBefore(state.nextRetryAfter)) {
                state.unavailable = false;
                state.nextRetryAfter = null;
            }
            if (blocks(state, now)) {
                earliest = earliest == null || state.nextRetryAfter.isBefore(earliest) ? state.nextRetryAfter
                        : earliest;
            } else {
                allCooling = false;
            }
        }
        if (entry.credentialBlocked) {
            entry.unavailable = true;
            entry.nextRetryAfter = entry.credentialRetryAfter;
        } else {
            entry.unavailable = allCooling;
            entry.nextRetryAfter = allCooling ? earliest : null;
        }
    }

    /** CPA skips a model only while its cooldown has an end in the future. */
    private static boolean blocks(ModelState state, Instant now) {
        return state != null && state.unavailable && state.nextRetryAfter != null && state.nextRetryAfter.isAfter(now);
    }

    private Entry require(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no auth file named " + name);
        }
        return entry;
    }

    private Optional<Entry> lookup(String nameOrId, String authIndex) {
        return entries.values().stream()
                .filter(e -> e.name.equals(nameOrId))
                .filter(e -> authIndex == null || authIndex.isEmpty() || authIndex.equals(e.authIndex))
                .findFirst();
    }

    private Optional<Entry> byAuthIndex(String authIndex) {
        if (authIndex == null || authIndex.isEmpty()) {
            return Optional.empty();
        }
        return entries.values().stream().filter(e -> e.authIndex.equals(authIndex)).findFirst();
    }

    private List<Entry> sorted() {
        List<Entry> list = new ArrayList<>(entries.values());
        list.sort(Comparator.comparing((Entry e) -> e.name.toLowerCase(Locale.ROOT)).thenComparing(e -> e.name));
        return list;
    }

    private static boolean isDisabled(Entry entry) {
        return entry.json.path("disabled").asBoolean(false);
    }

    private AuthFile snapshot(Entry entry) {
        refresh(entry, clock.instant());
        ObjectNode json = entry.json;
        Integer priority = json.path("priority").canConvertToExactIntegral() ? json.get("priority").asInt() : null;
        String note = json.path("note").isTextual() ? json.get("note").asText() : null;
        List<String> models = ModelCatalog.forCredential(entry.type, planType(entry)).stream()
                .map(ModelCatalog.Model::id).toList();
        return new AuthFile(entry.name, entry.authIndex, entry.type, json.path("email").asText(""),
                planType(entry), entry.status, entry.statusMessage, isDisabled(entry), entry.unavailable,
                entry.nextRetryAfter, entry.counters.success(), entry.counters.failed(), priority, note,
                accessToken(json), new String(entry.content, StandardCharsets.UTF_8), models);
    }

    private ObjectNode entryJson(Entry entry) {
        refresh(entry, clock.instant());
        CpaVersion v = version.get();
        ObjectNode json = entry.json;
        String email = json.path("email").asText("");
        ObjectNode out = GoJson.object();
        out.put("id", entry.name);
        if (v.atLeast("v6.6.56")) {
            out.put("auth_index", entry.authIndex);
        } else if (v.atLeast("v6.3.56")) {
            out.put("auth_index", entry.numericIndex);
        }
        out.put("name", entry.name);
        out.put("type", entry.type);
        out.put("provider", entry.type);
        out.put("label", email.isEmpty() ? entry.name.replaceFirst("(?i)\\.json$", "") : email);
        out.put("status", entry.status);
        out.put("status_message", entry.statusMessage);
        out.put("disabled", isDisabled(entry));
        out.put("unavailable", entry.unavailable);
        out.put("runtime_only", false);
        out.put("source", "file");
        out.put("size", entry.content.length);
        Instant now = clock.instant();
        if (v.atLeast("v6.9.49")) {
            out.put("success", entry.counters.success());
            out.put("failed", entry.counters.failed());
        }
        if (v.atLeast("v6.9.46")) {
            out.set("recent_requests", entry.counters.recentRequests(now, zone));
        }
        if (!email.isEmpty()) {
            out.put("email", email);
        }
        if (json.path("project_id").isTextual()) {
            out.put("project_id", json.get("project_id").asText());
        }
        out.put("account_type", "oauth");
        if (!email.isEmpty()) {
            out.put("account", email);
        }
        out.put("created_at", GoText.timestamp(entry.createdAt, zone));
        out.put("modtime", GoText.timestamp(entry.modtime, zone));
        out.put("updated_at", GoText.timestamp(entry.updatedAt, zone));
        if (json.path("last_refresh").isTextual()) {
            out.put("last_refresh", json.get("last_refresh").asText());
        }
        if (entry.nextRetryAfter != null && v.atLeast("v6.8.31")) {
            out.put("next_retry_after", GoText.timestamp(entry.nextRetryAfter, zone));
        }
        out.put("path", AUTH_DIR + "/" + entry.name);
        if ("codex".equals(entry.type) && v.atLeast("v6.6.66")) {
            ObjectNode idToken = idTokenClaims(json);
            if (!idToken.isEmpty()) {
                out.set("id_token", idToken);
            }
        }
        if (v.atLeast("v6.8.55")) {
            copyIf(json, out, "priority", json.path("priority").canConvertToExactIntegral());
            copyIf(json, out, "note", json.path("note").isTextual() && !json.get("note").asText().isEmpty());
        }
        if (v.atLeast("v7.2.108")) {
            copyIf(json, out, "weight", json.path("weight").canConvertToExactIntegral());
        }
        if (v.atLeast("v7.1.22")) {
            copyIf(json, out, "websockets", json.path("websockets").isBoolean());
        }
        if (v.atLeast("v7.2.140")) {
            copyIf(json, out, "request_retry", json.path("request_retry").canConvertToExactIntegral());
        }
        return out;
    }

    private static void copyIf(ObjectNode from, ObjectNode to, String key, boolean condition) {
        if (condition) {
            to.set(key, from.get(key));
        }
    }

    private static String planType(Entry entry) {
        return idTokenClaims(entry.json).path("plan_type").asText("");
    }

    /** The Codex id_token claims CPA lists: account id, plan and subscription window. */
    private static ObjectNode idTokenClaims(ObjectNode file) {
        ObjectNode out = GoJson.object();
        String jwt = file.path("id_token").asText("");
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return out;
        }
        JsonNode payload;
        try {
            payload = GoJson.parseOrNull(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return out;
        }
        JsonNode auth = payload == null ? null : payload.get(OPENAI_AUTH_CLAIM);
        if (auth == null || !auth.isObject()) {
            return out;
        }
        putText(out, "chatgpt_account_id", auth.path("chatgpt_account_id").asText(""));
        putText(out, "plan_type", auth.path("chatgpt_plan_type").asText(""));
        putText(out, "chatgpt_subscription_active_start", auth.path("chatgpt_subscription_active_start").asText(""));
        putText(out, "chatgpt_subscription_active_until", auth.path("chatgpt_subscription_active_until").asText(""));
        return out;
    }

    private static void putText(ObjectNode node, String key, String value) {
        if (!value.isEmpty()) {
            node.put(key, value);
        }
    }

    static String accessToken(ObjectNode file) {
        for (String key : List.of("accessToken", "access_token")) {
            if (file.path(key).isTextual() && !file.get(key).asText().isEmpty()) {
                return file.get(key).asText();
            }
        }
        JsonNode token = file.path("token");
        if (token.isTextual() && !token.asText().isEmpty()) {
            return token.asText();
        }
        if (token.isObject()) {
            for (String key : List.of("access_token", "accessToken")) {
                if (token.path(key).isTextual() && !token.get(key).asText().isEmpty()) {
                    return token.get(key).asText();
                }
            }
        }
        for (String key : List.of("id_token", "cookie", "api_key")) {
            if (file.path(key).isTextual() && !file.get(key).asText().isEmpty()) {
                return file.get(key).asText();
            }
        }
        return "";
    }

    private static void setPath(ObjectNode root, String dottedKey, JsonNode value) {
        String[] parts = dottedKey.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value);
    }

    private String codexIdToken(String email, String planType, String accountId) {
        Instant now = clock.instant();
        ObjectNode payload = GoJson.object();
        payload.put("email", email);
        payload.put("email_verified", true);
        payload.put("exp", now.plus(Duration.ofDays(10)).getEpochSecond());
        payload.put("iat", now.minus(Duration.ofHours(2)).getEpochSecond());
        payload.put("iss", "https://auth.openai.com");
        payload.put("sub", "auth0|fake-" + tokenSuffix(email));
        ObjectNode auth = payload.putObject(OPENAI_AUTH_CLAIM);
        auth.put("chatgpt_account_id", accountId);
        auth.put("chatgpt_plan_type", planType);
        Instant periodStart = now.minus(Duration.ofDays(9));
        auth.put("chatgpt_subscription_active_start", GoText.timestamp(periodStart, ZoneOffset.UTC)
                .replace("Z", "+00:00"));
        auth.put("chatgpt_subscription_active_until", GoText.timestamp(periodStart.plus(Duration.ofDays(30)),
                ZoneOffset.UTC).replace("Z", "+00:00"));
        auth.put("chatgpt_user_id", "user-FAKE" + tokenSuffix(email).toUpperCase(Locale.ROOT));
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(GoJson.write(payload).getBytes(StandardCharsets.UTF_8)) + ".fake-signature";
    }

    private static String tokenSuffix(String email) {
        return Hashes.sha256Hex(email).substring(0, 12);
    }

    /** Indented JSON as CPA writes auth files (two spaces, {@code "key": value}). */
    static String pretty(JsonNode node) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return GoJson.MAPPER.writer(printer).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render auth file", e);
        }
    }

    /** One file and its runtime state. */
    private static final class Entry {
        final String name;
        String type;
        String authIndex;
        int numericIndex;
        ObjectNode json;
        byte[] content;
        Instant createdAt;
        Instant modtime;
        Instant updatedAt;
        String status;
        String statusMessage;
        /** Derived by {@link #refresh}: what the list shows as {@code unavailable}. */
        boolean unavailable;
        /** Derived by {@link #refresh}: what the list shows as {@code next_retry_after}. */
        Instant nextRetryAfter;
        /** A cooldown of the whole credential, set by {@link #markError}. */
        boolean credentialBlocked;
        Instant credentialRetryAfter;
        final Map<String, ModelState> modelStates = new TreeMap<>();
        final RequestCounters counters = new RequestCounters();

        Entry(String name) {
            this.name = name;
        }
    }

    /** CPA's per-model state of one credential: cooldown, last error and 429 backoff level. */
    private static final class ModelState {
        private static final Duration BACKOFF_BASE = Duration.ofSeconds(1);
        private static final Duration BACKOFF_MAX = Duration.ofMinutes(30);

        boolean failed;
        boolean unavailable;
        Instant nextRetryAfter;
        String statusMessage = "";
        boolean quotaExceeded;
        int backoffLevel;

        /** The next 429 cooldown without a hint: 1 s, 2 s, 4 s … capped at 30 minutes. */
        Duration nextQuotaBackoff() {
            Duration cooldown = BACKOFF_BASE.multipliedBy(1L << Math.min(backoffLevel, 11));
            if (cooldown.compareTo(BACKOFF_MAX) >= 0) {
                return BACKOFF_MAX;
            }
            backoffLevel++;
            return cooldown;
        }

        void reset() {
            failed = false;
            unavailable = false;
            nextRetryAfter = null;
            statusMessage = "";
            quotaExceeded = false;
            backoffLevel = 0;
        }
    }

    /**
     * One model's state on one credential.
     *
     * @param model model id
     * @param status {@code error} after a failed attempt until the next success, else {@code active}
     * @param statusMessage e.g. {@code quota exhausted}, or {@code ""}
     * @param unavailable in cooldown
     * @param nextRetryAfter end of the cooldown, or {@code null}
     * @param quotaExceeded the last failure was a 429
     * @param backoffLevel how many hintless 429s in a row raised the next cooldown
     */
    record ModelStatus(String model, String status, String statusMessage, boolean unavailable,
            Instant nextRetryAfter, boolean quotaExceeded, int backoffLevel) {
    }
}
