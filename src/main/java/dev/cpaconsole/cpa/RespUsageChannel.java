package dev.cpaconsole.cpa;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One authenticated RESP connection to CPA's usage channel, on the same port as HTTP.
 *
 * <p>CPA counts every command sent before {@code AUTH} as a failed login towards its five-failure
 * IP ban, so the connection is set up to send {@code AUTH <key>} first and nothing else: no
 * {@code HELLO} (the RESP protocol is left unset, which keeps the client on RESP2 without asking),
 * no {@code CLIENT SETNAME}/{@code SETINFO}, no {@code SELECT}. The socket factory hands out
 * exactly one socket, so the client library can never reconnect on its own (its reconnect would
 * skip {@code AUTH}); after any connection failure the channel is dead and the caller decides
 * whether to open a new one.
 *
 * <p>A refused {@code AUTH} latches the shared {@link ManagementKeyLatch}, like a 401 over HTTP.
 * TLS ({@code https}) URLs have no RESP path: see {@link #isPossibleFor(URI)}.
 */
public final class RespUsageChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RespUsageChannel.class);
    private static final String USAGE = "usage";
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Connection connection;
    private final AtomicBoolean dead = new AtomicBoolean();
    private final Object writeLock = new Object();
    private volatile UsageSubscription subscription;
    private volatile boolean singlePopOnly;

    private RespUsageChannel(Connection connection) {
        this.connection = connection;
    }

    /** RESP works only on a plain TCP port; CPA behind TLS or a reverse proxy needs HTTP. */
    public static boolean isPossibleFor(URI baseUri) {
        return "http".equalsIgnoreCase(baseUri.getScheme());
    }

    /**
     * Connects to the CPA of {@code client} and authenticates with its management key.
     *
     * @throws ManagementKeyRejectedException CPA refused the key (the latch is set)
     * @throws CpaUnavailableException no connection could be made
     * @throws IllegalArgumentException the URL is https
     */
    public static RespUsageChannel open(CpaClient client) {
        URI base = client.baseUri();
        if (!isPossibleFor(base)) {
            throw new IllegalArgumentException("RESP is not possible through TLS: " + base);
        }
        HostAndPort address = new HostAndPort(base.getHost(), base.getPort() > 0 ? base.getPort() : 80);
        int connectMillis = (int) client.connectTimeout().toMillis();
        int readMillis = (int) client.requestTimeout().toMillis();
        return client.keyLatch().authenticated(key -> connect(address, key, connectMillis, readMillis,
                client.keyLatch()));
    }

    private static RespUsageChannel connect(HostAndPort address, String key, int connectMillis, int readMillis,
            ManagementKeyLatch latch) {
        JedisClientConfig config = DefaultJedisClientConfig.builder()
                .password(key)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .connectionTimeoutMillis(connectMillis)
                .socketTimeoutMillis(readMillis)
                .blockingSocketTimeoutMillis(0)
                .build();
        JedisSocketFactory oneSocket = new SingleSocketFactory(new DefaultJedisSocketFactory(address, config));
        try {
            return new RespUsageChannel(new Connection(oneSocket, config));
        } catch (JedisConnectionException e) {
            throw new CpaUnavailableException("CPA's RESP port is not reachable at " + address, 0, null, e);
        } catch (JedisDataException e) {
            String cpaError = withoutErrorPrefix(e.getMessage());
            LOG.warn("CPA refused the management key on RESP AUTH: {}", cpaError);
            throw latch.reject(0, cpaError);
        } catch (JedisException e) {
            throw new CpaUnavailableException("RESP handshake with CPA failed", 0, null, e);
        }
    }

    /**
     * {@code LPOP usage n}: pops up to {@code n} items, oldest first, each as its exact text.
     * Falls back to single {@code LPOP}s when the counted form is refused.
     */
    public List<String> popBatch(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        ensureUsable();
        if (subscription != null) {
            throw new IllegalStateException("the channel is subscribed");
        }
        if (!singlePopOnly) {
            try {
                return texts(execute(new CommandArguments(Protocol.Command.LPOP).add(USAGE).add(n)));
            } catch (CpaRequestRejectedException e) {
                LOG.info("CPA refused the counted LPOP ({}); popping one item at a time", e.cpaError());
                singlePopOnly = true;
            }
        }
        List<String> items = new ArrayList<>();
        while (items.size() < n) {
            Object reply = execute(new CommandArguments(Protocol.Command.LPOP).add(USAGE));
            if (reply == null) {
                break;
            }
            items.add(text(reply));
        }
        return List.copyOf(items);
    }

    private Object execute(CommandArguments command) {
        try {
            synchronized (writeLock) {
                return connection.executeCommand(command);
            }
        } catch (JedisConnectionException e) {
            close();
            throw new CpaUnavailableException("Lost the RESP connection to CPA", 0, null, e);
        } catch (JedisDataException e) {
            throw new CpaRequestRejectedException("RESP " + command.getCommand(), 0,
                    withoutErrorPrefix(e.getMessage()));
        }
    }

    /**
     * {@code SUBSCRIBE usage} on a thread of its own. {@code onMessage} gets every message of the
     * channel as sent (CPA's control messages such as {@code {"support_refresh":true}} included)
     * and must not block: CPA drops a subscriber that falls behind. {@code onEnd} is called once when
     * the subscription ends: with null after {@link #unsubscribe()} or {@link #close()}, with the
     * cause when the connection broke. The channel is closed afterwards.
     *
     * @return completes once CPA confirmed the subscription: from then on CPA hands new events to
     *     this subscriber instead of its queue. Completes exceptionally if the subscription ended first.
     */
    public CompletableFuture<Void> subscribe(Consumer<String> onMessage, Consumer<Throwable> onEnd) {
        Objects.requireNonNull(onMessage, "onMessage");
        Objects.requireNonNull(onEnd, "onEnd");
        ensureUsable();
        if (subscription != null) {
            throw new IllegalStateException("already subscribed");
        }
        UsageSubscription pubSub = new UsageSubscription(onMessage);
        subscription = pubSub;
        Thread reader = new Thread(() -> runSubscription(pubSub, onEnd),
                "resp-subscriber-" + THREADS.incrementAndGet());
        reader.setDaemon(true);
        reader.start();
        return pubSub.confirmed;
    }

    private void runSubscription(UsageSubscription pubSub, Consumer<Throwable> onEnd) {
        Throwable cause = null;
        try {
            connection.setTimeoutInfinite();
            pubSub.proceed(connection, USAGE);
            LOG.debug("RESP subscription ended");
        } catch (JedisException e) {
            if (!dead.get()) {
                cause = new CpaUnavailableException("Lost the RESP subscription to CPA", 0, null, e);
            }
        } catch (RuntimeException e) {
            cause = e;
        } finally {
            close();
        }
        pubSub.confirmed.completeExceptionally(cause != null ? cause
                : new CpaUnavailableException("The RESP subscription ended before CPA confirmed it", 0, null, null));
        onEnd.accept(cause);
    }

    /** Sends {@code PING} on the subscription; {@link #lastPong()} shows whether CPA still answers. */
    public void ping() {
        UsageSubscription pubSub = subscription;
        if (pubSub == null || dead.get()) {
            return;
        }
        try {
            synchronized (writeLock) {
                pubSub.ping();
            }
        } catch (JedisException e) {
            LOG.debug("PING on the RESP subscription failed", e);
            close();
        }
    }

    /** When CPA last answered a {@link #ping()}, or null. */
    public Instant lastPong() {
        UsageSubscription pubSub = subscription;
        return pubSub == null ? null : pubSub.lastPong;
    }

    /** Ends the subscription; CPA closes the connection after {@code UNSUBSCRIBE}. */
    public void unsubscribe() {
        UsageSubscription pubSub = subscription;
        if (pubSub == null || dead.get()) {
            close();
            return;
        }
        try {
            synchronized (writeLock) {
                pubSub.unsubscribe();
            }
        } catch (JedisException e) {
            close();
        }
    }

    public boolean isOpen() {
        return !dead.get();
    }

    @Override
    public void close() {
        if (dead.compareAndSet(false, true)) {
            connection.close();
        }
    }

    private void ensureUsable() {
        if (dead.get()) {
            throw new CpaUnavailableException("The RESP connection to CPA is closed", 0, null, null);
        }
    }

    private static List<String> texts(Object reply) {
        if (reply == null) {
            return List.of();
        }
        if (!(reply instanceof List<?> list)) {
            return List.of(text(reply));
        }
        List<String> items = new ArrayList<>(list.size());
        for (Object element : list) {
            if (element != null) {
                items.add(text(element));
            }
        }
        return List.copyOf(items);
    }

    private static String text(Object element) {
        return element instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : element.toString();
    }

    private static String withoutErrorPrefix(String message) {
        if (message == null) {
            return null;
        }
        return message.toUpperCase(Locale.ROOT).startsWith("ERR ") ? message.substring(4) : message;
    }

    private static final class UsageSubscription extends JedisPubSub {
        private final Consumer<String> onMessage;
        private final CompletableFuture<Void> confirmed = new CompletableFuture<>();
        private volatile Instant lastPong;

        UsageSubscription(Consumer<String> onMessage) {
            this.onMessage = onMessage;
        }

        @Override
        public void onMessage(String channel, String message) {
            if (USAGE.equals(channel)) {
                onMessage.accept(message);
            }
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            if (USAGE.equals(channel)) {
                confirmed.complete(null);
            }
        }

        @Override
        public void onPong(String pattern) {
            lastPong = Instant.now();
        }
    }

    /** Hands out one socket only, so that the client library cannot reconnect without AUTH. */
    private static final class SingleSocketFactory implements JedisSocketFactory {
        private final JedisSocketFactory delegate;
        private final AtomicBoolean used = new AtomicBoolean();

        SingleSocketFactory(JedisSocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public Socket createSocket() {
            if (used.getAndSet(true)) {
                throw new JedisConnectionException("the RESP channel does not reconnect by itself");
            }
            return delegate.createSocket();
        }
    }
}
