package dev.cpaconsole.simulator;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One HTTP request as the simulated routes see it. */
record HttpExchange(FullHttpRequest request, String method, String path, Map<String, List<String>> query,
        String clientIp, byte[] body) {

    static HttpExchange of(FullHttpRequest request, String clientIp) {
        QueryStringDecoder decoder = new QueryStringDecoder(request.uri());
        return new HttpExchange(request, request.method().name(), decoder.path(), decoder.parameters(), clientIp,
                ByteBufUtil.getBytes(request.content()));
    }

    /** The header's value, or {@code ""} when absent. */
    String header(String name) {
        String value = request.headers().get(name);
        return value == null ? "" : value;
    }

    /** The first value of a query parameter, or {@code null} when absent. */
    String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The query string exactly as sent (still percent-encoded, without the {@code ?}), or {@code ""}. */
    String rawQuery() {
        String uri = request.uri();
        int start = uri.indexOf('?');
        return start < 0 ? "" : uri.substring(start + 1);
    }

    List<String> queryParams(String name) {
        return query.getOrDefault(name, List.of());
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
