package dev.cpaconsole.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running, in-process simulation of CLIProxyAPI (CPA) on one TCP port that speaks both HTTP
 * (management API and {@code /v1/models}) and the Redis protocol (usage queue), like CPA itself.
 * It is strict where CPA is strict: login counting and bans, version gates, queue semantics,
 * error strings and status codes follow the CPA management API spec.
 *
 * <p>Start with {@link #start(SimulatorOptions)}, close when done. All methods are thread-safe.
 */
public final class CpaSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CpaSimulator.class);

    private final SimulatorOptions options;
    private final Clock clock;
    private final ZoneId zone;
    private volatile CpaVersion version;
    private final ManagementAuth auth;
    private final UsageHub hub;
    private final RuntimeConfig config;
    private final AuthFiles authFiles;
    private final ApiKeyUsage apiKeyUsage;
    private final LegacyStatistics legacy = new LegacyStatistics();
    private final WhamUsageUpstream upstream;
    private final TrafficGenerator traffic;
    private final ManagementApi managementApi;
    private final List<String> respCommands = new ArrayList<>();
    private final List<String> apiKeyRequests = new ArrayList<>();
    private final AtomicReference<Runnable> afterApiKeyRead = new AtomicReference<>();
    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup ioGroup;
    private final ChannelGroup connections = new DefaultChannelGroup("cpa-sim-connections",
            GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;

    private CpaSimulator(SimulatorOptions options) {
        this.options = options;
        this.clock = options.clock();
        this.zone = options.zone();
        this.version = CpaVersion.parse(options.version());
        this.auth = new ManagementAuth(options.managementKey(), options.allowRemoteManagement(), clock,
                options.banDuration(), this::cpaVersion);
        this.hub = new UsageHub(clock, options.usageStatisticsEnabled(), options.retentionSeconds());
        this.config = new RuntimeConfig(options.apiKeys(), clock, options.keyReloadDelay());
        this.authFiles = new AuthFiles(clock, zone, this::cpaVersion);
        this.authFiles.onCredentialSetChanged(hub::broadcastRefresh);
        this.apiKeyUsage = new ApiKeyUsage(clock, zone, options.upstreamApiKeys());
        this.upstream = new WhamUsageUpstream(authFiles, clock);
        Random random = options.randomSeed().isPresent() ? new Random(options.randomSeed().getAsLong()) : new Random();
        this.traffic = new TrafficGenerator(clock, zone, random, authFiles, apiKeyUsage::keys, config::apiKeys,
                this::cpaVersion, new TrafficGenerator.Sink() {
                    @Override
                    public void usage(String recordJson) {
                        produce(recordJson);
                    }

                    @Override
                    public void credentialError(String eventJson) {
                        hub.publishError(eventJson);
                    }
                }, options.trafficRate());
        this.managementApi = new ManagementApi(this);
        this.acceptGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("cpa-sim-accept", true),
                NioIoHandler.newFactory());
        this.ioGroup = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("cpa-sim-io", true),
                NioIoHandler.newFactory());
    }

    /**
     * Binds the port and returns the running simulator. With {@code demo} set, the demo data is
     * seeded and traffic starts.
     *
     * @throws IllegalStateException if the port cannot be bound
     */
    public static CpaSimulator start(SimulatorOptions options) {
        CpaSimulator simulator = new CpaSimulator(options);
        if (options.demo()) {
            DemoSeed.apply(simulator);
        }
        try {
            simulator.bind();
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
        if (options.demo()) {
            simulator.traffic.start();
        }
        LOG.info("CPA simulator {} listening on {}", simulator.version, simulator.baseUri());
        return simulator;
    }

    private void bind() {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast("sniffer", new ProtocolSniffer(CpaSimulator.this));
                    }
                });
        try {
            serverChannel = bootstrap.bind(options.host(), options.port()).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + options.host() + ":" + options.port(), e);
        } catch (Exception e) {
            // Netty rethrows the socket's BindException undeclared; report every failure alike.
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalStateException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + reason, e);
        }
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** {@code http://<host>:<port>} of the simulated CPA. */
    public URI baseUri() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return URI.create("http://" + host + ":" + port());
    }

    /** The version reported, or {@code null} for a build without version headers. */
    public String version() {
        return version.label();
    }

    /**
     * Changes the version CPA reports and behaves as: {@code v7.2.140}, {@code v6.10.5},
     * {@code v6.9.40}, {@code dev} (newest); {@code null} is a legacy build without version headers.
     */
    public void setVersion(String cpaVersion) {
        this.version = CpaVersion.parse(cpaVersion);
    }

    /** Sets {@code usage-statistics-enabled}; while false no usage events are produced. */
    public void setUsageStatisticsEnabled(boolean enabled) {
        hub.setStatisticsEnabled(enabled);
    }

    public boolean usageStatisticsEnabled() {
        return hub.statisticsEnabled();
    }

    /**
     * Sets {@code redis-usage-queue-retention-seconds} as written in the config; the queue clamps
     * it to 1..3600 and uses 60 for values at or below 0.
     */
    public void setRetentionSeconds(int seconds) {
        hub.setRetentionSeconds(seconds);
    }

    /**
     * Produces one usage event exactly as given (it may be malformed text): it obeys the
     * statistics gate, goes to RESP subscribers instead of the queue while any are attached, and
     * counts toward the {@code success}/{@code failed} counters of the credential it names.
     */
    public void publish(String recordJson) {
        produce(recordJson);
    }

    /** Items waiting in the queue (expired ones are pruned first). */
    public int queuedCount() {
        return hub.queuedCount();
    }

    /** Connections currently subscribed to the {@code usage} channel. */
    public int subscriberCount() {
        return hub.usageSubscriberCount();
    }

    /** Failed management logins counted since start (HTTP and RESP together). */
    public int failedAuthAttempts() {
        return auth.totalFailures();
    }

    /** Every RESP command name received, in order, upper-case. */
    public List<String> respCommandLog() {
        synchronized (respCommands) {
            return List.copyOf(respCommands);
        }
    }

    /**
     * Simulates a CPA process restart on the same port and config: every connection closes
     * (HTTP keep-alive and RESP), the queue, request counters, legacy statistics and login
     * failures/bans are forgotten, and auth files come back as stored on disk. The proxy loads the
     * saved client keys at once, as a fresh process would, whatever reloads were still pending.
     */
    public void restart() {
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        hub.clearQueue();
        config.loadAllNow();
        authFiles.resetRuntime();
        apiKeyUsage.clear();
        legacy.clear();
        auth.clear();
        LOG.info("CPA simulator restarted on {}", baseUri());
    }

    /** The traffic generator producing realistic usage. */
    public TrafficGenerator traffic() {
        return traffic;
    }

    /** The simulated auth-dir. */
    public AuthFiles authFiles() {
        return authFiles;
    }

    /** The scriptable chatgpt.com {@code wham} upstream behind {@code POST /api-call}. */
    public WhamUsageUpstream upstream() {
        return upstream;
    }

    /** The client API keys currently configured (as {@code GET /api-keys} would list them). */
    public List<String> apiKeys() {
        return config.apiKeys();
    }

    /**
     * Replaces the client API keys, as {@code PUT /api-keys} would, except that the proxy checks
     * the new list at once: test setup is not held back by {@link #setKeyReloadDelay(Duration)} or
     * {@link #keepApiKeyWrites(boolean)}.
     */
    public void setApiKeys(List<String> keys) {
        config.setApiKeysNow(keys);
    }

    /**
     * How long after each client key write through the management API (PUT, PATCH or DELETE on
     * {@code /api-keys}) {@code /v1/models} keeps checking the previous access list, measured on
     * the simulator's clock; {@code GET /api-keys} shows the new list at once. CPA answers these
     * writes before its runtime reload, so a new key can be refused for a moment after the 200.
     * Applies to writes made from now on; zero loads every write at once.
     */
    public void setKeyReloadDelay(Duration delay) {
        config.setKeyReloadDelay(delay);
    }

    /**
     * A fault: while {@code keep} is false, PUT, PATCH and DELETE on {@code /api-keys} answer
     * exactly as usual (200 {@code {"status":"ok"}}, or the usual 400 for a bad request) but change
     * nothing. True again makes later writes stick.
     */
    public void keepApiKeyWrites(boolean keep) {
        config.keepApiKeyWrites(keep);
    }

    /**
     * Runs {@code action} once, right after the next {@code GET /api-keys} has taken its snapshot of
     * the list and before that response is sent, so a change made by {@code action} lands between a
     * client's read and its next write. Replaces an action that has not run yet. It runs on the
     * simulator's I/O thread: it may call this simulator's methods (e.g. {@link #setApiKeys(List)})
     * but must not send HTTP requests to it, which could wait for that same thread. An exception
     * from the action makes that {@code GET} answer 500.
     */
    public void afterNextApiKeyRead(Runnable action) {
        afterApiKeyRead.set(Objects.requireNonNull(action, "action"));
    }

    /**
     * Every request on {@code /v0/management/api-keys} that passed the management login, in
     * arrival order, whatever its answer, as {@code METHOD + " " + query + " " + body}: the method
     * in upper case, the query string exactly as sent (still percent-encoded, without the
     * {@code ?}) or empty, and the body as UTF-8 text or empty. Written as Java literals:
     * {@code "GET  "}, {@code "DELETE value=sk-x "}, {@code "PATCH  {\"old\":\"a\",\"new\":\"b\"}"}.
     * Requests the login refused are not listed; {@link #failedAuthAttempts()} counts them.
     */
    public List<String> apiKeyRequestLog() {
        synchronized (apiKeyRequests) {
            return List.copyOf(apiKeyRequests);
        }
    }

    /** The PUT, PATCH and DELETE requests in {@link #apiKeyRequestLog()}, whatever their answer. */
    public int apiKeyWriteCount() {
        synchronized (apiKeyRequests) {
            return (int) apiKeyRequests.stream()
                    .filter(r -> r.startsWith("PUT ") || r.startsWith("PATCH ") || r.startsWith("DELETE "))
                    .count();
        }
    }

    /** Adds a provider API key from the config ({@code codex-api-key} …), counted in {@code /api-key-usage}. */
    public void addUpstreamApiKey(UpstreamApiKey key) {
        apiKeyUsage.add(key);
    }

    /** Stops traffic, closes every connection and releases the port. */
    @Override
    public void close() {
        traffic.shutdown();
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    // ---- internals shared with the handlers ---------------------------------------------------

    void produce(String recordJson) {
        Instant now = clock.instant();
        JsonNode record = GoJson.parseOrNull(recordJson);
        if (record != null && record.isObject()) {
            String authIndex = record.path("auth_index").asText("");
            boolean failed = record.path("failed").asBoolean(false);
            authFiles.recordResult(authIndex, failed, now);
            apiKeyUsage.recordResult(authIndex, failed, now);
            if (hub.statisticsEnabled() && version.atMost("v6.9.49")) {
                legacy.add(record);
            }
        }
        hub.publish(recordJson);
    }

    void logApiKeyRequest(String method, String rawQuery, String body) {
        synchronized (apiKeyRequests) {
            apiKeyRequests.add(method + " " + rawQuery + " " + body);
        }
    }

    void runAfterApiKeyRead() {
        Runnable action = afterApiKeyRead.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }

    void logRespCommand(String name) {
        synchronized (respCommands) {
            respCommands.add(name);
        }
    }

    boolean managementEnabled() {
        return !options.managementDisabled() && options.managementKey() != null
                && !options.managementKey().isEmpty();
    }

    boolean respEnabled() {
        return managementEnabled() && version.speaksResp();
    }

    CpaVersion cpaVersion() {
        return version;
    }

    Clock clock() {
        return clock;
    }

    ManagementAuth auth() {
        return auth;
    }

    UsageHub hub() {
        return hub;
    }

    RuntimeConfig config() {
        return config;
    }

    ApiKeyUsage apiKeyUsage() {
        return apiKeyUsage;
    }

    LegacyStatistics legacy() {
        return legacy;
    }

    ManagementApi managementApi() {
        return managementApi;
    }
}
