package dev.cpaconsole.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * CPA's usage queue and its Pub/Sub channels: the statistics gate, the in-memory list with
 * per-item retention, and pre-emption of the list while anyone subscribes to {@code usage}.
 */
final class UsageHub {
    static final String USAGE = "usage";
    static final String ERRORS = "errors";
    static final String SUPPORT_REFRESH = "{\"support_refresh\":true}";
    static final String REFRESH = "{\"refresh\":true}";

    /** A connection subscribed to one or more channels. */
    interface Subscriber {
        /** Hands over one message; false when the subscriber's buffer is full. */
        boolean offer(String channel, String payload);

        /** Drops a subscriber that fell behind. */
        void drop();
    }

    private record Queued(String payload, Instant enqueuedAt) {
    }

    private final Clock clock;
    private final Deque<Queued> queue = new ArrayDeque<>();
    private final Set<Subscriber> usageSubscribers = new LinkedHashSet<>();
    private final Set<Subscriber> errorSubscribers = new LinkedHashSet<>();
    private volatile boolean statisticsEnabled;
    private volatile int configuredRetentionSeconds;

    UsageHub(Clock clock, boolean statisticsEnabled, int retentionSeconds) {
        this.clock = clock;
        this.statisticsEnabled = statisticsEnabled;
        this.configuredRetentionSeconds = retentionSeconds;
    }

    boolean statisticsEnabled() {
        return statisticsEnabled;
    }

    void setStatisticsEnabled(boolean enabled) {
        this.statisticsEnabled = enabled;
    }

    /** The value as written in the config. */
    int configuredRetentionSeconds() {
        return configuredRetentionSeconds;
    }

    void setRetentionSeconds(int seconds) {
        this.configuredRetentionSeconds = seconds;
    }

    /** The retention the queue applies: values at or below 0 mean 60, the rest is held to 1..3600. */
    static int effectiveRetention(int configured) {
        if (configured <= 0) {
            return 60;
        }
        return Math.min(configured, 3600);
    }

    /**
     * Produces one usage event: nothing while statistics are off; to every {@code usage}
     * subscriber while there is one; otherwise onto the queue. Returns whether it was produced.
     */
    boolean publish(String payload) {
        if (!statisticsEnabled) {
            return false;
        }
        List<Subscriber> subscribers;
        synchronized (this) {
            if (usageSubscribers.isEmpty()) {
                Instant now = clock.instant();
                prune(now);
                queue.addLast(new Queued(payload, now));
                return true;
            }
            subscribers = new ArrayList<>(usageSubscribers);
        }
        deliver(subscribers, USAGE, payload);
        return true;
    }

    /** One credential-failure event on the {@code errors} channel (not queued, not gated). */
    void publishError(String payload) {
        List<Subscriber> subscribers;
        synchronized (this) {
            subscribers = new ArrayList<>(errorSubscribers);
        }
        deliver(subscribers, ERRORS, payload);
    }

    /** Tells {@code usage} subscribers that the credential set was reloaded. */
    void broadcastRefresh() {
        List<Subscriber> subscribers;
        synchronized (this) {
            subscribers = new ArrayList<>(usageSubscribers);
        }
        deliver(subscribers, USAGE, REFRESH);
    }

    /** Removes and returns up to {@code count} items, oldest first. */
    synchronized List<String> pop(int count) {
        prune(clock.instant());
        List<String> out = new ArrayList<>(Math.min(count, queue.size()));
        while (out.size() < count && !queue.isEmpty()) {
            out.add(queue.pollFirst().payload());
        }
        return out;
    }

    synchronized int queuedCount() {
        prune(clock.instant());
        return queue.size();
    }

    synchronized void subscribe(Subscriber subscriber, String channel) {
        (USAGE.equals(channel) ? usageSubscribers : errorSubscribers).add(subscriber);
    }

    synchronized void unsubscribe(Subscriber subscriber) {
        usageSubscribers.remove(subscriber);
        errorSubscribers.remove(subscriber);
    }

    synchronized int usageSubscriberCount() {
        return usageSubscribers.size();
    }

    /** Forgets the queue (subscribers leave when their connections close). */
    synchronized void clearQueue() {
        queue.clear();
    }

    private void deliver(List<Subscriber> subscribers, String channel, String payload) {
        for (Subscriber subscriber : subscribers) {
            if (!subscriber.offer(channel, payload)) {
                unsubscribe(subscriber);
                subscriber.drop();
            }
        }
    }

    private void prune(Instant now) {
        Duration retention = Duration.ofSeconds(effectiveRetention(configuredRetentionSeconds));
        queue.removeIf(item -> Duration.between(item.enqueuedAt(), now).compareTo(retention) > 0);
    }
}
