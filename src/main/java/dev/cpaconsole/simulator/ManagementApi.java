package dev.cpaconsole.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The routes of the simulated CPA: {@code /v0/management/*} behind the management login, and
 * {@code /v1/models} behind the client keys. Each route carries the versions that have it.
 */
final class ManagementApi {
    static final String BASE = "/v0/management";
    private static final Set<String> ALL_FLAGS = Set.of("true", "1", "*");

    private record Route(Predicate<CpaVersion> available, Function<HttpExchange, HttpReply> handler) {
    }

    private final CpaSimulator simulator;
    private final Map<String, Route> routes = new HashMap<>();

    ManagementApi(CpaSimulator simulator) {
        this.simulator = simulator;
        register();
    }

    HttpReply handle(HttpExchange exchange) {
        if (exchange.method().equals("OPTIONS")) {
            return HttpReply.empty(204);
        }
        String path = exchange.path();
        if (path.equals(BASE) || path.startsWith(BASE + "/")) {
            return management(exchange, path.substring(BASE.length()));
        }
        if (path.equals("/v1/models") && exchange.method().equals("GET")) {
            return models(exchange);
        }
        return HttpReply.empty(404);
    }

    private HttpReply management(HttpExchange exchange, String subPath) {
        if (!simulator.managementEnabled()) {
            return HttpReply.empty(404);
        }
        CpaVersion version = simulator.cpaVersion();
        ManagementAuth.Decision decision = simulator.auth().check(exchange.clientIp(), managementKey(exchange));
        HttpReply reply;
        if (!decision.allowed()) {
            reply = HttpReply.error(decision.status(), decision.message());
        } else {
            if (subPath.equals("/api-keys")) {
                simulator.logApiKeyRequest(exchange.method(), exchange.rawQuery(), exchange.bodyText());
            }
            Route route = routes.get(exchange.method() + " " + subPath);
            reply = route == null || !route.available().test(version) ? HttpReply.empty(404)
                    : route.handler().apply(exchange);
        }
        return withVersionHeaders(reply, version);
    }

    /** Bearer (any case) or a bare value from Authorization; X-Management-Key only without it. */
    static String managementKey(HttpExchange exchange) {
        String authorization = exchange.header("Authorization").trim();
        if (!authorization.isEmpty()) {
            String[] parts = authorization.split(" ", 2);
            if (parts.length == 2 && parts[0].equalsIgnoreCase("bearer")) {
                return parts[1].trim();
            }
            return authorization;
        }
        return exchange.header("X-Management-Key").trim();
    }

    private static HttpReply withVersionHeaders(HttpReply reply, CpaVersion version) {
        if (version.sendsVersionHeaders()) {
            reply.header("X-CPA-VERSION", version.label());
            reply.header("X-CPA-COMMIT", version.isDev() ? "none"
                    : Hashes.sha256Hex(version.label()).substring(0, 7));
            reply.header("X-CPA-BUILD-DATE", version.isDev() ? "unknown" : "2026-08-22T14:39:03Z");
            reply.header("X-CPA-SUPPORT-PLUGIN", version.supportsPlugins() ? "1" : "0");
            reply.header("Access-Control-Expose-Headers", "X-CPA-TRACE-ID, X-CPA-VERSION, X-CPA-COMMIT, "
                    + "X-CPA-BUILD-DATE, X-CPA-SUPPORT-PLUGIN, X-CPA-HOME-VERSION, X-CPA-HOME-BUILD-DATE, "
                    + "X-SERVER-VERSION, X-SERVER-BUILD-DATE, Location, Retry-After, X-Request-Id, OpenAI-Request-Id");
        }
        return reply;
    }

    private void register() {
        Predicate<CpaVersion> always = v -> true;
        route("GET", "/usage-statistics-enabled", v -> v.atLeast("v6.0.5"), e -> statisticsFlag());
        route("PUT", "/usage-statistics-enabled", v -> v.atLeast("v6.0.5"), this::setStatisticsFlag);
        route("PATCH", "/usage-statistics-enabled", v -> v.atLeast("v6.0.5"), this::setStatisticsFlag);
        route("GET", "/config", always, e -> HttpReply.json(200, simulator.config().configJson(simulator.hub(),
                simulator.apiKeyUsage().keys())));
        route("GET", "/usage-queue", v -> v.atLeast("v6.10.8"), this::popUsage);
        route("GET", "/usage", v -> v.atMost("v6.9.49"), e -> HttpReply.json(200, simulator.legacy().usageJson()));
        route("GET", "/usage/export", v -> v.atLeast("v6.6.56") && v.atMost("v6.9.49"), e -> exportUsage());
        route("POST", "/usage/import", v -> v.atLeast("v6.6.56") && v.atMost("v6.9.49"), this::importUsage);
        route("GET", "/api-key-usage", v -> v.atLeast("v6.9.47"),
                e -> HttpReply.json(200, simulator.apiKeyUsage().json()));
        route("GET", "/api-keys", always, e -> listApiKeys());
        route("PUT", "/api-keys", always, this::putApiKeys);
        route("PATCH", "/api-keys", always, this::patchApiKeys);
        route("DELETE", "/api-keys", always, this::deleteApiKeys);
        route("GET", "/auth-files", always, e -> HttpReply.json(200,
                simulator.authFiles().listJson(e.queryParam("name"), e.queryParam("auth_index"))));
        route("POST", "/auth-files", always, this::uploadAuthFiles);
        route("DELETE", "/auth-files", always, this::deleteAuthFiles);
        route("GET", "/auth-files/download", always, this::downloadAuthFile);
        route("GET", "/auth-files/models", v -> v.atLeast("v6.6.11"), this::authFileModels);
        route("PATCH", "/auth-files/status", v -> v.atLeast("v6.7.18"), this::patchAuthFileStatus);
        route("PATCH", "/auth-files/fields", v -> v.atLeast("v6.8.20"), this::patchAuthFileFields);
        route("POST", "/reset-quota", v -> v.atLeast("v7.2.22"), this::resetQuota);
        route("POST", "/api-call", v -> v.atLeast("v6.6.63"), this::apiCall);
        for (String toggle : simulator.config().togglePaths()) {
            String path = "/" + toggle;
            route("GET", path, always, e -> getToggle(toggle));
            route("PUT", path, always, e -> setToggle(toggle, e));
            route("PATCH", path, always, e -> setToggle(toggle, e));
        }
        route("DELETE", "/proxy-url", always, e -> {
            simulator.config().setToggle("proxy-url", GoJson.MAPPER.getNodeFactory().textNode(""));
            return HttpReply.ok();
        });
    }

    private void route(String method, String path, Predicate<CpaVersion> available,
            Function<HttpExchange, HttpReply> handler) {
        routes.put(method + " " + path, new Route(available, handler));
    }

    // ---- usage ------------------------------------------------------------------------------

    private HttpReply statisticsFlag() {
        ObjectNode body = GoJson.object();
        body.put("usage-statistics-enabled", simulator.hub().statisticsEnabled());
        return HttpReply.json(200, body);
    }

    private HttpReply setStatisticsFlag(HttpExchange exchange) {
        JsonNode value = GoJson.parseOrNull(exchange.bodyText());
        if (value == null || !value.path("value").isBoolean()) {
            return HttpReply.error(400, "invalid body");
        }
        simulator.hub().setStatisticsEnabled(value.get("value").asBoolean());
        return HttpReply.ok();
    }

    private HttpReply popUsage(HttpExchange exchange) {
        String countText = exchange.queryParam("count");
        int count = 1;
        if (countText != null && !countText.isEmpty()) {
            long parsed;
            try {
                parsed = Long.parseLong(countText);
            } catch (NumberFormatException e) {
                return HttpReply.error(400, "count must be a positive integer");
            }
            if (parsed <= 0) {
                return HttpReply.error(400, "count must be a positive integer");
            }
            count = (int) Math.min(parsed, Integer.MAX_VALUE);
        }
        StringBuilder body = new StringBuilder("[");
        List<String> items = simulator.hub().pop(count);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            String item = items.get(i);
            body.append(GoJson.parseOrNull(item) != null ? GoJson.compact(item) : GoJson.quote(item));
        }
        return HttpReply.json(200, body.append(']').toString());
    }

    private HttpReply exportUsage() {
        ObjectNode body = GoJson.object();
        body.put("version", 1);
        body.put("exported_at", GoText.timestamp(simulator.clock().instant(), ZoneOffset.UTC));
        body.set("usage", simulator.legacy().snapshot());
        return HttpReply.json(200, body);
    }

    private HttpReply importUsage(HttpExchange exchange) {
        JsonNode body = GoJson.parseOrNull(exchange.bodyText());
        if (body == null || !body.isObject()) {
            return HttpReply.error(400, "invalid json");
        }
        int version = body.path("version").asInt(0);
        if (!body.path("version").isMissingNode() && !body.get("version").isIntegralNumber()
                || version != 0 && version != 1) {
            return HttpReply.error(400, "unsupported version");
        }
        long[] result = simulator.legacy().importSnapshot(body.path("usage"));
        ObjectNode out = GoJson.object();
        out.put("added", result[0]);
        out.put("skipped", result[1]);
        out.put("total_requests", simulator.legacy().totalRequests());
        out.put("failed_requests", simulator.legacy().failedRequests());
        return HttpReply.json(200, out);
    }

    // ---- client keys ------------------------------------------------------------------------

    private HttpReply listApiKeys() {
        ObjectNode body = GoJson.object();
        List<String> keys = simulator.config().apiKeys();
        simulator.runAfterApiKeyRead();
        if (keys.isEmpty()) {
            body.putNull("api-keys");
        } else {
            keys.forEach(body.putArray("api-keys")::add);
        }
        return HttpReply.json(200, body);
    }

    private HttpReply putApiKeys(HttpExchange exchange) {
        JsonNode body = GoJson.parseOrNull(exchange.bodyText());
        Optional<List<String>> keys = Optional.empty();
        if (body != null && body.isArray()) {
            keys = strings(body);
        } else if (body != null && body.isObject() && body.path("items").isArray() && !body.get("items").isEmpty()) {
            keys = strings(body.get("items"));
        }
        if (keys.isEmpty()) {
            return HttpReply.error(400, "invalid body");
        }
        simulator.config().replaceApiKeys(keys.get());
        return HttpReply.ok();
    }

    private HttpReply patchApiKeys(HttpExchange exchange) {
        JsonNode body = GoJson.parseOrNull(exchange.bodyText());
        if (body == null || !body.isObject()) {
            return HttpReply.error(400, "invalid body");
        }
        JsonNode index = body.get("index");
        JsonNode value = body.get("value");
        if (index != null && index.canConvertToExactIntegral() && value != null && value.isTextual()
                && simulator.config().replaceApiKey(index.asInt(), value.asText())) {
            return HttpReply.ok();
        }
        JsonNode oldKey = body.get("old");
        JsonNode newKey = body.get("new");
        if (oldKey != null && oldKey.isTextual() && newKey != null && newKey.isTextual()) {
            simulator.config().replaceOrAppendApiKey(oldKey.asText(), newKey.asText());
            return HttpReply.ok();
        }
        return HttpReply.error(400, "missing fields");
    }

    private HttpReply deleteApiKeys(HttpExchange exchange) {
        String index = exchange.queryParam("index");
        if (index != null && !index.isEmpty()) {
            try {
                if (simulator.config().removeApiKeyAt(Integer.parseInt(index.trim()))) {
                    return HttpReply.ok();
                }
            } catch (NumberFormatException e) {
                // Not an index: fall through to a delete by value, as CPA does.
            }
        }
        String value = exchange.queryParam("value");
        if (value != null && !value.trim().isEmpty()) {
            simulator.config().removeApiKeyValue(value.trim());
            return HttpReply.ok();
        }
        return HttpReply.error(400, "missing index or value");
    }

    private HttpReply models(HttpExchange exchange) {
        Set<String> keys = simulator.config().activeClientKeys();
        if (!keys.isEmpty()) {
            String authorization = exchange.header("Authorization").trim();
            String[] parts = authorization.split(" ", 2);
            String bearer = parts.length == 2 && parts[0].equalsIgnoreCase("bearer") ? parts[1].trim() : authorization;
            List<String> candidates = new ArrayList<>();
            candidates.add(bearer);
            candidates.add(exchange.header("X-Goog-Api-Key").trim());
            candidates.add(exchange.header("X-Api-Key").trim());
            candidates.add(Optional.ofNullable(exchange.queryParam("key")).orElse(""));
            candidates.add(Optional.ofNullable(exchange.queryParam("auth_token")).orElse(""));
            candidates.removeIf(String::isEmpty);
            if (candidates.isEmpty()) {
                return HttpReply.error(401, "Missing API key");
            }
            if (candidates.stream().noneMatch(keys::contains)) {
                return HttpReply.error(401, "Invalid API key");
            }
        }
        if (wantsAnthropicList(exchange)) {
            return HttpReply.json(200, anthropicModelList(simulator.authFiles().servedModels()));
        }
        ObjectNode body = GoJson.object();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        for (ModelCatalog.Model model : simulator.authFiles().servedModels()) {
            ObjectNode entry = data.addObject();
            entry.put("id", model.id());
            entry.put("object", "model");
            entry.put("created", model.created());
            entry.put("owned_by", model.ownedBy());
        }
        return HttpReply.json(200, body);
    }

    /** Anthropic clients announce themselves with this header or Claude Code's user agent. */
    private static boolean wantsAnthropicList(HttpExchange exchange) {
        return !exchange.header("Anthropic-Version").isEmpty()
                || exchange.header("User-Agent").startsWith("claude-cli");
    }

    private static ObjectNode anthropicModelList(List<ModelCatalog.Model> models) {
        ObjectNode body = GoJson.object();
        ArrayNode data = body.putArray("data");
        for (ModelCatalog.Model model : models) {
            ObjectNode entry = data.addObject();
            entry.put("id", model.id());
            entry.put("type", "model");
            entry.put("display_name", model.displayName());
            entry.put("created_at", Instant.ofEpochSecond(model.created()).toString());
        }
        body.put("has_more", false);
        body.put("first_id", models.isEmpty() ? "" : models.getFirst().id());
        body.put("last_id", models.isEmpty() ? "" : models.getLast().id());
        return body;
    }

    // ---- auth files -------------------------------------------------------------------------

    private HttpReply uploadAuthFiles(HttpExchange exchange) {
        String contentType = exchange.header("Content-Type").toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("multipart/form-data")) {
            String name = exchange.queryParam("name");
            String nameError = AuthFiles.uploadNameError(name == null ? "" : name.trim());
            if (nameError != null) {
                return HttpReply.error(400, nameError);
            }
            String contentError = AuthFiles.contentError(exchange.bodyText());
            if (contentError != null) {
                return HttpReply.error(500, "invalid auth file: " + contentError);
            }
            simulator.authFiles().upload(name.trim(), exchange.body());
            return HttpReply.ok();
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        HttpPostRequestDecoder decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false),
                exchange.request());
        try {
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                if (data instanceof FileUpload upload) {
                    String fileName = upload.getFilename().replace('\\', '/');
                    files.put(fileName.substring(fileName.lastIndexOf('/') + 1), upload.get());
                }
            }
        } catch (IOException | HttpPostRequestDecoder.ErrorDataDecoderException e) {
            return HttpReply.error(400, "invalid multipart form");
        } finally {
            decoder.destroy();
        }
        if (files.isEmpty()) {
            return HttpReply.error(400, "no files uploaded");
        }
        List<String> uploaded = new ArrayList<>();
        List<ObjectNode> failed = new ArrayList<>();
        int singleStatus = 200;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String name = file.getKey();
            String error = null;
            if (name.isEmpty()) {
                error = "invalid name";
                singleStatus = 400;
            } else if (!name.toLowerCase(Locale.ROOT).endsWith(".json")) {
                error = "file must be .json";
                singleStatus = 400;
            } else {
                String contentError = AuthFiles.contentError(new String(file.getValue(), StandardCharsets.UTF_8));
                if (contentError != null) {
                    error = "invalid auth file: " + contentError;
                    singleStatus = 500;
                }
            }
            if (error == null) {
                simulator.authFiles().upload(name, file.getValue());
                uploaded.add(name);
            } else {
                ObjectNode failure = GoJson.object();
                failure.put("name", name);
                failure.put("error", error);
                failed.add(failure);
            }
        }
        if (files.size() == 1) {
            return failed.isEmpty() ? HttpReply.ok()
                    : HttpReply.error(singleStatus, failed.get(0).get("error").asText());
        }
        return batchReply("uploaded", uploaded, failed);
    }

    private HttpReply deleteAuthFiles(HttpExchange exchange) {
        String all = exchange.queryParam("all");
        if (all != null && ALL_FLAGS.contains(all.trim().toLowerCase(Locale.ROOT))) {
            ObjectNode body = GoJson.object();
            body.put("status", "ok");
            body.put("deleted", simulator.authFiles().deleteAll());
            return HttpReply.json(200, body);
        }
        List<String> queryNames = exchange.queryParams("name");
        boolean hasBody = !exchange.bodyText().isBlank();
        if (queryNames.size() == 1 && !hasBody) {
            String name = queryNames.get(0).trim();
            if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
                return HttpReply.error(400, "invalid name");
            }
            String error = simulator.authFiles().deleteOne(name);
            return error == null ? HttpReply.ok() : HttpReply.error(404, error);
        }
        List<String> names = new ArrayList<>(queryNames);
        if (hasBody) {
            JsonNode body = GoJson.parseOrNull(exchange.bodyText());
            if (body == null) {
                return HttpReply.error(400, "invalid body");
            }
            if (body.isArray()) {
                body.forEach(n -> names.add(n.asText("")));
            } else if (body.path("names").isArray()) {
                body.get("names").forEach(n -> names.add(n.asText("")));
            } else if (body.path("name").isTextual()) {
                names.add(body.get("name").asText());
            } else {
                return HttpReply.error(400, "invalid body");
            }
        }
        if (names.isEmpty()) {
            return HttpReply.error(400, "invalid name");
        }
        List<String> deleted = new ArrayList<>();
        List<ObjectNode> failed = new ArrayList<>();
        for (String raw : names) {
            String name = raw.trim();
            String error = name.isEmpty() || name.contains("/") || name.contains("\\") ? "invalid name"
                    : simulator.authFiles().deleteOne(name);
            if (error == null) {
                deleted.add(name);
            } else {
                ObjectNode failure = GoJson.object();
                failure.put("name", raw);
                failure.put("error", error);
                failed.add(failure);
            }
        }
        return batchReply("deleted", deleted, failed);
    }

    private static HttpReply batchReply(String countField, List<String> done, List<ObjectNode> failed) {
        ObjectNode body = GoJson.object();
        body.put("status", failed.isEmpty() ? "ok" : "partial");
        body.put(countField, done.size());
        done.forEach(body.putArray("files")::add);
        if (!failed.isEmpty()) {
            failed.forEach(body.putArray("failed")::add);
        }
        return HttpReply.json(failed.isEmpty() ? 200 : 207, body);
    }

    private HttpReply downloadAuthFile(HttpExchange exchange) {
        String name = Optional.ofNullable(exchange.queryParam("name")).orElse("").trim();
        String nameError = AuthFiles.uploadNameError(name);
        if (nameError != null) {
            return HttpReply.error(400, nameError);
        }
        return simulator.authFiles().download(name)
                .map(bytes -> HttpReply.raw(200, "application/json", bytes)
                        .header("Content-Disposition", "attachment; filename=\"" + name + "\""))
                .orElseGet(() -> HttpReply.error(404, "file not found"));
    }

    private HttpReply authFileModels(HttpExchange exchange) {
        // CPA takes the name as sent: only an absent or empty one is an error; anything else is looked up.
        String name = Optional.ofNullable(exchange.queryParam("name")).orElse("");
        if (name.isEmpty()) {
            return HttpReply.error(400, "name is required");
        }
        ObjectNode body = GoJson.object();
        ArrayNode models = body.putArray("models");
        for (ModelCatalog.Model model : simulator.authFiles().modelsOf(name)) {
            ObjectNode entry = models.addObject();
            entry.put("id", model.id());
            entry.put("display_name", model.displayName());
            entry.put("type", model.type());
            entry.put("owned_by", model.ownedBy());
        }
        return HttpReply.json(200, body);
    }

    private HttpReply patchAuthFileStatus(HttpExchange exchange) {
        JsonNode body = GoJson.parseOrNull(exchange.bodyText());
        if (body == null || !body.isObject()) {
            return HttpReply.error(400, "invalid request body");
        }
        String name = body.path("name").asText("").trim();
        if (name.isEmpty()) {
            return HttpReply.error(400, "name is required");
        }
        if (!body.path("disabled").isBoolean()) {
            return HttpReply.error(400, "disabled is required");
        }
        boolean disabled = body.get("disabled").asBoolean();
        if (!simulator.authFiles().patchStatus(name, body.path("auth_index").asText("").trim(), disabled)) {
            return HttpReply.error(404, "auth file not found");
        }
        ObjectNode out = GoJson.object();
        out.put("status", "ok");
        out.put("disabled", disabled);
        return HttpReply.json(200, out);
    }

    private HttpReply patchAuthFileFields(HttpExchange exchange) {
        JsonNode body = GoJson.parseOrNull(exchange.bodyText());
        if (body == null || !body.isObject()) {
            return HttpReply.error(400, "invalid request body");
        }
        Map.Entry<Integer, String> error = simulator.authFiles().patchFields((ObjectNode) body);
        return error == null ? HttpReply.ok() : HttpReply.error(error.getKey(), error.getValue());
    }

    private HttpReply resetQuota(HttpExchange exchange) {
        JsonNode body = GoJson.parseOrNull(exchange.bodyText());
        if (body == null || !body.isObject()) {
            return HttpReply.error(400, "invalid request body");
        }
        String authIndex = body.path("auth_index").asText("").trim();
        if (authIndex.isEmpty()) {
            return HttpReply.error(400, "auth_index is required");
        }
        return simulator.authFiles().resetQuota(authIndex).map(models -> {
            ObjectNode out = GoJson.object();
            out.put("status", "ok");
            out.put("auth_index", authIndex);
            models.forEach(out.putArray("models")::add);
            return HttpReply.json(200, out);
        }).orElseGet(() -> HttpReply.error(404, "auth not found"));
    }

    // ---- api-call ---------------------------------------------------------------------------

    private HttpReply apiCall(HttpExchange exchange) {
        JsonNode body = GoJson.parseOrNull(exchange.bodyText());
        if (body == null || !body.isObject()) {
            return HttpReply.error(400, "invalid body");
        }
        JsonNode headerNode = body.path("header");
        if (!headerNode.isMissingNode() && !headerNode.isNull() && !headerNode.isObject()) {
            return HttpReply.error(400, "invalid body");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> header : headerNode.properties()) {
            if (!header.getValue().isTextual()) {
                return HttpReply.error(400, "invalid body");
            }
            headers.put(header.getKey(), header.getValue().asText());
        }
        String method = body.path("method").asText("").trim().toUpperCase(Locale.ROOT);
        if (method.isEmpty()) {
            return HttpReply.error(400, "missing method");
        }
        String url = body.path("url").asText("").trim();
        if (url.isEmpty()) {
            return HttpReply.error(400, "missing url");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return HttpReply.error(400, "invalid url");
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return HttpReply.error(400, "invalid url");
        }
        String proxyUrl = body.path("proxy_url").asText("").trim();
        if (!proxyUrl.isEmpty() && !validProxy(proxyUrl)) {
            return HttpReply.error(400, "invalid proxy_url");
        }
        String authIndex = "";
        for (String field : List.of("auth_index", "authIndex", "AuthIndex")) {
            if (body.path(field).isTextual() && !body.get(field).asText().isBlank()) {
                authIndex = body.get(field).asText().trim();
                break;
            }
        }
        boolean known = simulator.authFiles().exists(authIndex);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (!header.getValue().contains("$TOKEN$") || !known) {
                continue;
            }
            String token = simulator.authFiles().tokenOf(authIndex).orElse("");
            if (token.isEmpty()) {
                return HttpReply.error(400, "auth token not found");
            }
            header.setValue(header.getValue().replace("$TOKEN$", token));
        }
        if (!WhamUsageUpstream.handles(uri)) {
            return HttpReply.error(502, "request failed");
        }
        Optional<UpstreamResponse> answer = simulator.upstream().answer(method, uri, headers,
                body.path("data").asText(""));
        if (answer.isEmpty()) {
            return HttpReply.error(502, "request failed");
        }
        ObjectNode envelope = GoJson.object();
        envelope.put("status_code", answer.get().statusCode());
        ObjectNode headerOut = envelope.putObject("header");
        new TreeMap<>(answer.get().headers()).forEach((name, values) -> values.forEach(headerOut.putArray(name)::add));
        envelope.put("body", answer.get().body());
        return HttpReply.json(200, envelope);
    }

    private static boolean validProxy(String proxyUrl) {
        if (proxyUrl.equalsIgnoreCase("direct") || proxyUrl.equalsIgnoreCase("none")) {
            return true;
        }
        try {
            URI proxy = new URI(proxyUrl);
            String scheme = proxy.getScheme() == null ? "" : proxy.getScheme().toLowerCase(Locale.ROOT);
            return Set.of("http", "https", "socks5", "socks5h").contains(scheme) && proxy.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    // ---- toggles ----------------------------------------------------------------------------

    private HttpReply getToggle(String toggle) {
        ObjectNode body = GoJson.object();
        body.set(toggle.substring(toggle.lastIndexOf('/') + 1), simulator.config().toggle(toggle));
        return HttpReply.json(200, body);
    }

    private HttpReply setToggle(String toggle, HttpExchange exchange) {
        JsonNode body = GoJson.parseOrNull(exchange.bodyText());
        JsonNode value = body == null ? null : body.get("value");
        if (toggle.equals("routing/strategy") && value != null && value.isTextual()
                && !Set.of("round-robin", "fill-first").contains(value.asText())) {
            return HttpReply.error(400, "invalid strategy");
        }
        if (!simulator.config().setToggle(toggle, value)) {
            return HttpReply.error(400, "invalid body");
        }
        return HttpReply.ok();
    }

    private static Optional<List<String>> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                return Optional.empty();
            }
            out.add(item.asText());
        }
        return Optional.of(out);
    }
}
