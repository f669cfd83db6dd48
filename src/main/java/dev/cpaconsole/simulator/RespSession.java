package dev.cpaconsole.simulator;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RESP connection: {@code AUTH} first (every other command before it is a failed login),
 * then {@code LPOP}/{@code RPOP usage}, {@code SUBSCRIBE}, {@code PING} and {@code QUIT}.
 */
final class RespSession extends SimpleChannelInboundHandler<List<String>> {
    static final int SUBSCRIBER_BUFFER = 256;
    private static final Logger LOG = LoggerFactory.getLogger(RespSession.class);
    private static final String NOT_AN_INTEGER = "ERR value is not an integer or out of range";

    private final CpaSimulator simulator;
    private String clientIp = "";
    private boolean authenticated;
    private Subscription subscription;

    RespSession(CpaSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        clientIp = SimHttpHandler.remoteIp(ctx.channel());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (subscription != null) {
            simulator.hub().unsubscribe(subscription);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (subscription != null && ctx.channel().isWritable()) {
            subscription.drain();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(RespCodec.error("ERR Protocol error: " + cause.getMessage())))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            LOG.debug("RESP connection failed", cause);
            ctx.close();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, List<String> args) {
        if (args.isEmpty()) {
            return;
        }
        String name = args.get(0).toUpperCase(Locale.ROOT);
        simulator.logRespCommand(name);
        if (subscription != null) {
            handleSubscribed(ctx, name, args);
            return;
        }
        if (name.equals("AUTH")) {
            handleAuth(ctx, args);
            return;
        }
        if (!authenticated) {
            ManagementAuth.Decision decision = simulator.auth().check(clientIp, "");
            reply(ctx, decision.status() == 401 ? RespCodec.error("NOAUTH Authentication required.")
                    : RespCodec.error("ERR " + decision.message()));
            return;
        }
        CpaVersion version = simulator.cpaVersion();
        switch (name) {
            case "LPOP", "RPOP" -> handlePop(ctx, name, args, version);
            case "SUBSCRIBE" -> {
                if (version.atLeast("v7.0.7")) {
                    handleSubscribe(ctx, args, version);
                } else {
                    reply(ctx, unknownCommand(args.get(0)));
                }
            }
            case "PING" -> reply(ctx, args.size() > 1 ? RespCodec.bulk(args.get(1)) : RespCodec.simple("PONG"));
            case "QUIT" -> ctx.writeAndFlush(Unpooled.wrappedBuffer(RespCodec.simple("OK")))
                    .addListener(ChannelFutureListener.CLOSE);
            default -> reply(ctx, unknownCommand(args.get(0)));
        }
    }

    private void handleAuth(ChannelHandlerContext ctx, List<String> args) {
        if (args.size() != 2 && args.size() != 3) {
            simulator.auth().check(clientIp, "");
            reply(ctx, RespCodec.error("ERR wrong number of arguments for 'auth' command"));
            return;
        }
        ManagementAuth.Decision decision = simulator.auth().check(clientIp, args.get(args.size() - 1));
        if (decision.allowed()) {
            authenticated = true;
            reply(ctx, RespCodec.simple("OK"));
        } else {
            reply(ctx, RespCodec.error("ERR " + decision.message()));
        }
    }

    private void handlePop(ChannelHandlerContext ctx, String name, List<String> args, CpaVersion version) {
        if (args.size() < 2 || args.size() > 3) {
            reply(ctx, RespCodec.error("ERR wrong number of arguments for '" + name.toLowerCase(Locale.ROOT)
                    + "' command"));
            return;
        }
        String key = args.get(1);
        if (!key.equals(UsageHub.USAGE) && version.atLeast("v7.1.18")) {
            reply(ctx, RespCodec.error("ERR unsupported channel '" + key + "'"));
            return;
        }
        if (args.size() == 2) {
            List<String> popped = simulator.hub().pop(1);
            reply(ctx, popped.isEmpty() ? RespCodec.nil() : RespCodec.bulk(popped.get(0)));
            return;
        }
        int count;
        try {
            count = Integer.parseInt(args.get(2));
        } catch (NumberFormatException e) {
            reply(ctx, RespCodec.error(NOT_AN_INTEGER));
            return;
        }
        if (count <= 0) {
            reply(ctx, RespCodec.error(NOT_AN_INTEGER));
            return;
        }
        List<byte[]> items = new ArrayList<>();
        simulator.hub().pop(count).forEach(item -> items.add(RespCodec.bulk(item)));
        reply(ctx, RespCodec.array(items));
    }

    private void handleSubscribe(ChannelHandlerContext ctx, List<String> args, CpaVersion version) {
        if (args.size() < 2) {
            reply(ctx, RespCodec.error("ERR wrong number of arguments for 'subscribe' command"));
            return;
        }
        for (String channelName : args.subList(1, args.size())) {
            boolean known = channelName.equals(UsageHub.USAGE)
                    || channelName.equals(UsageHub.ERRORS) && version.atLeast("v7.1.44");
            if (!known) {
                reply(ctx, RespCodec.error("ERR unsupported channel '" + channelName + "'"));
                return;
            }
        }
        Subscription sub = new Subscription(ctx.channel());
        subscription = sub;
        for (String channelName : args.subList(1, args.size())) {
            if (!sub.channels.add(channelName)) {
                continue;
            }
            ctx.write(Unpooled.wrappedBuffer(RespCodec.array(List.of(RespCodec.bulk("subscribe"),
                    RespCodec.bulk(channelName), RespCodec.integer(sub.channels.size())))));
            if (channelName.equals(UsageHub.USAGE)) {
                sub.offer(UsageHub.USAGE, UsageHub.SUPPORT_REFRESH);
            }
            simulator.hub().subscribe(sub, channelName);
        }
        ctx.flush();
        sub.drain();
    }

    private void handleSubscribed(ChannelHandlerContext ctx, String name, List<String> args) {
        switch (name) {
            case "PING" -> reply(ctx, RespCodec.array(List.of(RespCodec.bulk("pong"),
                    args.size() > 1 ? RespCodec.bulk(args.get(1)) : RespCodec.nil())));
            case "UNSUBSCRIBE" -> {
                simulator.hub().unsubscribe(subscription);
                List<String> channels = new ArrayList<>(subscription.channels);
                int remaining = channels.size();
                for (String channelName : channels) {
                    remaining--;
                    ctx.write(Unpooled.wrappedBuffer(RespCodec.array(List.of(RespCodec.bulk("unsubscribe"),
                            RespCodec.bulk(channelName), RespCodec.integer(remaining)))));
                }
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
            case "QUIT" -> {
                simulator.hub().unsubscribe(subscription);
                ctx.writeAndFlush(Unpooled.wrappedBuffer(RespCodec.simple("OK")))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            default -> reply(ctx, unknownCommand(args.get(0)));
        }
    }

    private static byte[] unknownCommand(String command) {
        return RespCodec.error("ERR unknown command '" + command.toLowerCase(Locale.ROOT) + "'");
    }

    private static void reply(ChannelHandlerContext ctx, byte[] encoded) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(encoded));
    }

    /**
     * A subscribed connection with CPA's 256-message buffer; messages move to the socket only
     * while it accepts writes, so a client that stops reading fills the buffer and is dropped.
     */
    static final class Subscription implements UsageHub.Subscriber {
        private final Channel channel;
        private final ArrayBlockingQueue<byte[]> buffer = new ArrayBlockingQueue<>(SUBSCRIBER_BUFFER);
        final Set<String> channels = new LinkedHashSet<>();

        Subscription(Channel channel) {
            this.channel = channel;
        }

        @Override
        public boolean offer(String channelName, String payload) {
            if (!buffer.offer(RespCodec.message(channelName, payload))) {
                return false;
            }
            channel.eventLoop().execute(this::drain);
            return true;
        }

        @Override
        public void drop() {
            LOG.debug("Dropping a usage subscriber whose buffer is full");
            channel.close();
        }

        void drain() {
            boolean wrote = false;
            while (channel.isActive() && channel.isWritable()) {
                byte[] next = buffer.poll();
                if (next == null) {
                    break;
                }
                channel.write(Unpooled.wrappedBuffer(next));
                wrote = true;
            }
            if (wrote) {
                channel.flush();
            }
        }
    }
}
