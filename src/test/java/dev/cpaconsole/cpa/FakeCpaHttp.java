package dev.cpaconsole.cpa;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A scripted management API on a free loopback port: each route answers a fixed status and body. */
final class FakeCpaHttp implements AutoCloseable {
    record Answer(int status, String body, String version) {
    }

    record Seen(String method, String pathAndQuery, String authorization, String body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    FakeCpaHttp() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Answers {@code route} (path under the management base, or a path outside it such as
     * {@code /v1/models}; without query) from now on.
     */
    void answer(String route, int status, String body, String version) {
        answers.put(route, new Answer(status, body, version));
    }

    void answer(String route, String body) {
        answer(route, 200, body, "v7.2.140");
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        URI uri = exchange.getRequestURI();
        seen.add(new Seen(exchange.getRequestMethod(),
                uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                exchange.getRequestHeaders().getFirst("Authorization"), body));
        String path = uri.getPath();
        String route = path.startsWith(CpaClient.MANAGEMENT_BASE) ? path.substring(CpaClient.MANAGEMENT_BASE.length())
                : path;
        Answer answer = answers.getOrDefault(route, new Answer(404, "", "v7.2.140"));
        if (answer.version() != null) {
            exchange.getResponseHeaders().add("X-CPA-VERSION", answer.version());
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
