package dev.cpaconsole.cpa;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed calls to CPA's management API ({@code /v0/management}), and to the one proxy route the
 * console reads, {@code GET /v1/models}.
 *
 * <p>Refusals of the management key (401/403) are never retried: the first one latches the
 * client (see {@link ManagementKeyLatch}) and every later call throws
 * {@link ManagementKeyRejectedException} without touching the network until
 * {@link #replaceManagementKey(String)}. Server errors and network trouble throw
 * {@link CpaUnavailableException}; a missing route throws {@link CpaRouteMissingException}.
 *
 * <p>{@link #proxyModels(String)} and {@link #clientKeyAccepted(String)} authenticate with a client
 * key instead: they never go through the management key latch, and a refusal there is a
 * {@link ClientKeyRejectedException} or a {@code false}.
 *
 * <p>Every management response updates {@link #version()} from its {@code X-CPA-VERSION} header.
 * Thread-safe.
 */
public final class CpaClient {
    private static final Logger LOG = LoggerFactory.getLogger(CpaClient.class);

    public static final String MANAGEMENT_BASE = "/v0/management";
    /** The proxy API's model list; not under {@link #MANAGEMENT_BASE}. */
    public static final String PROXY_MODELS = "/v1/models";
    /**
     * Sent on proxy calls. CPA answers {@code /v1/models} in Anthropic's format to a
     * {@code claude-cli} user agent, so the console names itself.
     */
    static final String USER_AGENT = "cpa-console";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final String VERSION_HEADER = "X-CPA-VERSION";

    private final URI baseUri;
    private final ManagementKeyLatch keyLatch;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();
    private volatile CpaVersion version;

    /**
     * @param baseUri {@code http(s)://host:port} of CPA (a trailing slash or path is ignored)
     * @param keyLatch the management key, shared with the RESP channel of the same CPA
     * @param connectTimeout how long to wait for a connection
     * @param requestTimeout how long to wait for a whole answer
     */
    public CpaClient(URI baseUri, ManagementKeyLatch keyLatch, Duration connectTimeout, Duration requestTimeout) {
        this.baseUri = normalise(baseUri);
        this.keyLatch = Objects.requireNonNull(keyLatch, "keyLatch");
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A client with the default timeouts (connect 5 s, request 15 s). */
    public CpaClient(URI baseUri, String managementKey) {
        this(baseUri, new ManagementKeyLatch(managementKey), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    private static URI normalise(URI uri) {
        String scheme = Objects.requireNonNull(uri, "baseUri").getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("CPA URL must start with http:// or https://: " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("CPA URL has no host: " + uri);
        }
        return URI.create(scheme.toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority());
    }

    public URI baseUri() {
        return baseUri;
    }

    public ManagementKeyLatch keyLatch() {
        return keyLatch;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Installs a new management key and lifts a previous refusal. */
    public void replaceManagementKey(String newKey) {
        keyLatch.replace(newKey);
    }

    /** True once CPA has refused the current key. */
    public boolean isKeyRejected() {
        return keyLatch.isRejected();
    }

    /** The version from the last response, if any response arrived yet. */
    public Optional<CpaVersion> version() {
        return Optional.ofNullable(version);
    }

    /** The features of the version from the last response; those of a legacy build before any. */
    public CpaFeatures features() {
        return CpaFeatures.of(version == null ? CpaVersion.LEGACY : version);
    }

    /** {@code GET /usage-statistics-enabled}: whether CPA produces usage events at all. */
    public boolean usageStatisticsEnabled() {
        return send("GET", "/usage-statistics-enabled", null).path("usage-statistics-enabled").asBoolean(false);
    }

    /** {@code PUT /usage-statistics-enabled}; CPA saves the value to its config.yaml. */
    public void setUsageStatisticsEnabled(boolean enabled) {
        send("PUT", "/usage-statistics-enabled", "{\"value\":" + enabled + "}");
    }

    /** {@code GET /config}. */
    public CpaConfig config() {
        JsonNode raw = send("GET", "/config", null);
        return new CpaConfig(CpaConfig.clampRetention(raw.get("redis-usage-queue-retention-seconds")), raw);
    }

    /**
     * {@code GET /usage-queue?count=n}: pops up to {@code count} usage items, oldest first. Each
     * element is returned as its exact JSON text from the response; an element CPA sent as a JSON
     * string stays a JSON string literal, quotes included, for the reader to judge. Popped items
     * are gone from CPA: store them before anything else.
     */
    public List<String> popUsageQueue(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        String body = sendForText("GET", "/usage-queue?count=" + count, null);
        return splitArray(body);
    }

    /** {@code GET /auth-files}: the credential files, with their request counters. */
    public List<AuthFile> authFiles() {
        JsonNode files = send("GET", "/auth-files", null).path("files");
        List<AuthFile> result = new ArrayList<>();
        for (JsonNode file : files) {
            result.add(authFile(file));
        }
        return List.copyOf(result);
    }

    /** {@code GET /api-key-usage}: counters per upstream API-key credential. */
    public List<ApiKeyUsage> apiKeyUsage() {
        JsonNode providers = send("GET", "/api-key-usage", null);
        List<ApiKeyUsage> result = new ArrayList<>();
        for (Map.Entry<String, JsonNode> provider : providers.properties()) {
            for (Map.Entry<String, JsonNode> credential : provider.getValue().properties()) {
                JsonNode counters = credential.getValue();
                result.add(new ApiKeyUsage(provider.getKey(), credential.getKey(),
                        counters.path("success").asLong(0), counters.path("failed").asLong(0)));
            }
        }
        return List.copyOf(result);
    }

    /** {@code GET /api-keys}: the client keys; CPA's {@code null} for "none" becomes an empty list. */
    public List<String> apiKeys() {
        JsonNode keys = send("GET", "/api-keys", null).path("api-keys");
        List<String> result = new ArrayList<>();
        for (JsonNode key : keys) {
            if (key.isTextual()) {
                result.add(key.asText());
            }
        }
        return List.copyOf(result);
    }

    /**
     * {@code PATCH /api-keys {"old":K,"new":K}}: adds {@code key} to CPA's client keys unless an
     * entry equals it already. Idempotent, and unlike reading the list and writing it back whole it
     * cannot undo a change another tool made in between. CPA answers before its runtime reload, so
     * its proxy may refuse the new key for a moment; see {@link #clientKeyAccepted(String)}.
     *
     * @throws IllegalArgumentException when {@code key} is null or blank
     */
    public void ensureApiKey(String key) {
        requireClientKey(key);
        patchApiKey(key, key);
    }

    /**
     * {@code PATCH /api-keys {"old":OLD,"new":NEW}}: replaces the first entry equal to
     * {@code oldKey} with {@code newKey}, keeping its place in the list. When no entry equals
     * {@code oldKey} (another tool removed it meanwhile) CPA appends {@code newKey} instead, so
     * {@code newKey} is present afterwards either way. As with {@link #ensureApiKey(String)}, the
     * proxy may go on checking the old list for a moment.
     *
     * @throws IllegalArgumentException when either key is null or blank
     */
    public void replaceApiKey(String oldKey, String newKey) {
        requireClientKey(oldKey);
        requireClientKey(newKey);
        patchApiKey(oldKey, newKey);
    }

    /**
     * {@code DELETE /api-keys?value=K}: removes every entry whose trimmed text equals {@code key},
     * and nothing else. Never by index, which would hit another key had the list changed since it
     * was read. Idempotent: CPA answers 200 when nothing matched. An empty list leaves CPA's proxy
     * open to every client, so callers warn before they remove the last key.
     *
     * @throws IllegalArgumentException when {@code key} is null or blank
     */
    public void deleteApiKey(String key) {
        requireClientKey(key);
        send("DELETE", "/api-keys?value=" + URLEncoder.encode(key, StandardCharsets.UTF_8), null);
    }

    private void patchApiKey(String oldKey, String newKey) {
        ObjectNode body = mapper.createObjectNode().put("old", oldKey).put("new", newKey);
        try {
            send("PATCH", "/api-keys", mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a client key as JSON", e);
        }
    }

    private static void requireClientKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a client key is required");
        }
    }

    /**
     * {@code GET /auth-files/models?name=}: the models the auth file {@code name} serves (its file
     * name or id, matched exactly). CPA answers an unknown name, and a disabled file, with an empty
     * list.
     *
     * @throws CpaRouteMissingException when CPA is older than v6.6.11, without calling it when the
     *     version is already known
     */
    public List<AuthFileModel> authFileModels(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an auth file name is required");
        }
        String route = "/auth-files/models";
        CpaVersion known = version;
        if (known != null && !CpaFeatures.of(known).authFileModels()) {
            throw new CpaRouteMissingException(route, null);
        }
        JsonNode models = send("GET", route + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), null)
                .path("models");
        List<AuthFileModel> result = new ArrayList<>();
        for (JsonNode model : models) {
            String id = text(model, "id");
            if (!id.isEmpty()) {
                result.add(new AuthFileModel(id, text(model, "display_name"), text(model, "type"),
                        text(model, "owned_by")));
            }
        }
        return List.copyOf(result);
    }

    /**
     * {@code GET /v1/models} with {@code clientKey} as Bearer: the models CPA's proxy offers, the
     * same for every valid key. Sends neither {@code Anthropic-Version} nor a {@code claude-cli}
     * user agent, which would switch CPA to Anthropic's list format. The management key is not
     * involved: this call neither waits for nor trips its latch, and does not change
     * {@link #version()}, since the proxy API sends no version header.
     *
     * @throws ClientKeyRejectedException when CPA refuses the client key (401)
     * @throws CpaRequestRejectedException for other refusals, e.g. 403 while CPA's proxy is in safe
     *     mode because its client keys are still the example values
     */
    public List<ProxyModel> proxyModels(String clientKey) {
        HttpResponse<String> response = getProxyModels(clientKey);
        int status = response.statusCode();
        String cpaError = status >= 200 && status < 300 ? null : errorText(response.body());
        if (status == 401) {
            LOG.warn("CPA refused the client key on {}: {}", PROXY_MODELS, cpaError);
            throw new ClientKeyRejectedException(PROXY_MODELS, status, cpaError);
        }
        if (status < 200 || status >= 300) {
            throw failure(PROXY_MODELS, status, cpaError);
        }
        JsonNode data;
        try {
            data = mapper.readTree(response.body() == null ? "" : response.body()).path("data");
        } catch (IOException e) {
            throw new CpaUnavailableException("CPA sent an unreadable answer to " + PROXY_MODELS, status, null, e);
        }
        List<ProxyModel> result = new ArrayList<>();
        for (JsonNode model : data) {
            String id = text(model, "id");
            if (!id.isEmpty()) {
                JsonNode created = model.get("created");
                result.add(new ProxyModel(id, text(model, "owned_by"),
                        created != null && created.canConvertToLong() && created.asLong() > 0
                                ? Instant.ofEpochSecond(created.asLong()) : null));
            }
        }
        return List.copyOf(result);
    }

    /**
     * {@code GET /v1/models} with {@code clientKey} as Bearer: whether CPA's proxy accepts the key
     * right now. Right after a key was added CPA may still refuse it until its runtime reload has
     * run, so a caller verifying a new key retries for a short while. While CPA has no client keys
     * at all its proxy is open, and every key counts as accepted. Like {@link #proxyModels(String)}
     * this call neither waits for nor trips the management key latch.
     *
     * @return true when CPA answers 2xx, false when it answers 401
     * @throws CpaRequestRejectedException for other refusals, e.g. 403 while CPA's proxy is in safe
     *     mode because its client keys are still the example values
     * @throws CpaUnavailableException when CPA fails (5xx) or cannot be reached
     * @throws IllegalArgumentException when {@code clientKey} is null or blank
     */
    public boolean clientKeyAccepted(String clientKey) {
        HttpResponse<String> response = getProxyModels(clientKey);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return true;
        }
        String cpaError = errorText(response.body());
        if (status == 401) {
            LOG.debug("CPA's proxy does not accept the client key (yet): {}", cpaError);
            return false;
        }
        throw failure(PROXY_MODELS, status, cpaError);
    }

    private HttpResponse<String> getProxyModels(String clientKey) {
        requireClientKey(clientKey);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri + PROXY_MODELS))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + clientKey.strip())
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .GET()
                .build();
        return call(request);
    }

    private JsonNode send(String method, String route, String body) {
        String text = sendForText(method, route, body);
        if (text.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new CpaUnavailableException("CPA sent an unreadable answer to " + withoutQuery(route), 200, null, e);
        }
    }

    /** The route for logs and messages: a query can hold a client key, which must appear in neither. */
    private static String withoutQuery(String route) {
        int query = route.indexOf('?');
        return query < 0 ? route : route.substring(0, query);
    }

    private String sendForText(String method, String route, String body) {
        return keyLatch.authenticated(key -> exchange(method, route, body, key));
    }

    private String exchange(String method, String route, String body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUri + MANAGEMENT_BASE + route))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + key)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = call(request.build());
        int status = response.statusCode();
        Optional<String> versionHeader = response.headers().firstValue(VERSION_HEADER);
        if (versionHeader.isPresent()) {
            version = CpaVersion.parse(versionHeader.get());
        } else if (status >= 200 && status < 300) {
            // Only an answer that passed the management middleware proves the build predates the header.
            version = CpaVersion.LEGACY;
        }
        if (status >= 200 && status < 300) {
            return response.body() == null ? "" : response.body();
        }
        String cpaError = errorText(response.body());
        if (status == 401 || status == 403) {
            LOG.warn("CPA refused the management key on {} {} with {}: {}", method, withoutQuery(route), status,
                    cpaError);
            throw keyLatch.reject(status, cpaError);
        }
        throw failure(withoutQuery(route), status, cpaError);
    }

    private HttpResponse<String> call(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CpaUnavailableException("CPA is not reachable at " + baseUri + " (" + describe(e) + ")",
                    0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CpaUnavailableException("Interrupted while calling CPA", 0, null, e);
        }
    }

    /** What an answer other than 2xx means, once the caller has dealt with refused keys. */
    private static CpaException failure(String route, int status, String cpaError) {
        if (status == 404) {
            return new CpaRouteMissingException(route, cpaError);
        }
        if (status >= 500) {
            return new CpaUnavailableException("CPA failed on " + route + " with status " + status, status,
                    cpaError, null);
        }
        return new CpaRequestRejectedException(route, status, cpaError);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message;
    }

    /** CPA's {@code {"error": ...}} text, with {@code message} appended where CPA adds one. */
    private String errorText(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(body);
            JsonNode error = node.get("error");
            if (error == null) {
                return null;
            }
            String text = error.isTextual() ? error.asText() : error.toString();
            JsonNode message = node.get("message");
            return message != null && message.isTextual() ? text + ": " + message.asText() : text;
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }

    /** The exact text of each element of a JSON array, in order. */
    List<String> splitArray(String body) {
        if (body.isBlank()) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.VALUE_NULL) {
                return List.of();
            }
            if (first != JsonToken.START_ARRAY) {
                throw new CpaUnavailableException("CPA's usage queue answer is not a JSON array", 200, null, null);
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                int start = (int) parser.currentTokenLocation().getCharOffset();
                if (parser.currentToken().isStructStart()) {
                    parser.skipChildren();
                } else {
                    parser.finishToken();
                }
                int end = (int) parser.currentLocation().getCharOffset();
                items.add(body.substring(start, end));
            }
        } catch (IOException e) {
            throw new CpaUnavailableException("CPA's usage queue answer is not valid JSON", 200, null, e);
        }
        return List.copyOf(items);
    }

    private static AuthFile authFile(JsonNode file) {
        JsonNode idToken = file.path("id_token");
        String provider = text(file, "provider");
        String type = text(file, "type");
        JsonNode priority = file.get("priority");
        return new AuthFile(
                text(file, "name"),
                text(file, "id"),
                text(file, "auth_index"),
                type.isEmpty() ? provider : type,
                provider,
                text(file, "label"),
                text(file, "email"),
                text(file, "status"),
                text(file, "status_message"),
                file.path("disabled").asBoolean(false),
                file.path("unavailable").asBoolean(false),
                file.path("runtime_only").asBoolean(false),
                file.path("success").asLong(0),
                file.path("failed").asLong(0),
                instant(file.get("next_retry_after")),
                instant(file.get("last_refresh")),
                priority != null && priority.canConvertToInt() ? priority.asInt() : null,
                text(file, "note"),
                text(idToken, "plan_type"),
                text(idToken, "chatgpt_account_id"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static Instant instant(JsonNode value) {
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
