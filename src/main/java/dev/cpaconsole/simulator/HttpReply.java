package dev.cpaconsole.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response the simulated routes produce. */
final class HttpReply {
    static final String JSON = "application/json; charset=utf-8";

    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    final byte[] body;

    private HttpReply(int status, byte[] body) {
        this.status = status;
        this.body = body;
    }

    static HttpReply json(int status, Object value) {
        String text = value instanceof String raw ? raw : GoJson.write(value);
        return new HttpReply(status, text.getBytes(StandardCharsets.UTF_8)).header("Content-Type", JSON);
    }

    /** CPA's error body: {@code {"error":"<message>"}}. */
    static HttpReply error(int status, String message) {
        ObjectNode body = GoJson.object();
        body.put("error", message);
        return json(status, body);
    }

    static HttpReply ok() {
        ObjectNode body = GoJson.object();
        body.put("status", "ok");
        return json(200, body);
    }

    static HttpReply empty(int status) {
        return new HttpReply(status, new byte[0]);
    }

    static HttpReply raw(int status, String contentType, byte[] body) {
        return new HttpReply(status, body).header("Content-Type", contentType);
    }

    HttpReply header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
