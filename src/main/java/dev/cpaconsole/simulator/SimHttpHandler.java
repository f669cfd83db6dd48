package dev.cpaconsole.simulator;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves HTTP on the shared port: CORS, then the management API or {@code /v1/models}. */
final class SimHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(SimHttpHandler.class);

    private final ManagementApi api;

    SimHttpHandler(ManagementApi api) {
        this.api = api;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            FullHttpResponse bad = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                    Unpooled.copiedBuffer("400 Bad Request", java.nio.charset.StandardCharsets.UTF_8));
            bad.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            bad.headers().set(HttpHeaderNames.CONTENT_LENGTH, bad.content().readableBytes());
            bad.headers().set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        HttpExchange exchange = HttpExchange.of(request, clientIp(ctx.channel(), request.headers()));
        HttpReply reply;
        try {
            reply = api.handle(exchange);
        } catch (RuntimeException e) {
            LOG.error("Simulated CPA failed on {} {}", exchange.method(), exchange.path(), e);
            reply = HttpReply.error(500, "internal server error");
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status), Unpooled.wrappedBuffer(reply.body));
        reply.headers.forEach((name, value) -> response.headers().set(name, value));
        response.headers().set("Access-Control-Allow-Origin", "*");
        response.headers().set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
        response.headers().set("Access-Control-Allow-Headers", "*");
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, reply.body.length);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection failed", cause);
        ctx.close();
    }

    /**
     * The client IP as gin's {@code ClientIP()} sees it with every proxy trusted: the first
     * X-Forwarded-For entry, else X-Real-IP, else the peer address.
     */
    static String clientIp(Channel channel, HttpHeaders headers) {
        String forwarded = headers.get("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            List<String> hops = List.of(forwarded.split(",")).stream().map(String::trim).toList();
            if (hops.stream().allMatch(SimHttpHandler::isIpLiteral)) {
                return normalise(hops.get(0));
            }
        }
        String realIp = headers.get("X-Real-IP");
        if (realIp != null && isIpLiteral(realIp.trim())) {
            return normalise(realIp.trim());
        }
        return remoteIp(channel);
    }

    static String remoteIp(Channel channel) {
        SocketAddress address = channel.remoteAddress();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return normalise(inet.getAddress());
        }
        return "";
    }

    private static boolean isIpLiteral(String text) {
        try {
            InetAddress.ofLiteral(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalise(String literal) {
        return normalise(InetAddress.ofLiteral(literal));
    }

    private static String normalise(InetAddress address) {
        if (address instanceof Inet6Address && address.isLoopbackAddress()) {
            return "::1";
        }
        return address.getHostAddress();
    }
}
