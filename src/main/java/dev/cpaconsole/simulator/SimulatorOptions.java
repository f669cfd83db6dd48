package dev.cpaconsole.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a {@link CpaSimulator} starts. Build one with {@link #builder()}; every setting has the
 * default a stock CPA would have, except that the simulator listens on a free loopback port.
 *
 * @param managementKey plaintext management secret; {@code null} means no secret, so every
 *     management route answers an empty 404 as in CPA
 * @param managementDisabled force the "no management routes" mode even with a key
 * @param allowRemoteManagement CPA's {@code remote-management.allow-remote}; decides whether
 *     clients that are not 127.0.0.1/::1 (after X-Forwarded-For) may use the management API
 * @param version the version CPA reports, e.g. {@code v7.2.140} or {@code dev}; {@code null}
 *     simulates a build old enough to send no version headers
 * @param host address to bind
 * @param port port to bind, 0 for a free one
 * @param usageStatisticsEnabled initial {@code usage-statistics-enabled}
 * @param retentionSeconds initial {@code redis-usage-queue-retention-seconds} (as written in the
 *     config; the queue clamps it to 1..3600 and treats values at or below 0 as 60)
 * @param clock time source for bans, retention, counters and record timestamps
 * @param zone the "server local" zone used in timestamps and bucket labels
 * @param banDuration how long five failed management logins ban an IP
 * @param apiKeys initial client API keys
 * @param upstreamApiKeys provider API keys from the config ({@code codex-api-key} and friends)
 * @param demo seed demo auth files, client keys and upstream keys, switch statistics on and start
 *     traffic at {@code trafficRate}
 * @param trafficRate downstream requests per second the traffic generator uses when started
 * @param randomSeed seed for every random choice, empty for a random seed
 * @param keyReloadDelay how long after a client key write through the management API the proxy
 *     ({@code /v1/models}) still checks the previous access list, measured on {@code clock}; CPA
 *     answers such writes before its runtime reload. Zero (the default) loads every write at once
 */
public record SimulatorOptions(
        String managementKey,
        boolean managementDisabled,
        boolean allowRemoteManagement,
        String version,
        String host,
        int port,
        boolean usageStatisticsEnabled,
        int retentionSeconds,
        Clock clock,
        ZoneId zone,
        Duration banDuration,
        List<String> apiKeys,
        List<UpstreamApiKey> upstreamApiKeys,
        boolean demo,
        double trafficRate,
        OptionalLong randomSeed,
        Duration keyReloadDelay) {

    /** The version a simulator reports unless told otherwise. */
    public static final String DEFAULT_VERSION = "v7.2.140";

    public SimulatorOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(banDuration, "banDuration");
        Objects.requireNonNull(randomSeed, "randomSeed");
        RuntimeConfig.requireDelay(keyReloadDelay);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (trafficRate < 0 || Double.isNaN(trafficRate)) {
            throw new IllegalArgumentException("traffic rate must not be negative: " + trafficRate);
        }
        if (version != null) {
            CpaVersion.parse(version);
        }
        apiKeys = List.copyOf(apiKeys);
        upstreamApiKeys = List.copyOf(upstreamApiKeys);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder seeded with these options. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.managementKey = managementKey;
        builder.managementDisabled = managementDisabled;
        builder.allowRemoteManagement = allowRemoteManagement;
        builder.version = version;
        builder.host = host;
        builder.port = port;
        builder.usageStatisticsEnabled = usageStatisticsEnabled;
        builder.retentionSeconds = retentionSeconds;
        builder.clock = clock;
        builder.zone = zone;
        builder.banDuration = banDuration;
        builder.apiKeys = apiKeys;
        builder.upstreamApiKeys = upstreamApiKeys;
        builder.demo = demo;
        builder.trafficRate = trafficRate;
        builder.randomSeed = randomSeed;
        builder.keyReloadDelay = keyReloadDelay;
        return builder;
    }

    /** Collects options; unset values keep CPA's defaults. */
    public static final class Builder {
        private String managementKey;
        private boolean managementDisabled;
        private boolean allowRemoteManagement;
        private String version = DEFAULT_VERSION;
        private String host = "127.0.0.1";
        private int port;
        private boolean usageStatisticsEnabled;
        private int retentionSeconds = 60;
        private Clock clock = Clock.systemUTC();
        private ZoneId zone = ZoneId.of("Asia/Shanghai");
        private Duration banDuration = Duration.ofMinutes(30);
        private List<String> apiKeys = List.of();
        private List<UpstreamApiKey> upstreamApiKeys = List.of();
        private boolean demo;
        private double trafficRate = 2.0;
        private OptionalLong randomSeed = OptionalLong.empty();
        private Duration keyReloadDelay = Duration.ZERO;

        private Builder() {
        }

        public Builder managementKey(String key) {
            this.managementKey = key;
            return this;
        }

        public Builder managementDisabled(boolean disabled) {
            this.managementDisabled = disabled;
            return this;
        }

        public Builder allowRemoteManagement(boolean allow) {
            this.allowRemoteManagement = allow;
            return this;
        }

        public Builder version(String cpaVersion) {
            this.version = cpaVersion;
            return this;
        }

        public Builder host(String bindHost) {
            this.host = bindHost;
            return this;
        }

        public Builder port(int bindPort) {
            this.port = bindPort;
            return this;
        }

        public Builder usageStatisticsEnabled(boolean enabled) {
            this.usageStatisticsEnabled = enabled;
            return this;
        }

        public Builder retentionSeconds(int seconds) {
            this.retentionSeconds = seconds;
            return this;
        }

        public Builder clock(Clock timeSource) {
            this.clock = timeSource;
            return this;
        }

        public Builder zone(ZoneId serverZone) {
            this.zone = serverZone;
            return this;
        }

        public Builder banDuration(Duration duration) {
            this.banDuration = duration;
            return this;
        }

        public Builder apiKeys(List<String> keys) {
            this.apiKeys = keys;
            return this;
        }

        public Builder upstreamApiKeys(List<UpstreamApiKey> keys) {
            this.upstreamApiKeys = keys;
            return this;
        }

        public Builder demo(boolean seedDemo) {
            this.demo = seedDemo;
            return this;
        }

        public Builder trafficRate(double requestsPerSecond) {
            this.trafficRate = requestsPerSecond;
            return this;
        }

        public Builder randomSeed(long seed) {
            this.randomSeed = OptionalLong.of(seed);
            return this;
        }

        public Builder keyReloadDelay(Duration delay) {
            this.keyReloadDelay = delay;
            return this;
        }

        public SimulatorOptions build() {
            return new SimulatorOptions(managementKey, managementDisabled, allowRemoteManagement, version, host,
                    port, usageStatisticsEnabled, retentionSeconds, clock, zone, banDuration, apiKeys,
                    upstreamApiKeys, demo, trafficRate, randomSeed, keyReloadDelay);
        }
    }
}
