package dev.cpaconsole.collector.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How the collector talks to CPA.
 *
 * @param transport which channel to use; {@link Transport#AUTO} picks by CPA's version and URL
 * @param pollInterval pause between HTTP/RESP pops when a batch came back short; never longer than
 *     a third of CPA's queue retention
 * @param batchSize items asked for per pop
 * @param enableStatistics turn CPA's usage statistics on when they are off
 * @param splitCheckInterval how often CPA's per-account counters are compared with what arrived
 * @param heartbeatInterval how often the collector notes that it is alive
 * @param reconnectMin first pause before reconnecting
 * @param reconnectMax longest pause before reconnecting
 */
public record CollectorSettings(
        Transport transport,
        Duration pollInterval,
        int batchSize,
        boolean enableStatistics,
        Duration splitCheckInterval,
        Duration heartbeatInterval,
        Duration reconnectMin,
        Duration reconnectMax) {

    /** The transport the operator asked for. */
    public enum Transport {
        AUTO, RESP_SUBSCRIBE, HTTP_QUEUE, RESP_POP
    }

    public CollectorSettings {
        Objects.requireNonNull(transport, "transport");
        requirePositive(pollInterval, "pollInterval");
        requirePositive(splitCheckInterval, "splitCheckInterval");
        requirePositive(heartbeatInterval, "heartbeatInterval");
        requirePositive(reconnectMin, "reconnectMin");
        requirePositive(reconnectMax, "reconnectMax");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnectMax must not be shorter than reconnectMin");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** Poll every 2 s, batches of 500, turn statistics on, check for a split stream every minute. */
    public static CollectorSettings defaults() {
        return new CollectorSettings(Transport.AUTO, Duration.ofSeconds(2), 500, true, Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    public CollectorSettings withTransport(Transport value) {
        return new CollectorSettings(value, pollInterval, batchSize, enableStatistics, splitCheckInterval,
                heartbeatInterval, reconnectMin, reconnectMax);
    }

    public CollectorSettings withPollInterval(Duration value) {
        return new CollectorSettings(transport, value, batchSize, enableStatistics, splitCheckInterval,
                heartbeatInterval, reconnectMin, reconnectMax);
    }

    public CollectorSettings withBatchSize(int value) {
        return new CollectorSettings(transport, pollInterval, value, enableStatistics, splitCheckInterval,
                heartbeatInterval, reconnectMin, reconnectMax);
    }

    public CollectorSettings withEnableStatistics(boolean value) {
        return new CollectorSettings(transport, pollInterval, batchSize, value, splitCheckInterval,
                heartbeatInterval, reconnectMin, reconnectMax);
    }

    public CollectorSettings withSplitCheckInterval(Duration value) {
        return new CollectorSettings(transport, pollInterval, batchSize, enableStatistics, value,
                heartbeatInterval, reconnectMin, reconnectMax);
    }

    public CollectorSettings withHeartbeatInterval(Duration value) {
        return new CollectorSettings(transport, pollInterval, batchSize, enableStatistics, splitCheckInterval,
                value, reconnectMin, reconnectMax);
    }

    public CollectorSettings withReconnectBackoff(Duration min, Duration max) {
        return new CollectorSettings(transport, pollInterval, batchSize, enableStatistics, splitCheckInterval,
                heartbeatInterval, min, max);
    }

    /** The pause between pops for a CPA that keeps unread events {@code retentionSeconds} long. */
    public Duration effectivePollInterval(int retentionSeconds) {
        Duration third = Duration.ofMillis(Math.max(1, retentionSeconds) * 1000L / 3);
        return pollInterval.compareTo(third) <= 0 ? pollInterval : third;
    }
}
