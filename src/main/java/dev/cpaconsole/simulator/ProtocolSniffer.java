package dev.cpaconsole.simulator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Looks at the first byte of a connection, as CPA does, and turns the pipeline into RESP or HTTP.
 * Builds without the RESP listener treat RESP bytes as a broken HTTP request.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {
    private static final int MAX_HTTP_BODY = 64 * 1024 * 1024;
    private static final byte[] GO_BAD_REQUEST = ("HTTP/1.1 400 Bad Request\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request")
            .getBytes(StandardCharsets.US_ASCII);

    private final CpaSimulator simulator;

    ProtocolSniffer(CpaSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        ChannelPipeline pipeline = ctx.pipeline();
        if (RespCodec.isRespFirstByte(in.getByte(in.readerIndex()))) {
            if (!simulator.respEnabled()) {
                in.skipBytes(in.readableBytes());
                ctx.writeAndFlush(Unpooled.wrappedBuffer(GO_BAD_REQUEST)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(16 * 1024, 64 * 1024));
            pipeline.addAfter(ctx.name(), "resp-decoder", new RespCodec.Decoder());
            pipeline.addAfter("resp-decoder", "resp-session", new RespSession(simulator));
        } else {
            pipeline.addAfter(ctx.name(), "http-codec", new HttpServerCodec());
            pipeline.addAfter("http-codec", "http-continue", new HttpServerExpectContinueHandler());
            pipeline.addAfter("http-continue", "http-aggregator", new HttpObjectAggregator(MAX_HTTP_BODY));
            pipeline.addAfter("http-aggregator", "http-handler", new SimHttpHandler(simulator.managementApi()));
        }
        pipeline.remove(this);
    }
}
