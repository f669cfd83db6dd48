package dev.cpaconsole.collector.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.cpaconsole.cpa.AuthFile;
import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.cpa.CpaException;
import dev.cpaconsole.cpa.CpaUnavailableException;
import dev.cpaconsole.cpa.CpaVersion;
import dev.cpaconsole.cpa.ManagementKeyRejectedException;
import dev.cpaconsole.cpa.RespUsageChannel;
import dev.cpaconsole.cpa.UsageItems;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.store.StoreException;
import dev.cpaconsole.usage.core.Origin;
import dev.cpaconsole.usage.core.ReadOutcome;
import dev.cpaconsole.usage.core.ReceivedItem;
import dev.cpaconsole.usage.core.UsageRecordReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings usage events from one CPA into the database, for as long as it runs.
 *
 * <p>On start it records how long the console was away (a {@code console-stopped} gap), then
 * checks that CPA produces usage events at all (turning them on when allowed), reads CPA's queue
 * retention and picks a transport by CPA's version (see {@link TransportChoice}). Every item
 * received is handed to one writer thread at once; the thread that reads from CPA never waits
 * for the database.
 *
 * <p>Network trouble and server errors lead to reconnects with a growing pause and a
 * {@code disconnected} gap. A refused management key stops all traffic (state
 * {@link CollectorState#KEY_REJECTED}) until {@link #replaceManagementKey(String)}. While popping
 * (HTTP queue or RESP pop) CPA's per-account counters are compared with what arrived, to notice
 * another consumer taking events from the same queue.
 *
 * <p>Health listeners are called on the collector's own threads and must return quickly.
 */
public final class Collector {
    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Told to the operator when the console switched CPA's usage statistics on. */
    public static final String STATISTICS_TURNED_ON =
            "Usage statistics were off in CPA; the console turned them on (saved to CPA's config.yaml)";
    static final String STATISTICS_OFF_WARNING =
            "Usage statistics are off in CPA, so it records no usage; allow the console to turn them on";
    private static final Duration UNSUBSCRIBE_WAIT = Duration.ofSeconds(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final CpaClient client;
    private final GapRecorder gaps;
    private final CollectorSettings settings;
    private final Clock clock;
    private final UsageWriter writer;
    private final List<Consumer<CollectorHealth>> healthListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> noticeListeners = new CopyOnWriteArrayList<>();
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private final EventRate rate = new EventRate();
    private static final int CONTROL_MESSAGE_MAX_LENGTH = 64;

    private final AtomicLong receivedTotal = new AtomicLong();
    private final AtomicLong storedTotal = new AtomicLong();
    private final AtomicLong quarantinedTotal = new AtomicLong();
    private final StreamSplitDetector split = new StreamSplitDetector(2, 0.02);
    private final ReconnectBackoff backoff;
    private final Object signal = new Object();

    private volatile Thread loop;
    private volatile boolean stopping;
    private volatile boolean keyReplaced;
    private volatile RespUsageChannel channel;
    private volatile boolean countPerAccount;
    private volatile CollectorState state = CollectorState.STOPPED;
    private volatile CollectorMode mode = CollectorMode.NONE;
    private volatile String cpaVersion;
    private volatile Instant lastReceived;
    private volatile Instant lastStored;
    private volatile String lastError;
    private volatile String splitWarning;
    private volatile String statisticsWarning;
    private volatile String keyAdvice;

    // Touched by the collector thread only.
    private Long disconnectedGap;
    private Long keyRejectedGap;
    private Long statisticsGap;
    private Instant nextHeartbeat = Instant.MIN;
    private Instant nextStatisticsCheck = Instant.MAX;
    private Instant lastCounterReading;

    /**
     * @param client the management client of the CPA to collect from
     * @param sink where received items are stored (the usage store)
     * @param database the console database, for gaps and the heartbeat
     * @param settings transport, intervals and batch size
     * @param clock source of all instants
     */
    public Collector(CpaClient client, UsageSink sink, Database database, CollectorSettings settings, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.gaps = new GapRecorder(Objects.requireNonNull(database, "database"));
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writer = new UsageWriter(sink, clock, this::committed, this::writeFailed,
                database.file().toAbsolutePath().getParent());
        this.backoff = new ReconnectBackoff(settings.reconnectMin(), settings.reconnectMax(),
                ThreadLocalRandom.current());
    }

    public Collector(CpaClient client, UsageSink sink, Database database, CollectorSettings settings) {
        this(client, sink, database, settings, Clock.systemUTC());
    }

    /**
     * Records the time since the previous run as a gap and starts collecting on a thread of its
     * own. Throws {@link StoreException} when the database cannot be written.
     */
    public synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException("the collector was already started");
        }
        Instant now = clock.instant();
        gaps.recordConsoleStopped(now).ifPresent(gap -> LOG.info("The console was not collecting from {} to {}",
                gap.start(), gap.end()));
        gaps.heartbeat(now);
        nextHeartbeat = now.plus(settings.heartbeatInterval());
        writer.start();
        state = CollectorState.CONNECTING;
        Thread thread = new Thread(this::run, "collector-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        loop = thread;
        thread.start();
        publish();
    }

    /**
     * Stops collecting: ends the subscription or finishes the pop in flight, writes everything
     * received so far, notes a last heartbeat and returns.
     */
    public synchronized void stop() {
        Thread thread = loop;
        if (thread == null || state == CollectorState.STOPPED && stopping) {
            return;
        }
        stopping = true;
        wake();
        join(thread, client.requestTimeout().plus(STOP_GRACE));
        if (thread.isAlive()) {
            closeChannel();
            thread.interrupt();
            join(thread, STOP_GRACE);
        }
        writer.stop();
        Instant now = clock.instant();
        disconnectedGap = closeGap(disconnectedGap, now);
        keyRejectedGap = closeGap(keyRejectedGap, now);
        statisticsGap = closeGap(statisticsGap, now);
        heartbeat(now);
        state = CollectorState.STOPPED;
        mode = CollectorMode.NONE;
        LOG.info("Collector stopped: {} received, {} stored, {} quarantined", receivedTotal.get(),
                storedTotal.get(), quarantinedTotal.get());
        publish();
    }

    /**
     * Ends at once without writing what is still queued and without a last heartbeat, as if the
     * process had been killed. For tests of recovery and for an emergency exit.
     */
    public synchronized void halt() {
        Thread thread = loop;
        if (thread == null) {
            return;
        }
        stopping = true;
        closeChannel();
        thread.interrupt();
        writer.abandon();
        join(thread, STOP_GRACE);
        state = CollectorState.STOPPED;
        mode = CollectorMode.NONE;
        publish();
    }

    /** Installs a new management key; a collector stopped by a refused key starts again. */
    public void replaceManagementKey(String newKey) {
        client.replaceManagementKey(newKey);
        keyReplaced = true;
        wake();
    }

    /**
     * Replaces "check it in Settings" in what the operator is told about a refused key, for a
     * console without Settings (such as {@code serve}); null restores the default. Call before
     * {@link #start()}.
     */
    public void setKeyRejectedAdvice(String advice) {
        keyAdvice = advice;
    }

    /** The current health snapshot. */
    public CollectorHealth health() {
        Instant now = clock.instant();
        return new CollectorHealth(state, mode, cpaVersion, lastReceived, lastStored, rate.lastMinute(now),
                receivedTotal.get(), storedTotal.get(), quarantinedTotal.get(), lastError, warning());
    }

    /** Called with a new snapshot whenever something changes, on the collector's threads. */
    public void addHealthListener(Consumer<CollectorHealth> listener) {
        healthListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Called with every notice for the operator, such as {@link #STATISTICS_TURNED_ON}. */
    public void addNoticeListener(Consumer<String> listener) {
        noticeListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Notices for the operator since start, oldest first. */
    public List<String> notices() {
        return List.copyOf(notices);
    }

    /** The gaps of this collector's database. */
    public GapRecorder gaps() {
        return gaps;
    }

    private void run() {
        while (!stopping) {
            try {
                if (client.isKeyRejected()) {
                    waitForNewKey();
                    continue;
                }
                Session session = preflight();
                if (!session.choice().supported()) {
                    unsupported(session.choice().unsupportedReason());
                    continue;
                }
                collect(session);
            } catch (ManagementKeyRejectedException e) {
                keyRejected(e);
            } catch (CpaException e) {
                if (!stopping) {
                    connectionLost(e.getMessage(), e);
                }
            } catch (RuntimeException e) {
                if (!stopping) {
                    LOG.error("The collector failed unexpectedly", e);
                    connectionLost("Unexpected failure: " + e.getMessage(), e);
                }
            }
        }
        closeChannel();
    }

    private record Session(TransportChoice choice, int retentionSeconds, CpaVersion version) {
    }

    private Session preflight() {
        boolean enabled = client.usageStatisticsEnabled();
        CpaVersion version = client.version().orElse(CpaVersion.LEGACY);
        cpaVersion = version.label();
        handleStatistics(enabled);
        int retention = client.config().usageQueueRetentionSeconds();
        TransportChoice choice = TransportChoice.choose(settings.transport(), version,
                RespUsageChannel.isPossibleFor(client.baseUri()));
        LOG.info("CPA {} at {}: usage statistics {}, queue retention {} s, transport {}", version,
                client.baseUri(), enabled ? "on" : "off", retention,
                choice.supported() ? choice.mode().label() : "none");
        return new Session(choice, retention, version);
    }

    private void handleStatistics(boolean enabled) {
        nextStatisticsCheck = clock.instant().plus(settings.splitCheckInterval());
        if (enabled) {
            statisticsGap = closeGap(statisticsGap, clock.instant());
            statisticsWarning = null;
            return;
        }
        if (settings.enableStatistics()) {
            client.setUsageStatisticsEnabled(true);
            LOG.info(STATISTICS_TURNED_ON);
            notice(STATISTICS_TURNED_ON);
            statisticsGap = closeGap(statisticsGap, clock.instant());
            statisticsWarning = null;
            return;
        }
        if (statisticsWarning == null) {
            LOG.warn(STATISTICS_OFF_WARNING);
        }
        statisticsWarning = STATISTICS_OFF_WARNING;
        if (statisticsGap == null) {
            statisticsGap = openGap(GapRecorder.STATISTICS_DISABLED, "Usage statistics are off in CPA");
        }
    }

    private void collect(Session session) {
        switch (session.choice().mode()) {
            case RESP_SUBSCRIBE -> subscribe(session);
            case HTTP_QUEUE -> poll(CollectorMode.HTTP_QUEUE, session);
            case RESP_POP -> poll(CollectorMode.RESP_POP, session);
            case NONE -> throw new IllegalStateException("no transport");
        }
    }

    private void subscribe(Session session) {
        RespUsageChannel opened;
        try {
            opened = RespUsageChannel.open(client);
        } catch (CpaUnavailableException e) {
            if (settings.transport() != CollectorSettings.Transport.AUTO
                    || !client.features().usageQueue()) {
                throw e;
            }
            LOG.warn("RESP connection to CPA failed ({}); collecting through the HTTP queue instead",
                    e.getMessage());
            poll(CollectorMode.HTTP_QUEUE, session);
            return;
        }
        channel = opened;
        // No split checks while subscribed: other subscribers get copies, so nothing can go missing.
        countPerAccount = false;
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        CompletableFuture<Void> confirmed = opened.subscribe(text -> received(text, Origin.RESP_SUBSCRIBE),
                cause -> {
                    ended.complete(cause);
                    wake();
                });
        confirmed.whenComplete((ignored, failure) -> wake());
        pause(client.requestTimeout(), confirmed);
        if (!stopping) {
            awaitConfirmation(confirmed, opened);
            // Only now is every new event sent to the subscription rather than queued, so one pass
            // over the queue takes exactly what CPA held back while nobody subscribed.
            drainQueueAfterSubscribe();
            connected(CollectorMode.RESP_SUBSCRIBE, session.version());
        }
        Instant pingSentAt = null;
        while (!stopping && !ended.isDone()) {
            pause(settings.heartbeatInterval(), ended);
            if (stopping || ended.isDone()) {
                break;
            }
            housekeeping();
            Instant pong = opened.lastPong();
            if (pingSentAt != null && (pong == null || pong.isBefore(pingSentAt))) {
                LOG.warn("CPA did not answer PING on the RESP subscription; reconnecting");
                opened.close();
                break;
            }
            pingSentAt = Instant.now();
            opened.ping();
        }
        if (stopping) {
            opened.unsubscribe();
            try {
                ended.get(UNSUBSCRIBE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("RESP subscription did not end in time", e);
            }
            opened.close();
            return;
        }
        Throwable cause = ended.getNow(null);
        throw new CpaUnavailableException("The RESP subscription to CPA ended", 0, null, cause);
    }

    private static void awaitConfirmation(CompletableFuture<Void> confirmed, RespUsageChannel opened) {
        if (!confirmed.isDone()) {
            opened.close();
            throw new CpaUnavailableException("CPA did not confirm the RESP subscription in time", 0, null, null);
        }
        if (confirmed.isCompletedExceptionally()) {
            throw new CpaUnavailableException("The RESP subscription to CPA ended before it was confirmed", 0,
                    null, confirmed.exceptionNow());
        }
    }

    /**
     * Pops what CPA queued while no subscriber was connected (at start or during a reconnect),
     * until a batch comes back short: over HTTP where CPA offers the queue route, else over a
     * second RESP connection.
     */
    private void drainQueueAfterSubscribe() {
        int batch = settings.batchSize();
        long drained = 0;
        if (client.features().usageQueue()) {
            int got;
            do {
                got = handOver(client.popUsageQueue(batch), Origin.HTTP_QUEUE);
                drained += got;
            } while (!stopping && got == batch);
        } else {
            try (RespUsageChannel popper = RespUsageChannel.open(client)) {
                int got;
                do {
                    got = handOver(popper.popBatch(batch), Origin.RESP_POP);
                    drained += got;
                } while (!stopping && got == batch);
            }
        }
        if (drained > 0) {
            LOG.info("Took {} usage events that CPA had queued while no subscriber was connected", drained);
        }
    }

    private void poll(CollectorMode pollMode, Session session) {
        boolean viaResp = pollMode == CollectorMode.RESP_POP;
        if (viaResp) {
            channel = RespUsageChannel.open(client);
        }
        Origin origin = viaResp ? Origin.RESP_POP : Origin.HTTP_QUEUE;
        Duration interval = settings.effectivePollInterval(session.retentionSeconds());
        countPerAccount = true;
        split.reset();
        connected(pollMode, session.version());
        Instant nextSplitCheck = clock.instant();
        while (!stopping) {
            int got = popOnce(origin);
            housekeeping();
            if (!clock.instant().isBefore(nextSplitCheck) && !stopping) {
                checkSplit(origin);
                nextSplitCheck = clock.instant().plus(settings.splitCheckInterval());
            }
            if (got < settings.batchSize()) {
                pause(interval, null);
            }
        }
        closeChannel();
    }

    /** Pops one batch and hands every item over before returning; the number of items. */
    private int popOnce(Origin origin) {
        RespUsageChannel resp = channel;
        List<String> items = origin == Origin.RESP_POP
                ? resp.popBatch(settings.batchSize())
                : client.popUsageQueue(settings.batchSize());
        return handOver(items, origin);
    }

    /** Hands every popped item to the writer; the number of items. */
    private int handOver(List<String> items, Origin origin) {
        for (String item : items) {
            received(item, origin);
        }
        if (!items.isEmpty()) {
            publish();
        }
        return items.size();
    }

    private void checkSplit(Origin origin) {
        if (!client.features().authFileCounters()) {
            return;
        }
        if (!split.hasBaseline()) {
            // A baseline is read on an empty queue, so that nothing counted before it arrives after it.
            drain(origin);
            split.compare(counters());
            lastCounterReading = clock.instant();
            return;
        }
        Map<String, Long> counters = counters();
        // Everything CPA counted before the reading is already in its queue: take it before comparing.
        drain(origin);
        Instant now = clock.instant();
        Instant previousReading = lastCounterReading;
        lastCounterReading = now;
        StreamSplitDetector.Finding finding = split.compare(counters);
        if (finding instanceof StreamSplitDetector.Baseline baseline && baseline.cpaRestarted()) {
            LOG.warn("CPA's request counters went down: CPA restarted and lost the events it still held");
            recordGap(GapRecorder.DISCONNECTED, "CPA restarted; events it still held in its queue were lost",
                    previousReading == null ? now : previousReading, now);
            return;
        }
        var beyond = split.beyondTolerance(finding);
        if (beyond.isPresent()) {
            long missing = beyond.get().missing();
            long expected = beyond.get().expected();
            String text = "Another consumer is taking usage events from CPA: " + missing + " of " + expected
                    + " events missing in the last " + describe(settings.splitCheckInterval());
            LOG.warn(text);
            splitWarning = text;
            recordGap(GapRecorder.STREAM_SPLIT, missing + " of " + expected + " events taken by another consumer",
                    previousReading == null ? now : previousReading, now);
        } else if (finding instanceof StreamSplitDetector.Compared && splitWarning != null) {
            LOG.info("No usage events went missing since the last check");
            splitWarning = null;
        }
        publish();
    }

    /** CPA's request counters per auth_index. */
    private Map<String, Long> counters() {
        Map<String, Long> counters = new HashMap<>();
        for (AuthFile file : client.authFiles()) {
            if (!file.authIndex().isEmpty()) {
                counters.merge(file.authIndex(), file.requests(), Long::sum);
            }
        }
        return counters;
    }

    /** Pops until a batch comes back short. */
    private void drain(Origin origin) {
        while (!stopping && popOnce(origin) == settings.batchSize()) {
            LOG.debug("Draining CPA's queue");
        }
    }

    private static String describe(Duration interval) {
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            return interval.toMillis() + " ms";
        }
        if (interval.equals(Duration.ofMinutes(1))) {
            return "minute";
        }
        return interval.toSeconds() >= 120 && interval.toSeconds() % 60 == 0
                ? interval.toMinutes() + " minutes" : interval.toSeconds() + " seconds";
    }

    private void received(String text, Origin origin) {
        // The subscription's control messages ({"support_refresh":true}, {"refresh":true}) are a
        // few bytes long; they are not usage and must not count as received events.
        if (text.length() <= CONTROL_MESSAGE_MAX_LENGTH
                && UsageRecordReader.read(text) instanceof ReadOutcome.Control control) {
            LOG.debug("CPA sent the control message '{}' on the usage channel", control.kind());
            return;
        }
        Instant now = clock.instant();
        writer.accept(new ReceivedItem(text, origin, now));
        receivedTotal.incrementAndGet();
        rate.add(now, 1);
        lastReceived = now;
        if (countPerAccount) {
            UsageItems.authIndex(text).ifPresent(split::arrived);
        }
    }

    private void housekeeping() {
        Instant now = clock.instant();
        if (!now.isBefore(nextHeartbeat)) {
            heartbeat(now);
            nextHeartbeat = now.plus(settings.heartbeatInterval());
        }
        if (!now.isBefore(nextStatisticsCheck)) {
            handleStatistics(client.usageStatisticsEnabled());
        }
        publish();
    }

    private void connected(CollectorMode newMode, CpaVersion version) {
        backoff.reset();
        Instant now = clock.instant();
        disconnectedGap = closeGap(disconnectedGap, now);
        keyRejectedGap = closeGap(keyRejectedGap, now);
        mode = newMode;
        state = CollectorState.COLLECTING;
        lastError = null;
        LOG.info("Collecting usage from CPA {} at {} via {}", version, client.baseUri(), newMode.label());
        publish();
    }

    /** Every answer of CPA, a refusal too, names its build: keep it for the health snapshot. */
    private void noteVersion() {
        client.version().ifPresent(version -> cpaVersion = version.label());
    }

    private void connectionLost(String message, Exception cause) {
        noteVersion();
        closeChannel();
        split.reset();
        lastError = message;
        state = CollectorState.RECONNECTING;
        if (disconnectedGap == null) {
            disconnectedGap = openGap(GapRecorder.DISCONNECTED, message);
        }
        Duration wait = backoff.next();
        LOG.warn("Lost CPA at {} ({}); reconnecting in {} ms", client.baseUri(), message, wait.toMillis());
        LOG.debug("Cause of the lost connection", cause);
        publish();
        pause(wait, null);
    }

    private void keyRejected(ManagementKeyRejectedException e) {
        noteVersion();
        closeChannel();
        split.reset();
        state = CollectorState.KEY_REJECTED;
        mode = CollectorMode.NONE;
        String advice = keyAdvice;
        lastError = advice == null ? e.getMessage() : e.messageAdvising(advice);
        Instant now = clock.instant();
        disconnectedGap = closeGap(disconnectedGap, now);
        if (keyRejectedGap == null) {
            keyRejectedGap = openGap(GapRecorder.KEY_REJECTED, e.cpaError() == null ? "" : e.cpaError());
        }
        LOG.error("{}; nothing more is sent to CPA until the key is replaced", lastError);
        publish();
    }

    private void waitForNewKey() {
        if (state != CollectorState.KEY_REJECTED) {
            keyRejected(new ManagementKeyRejectedException(0, null));
        }
        synchronized (signal) {
            while (!stopping && !keyReplaced) {
                try {
                    signal.wait();
                } catch (InterruptedException e) {
                    return;
                }
            }
            keyReplaced = false;
        }
        if (!stopping) {
            state = CollectorState.CONNECTING;
            publish();
        }
    }

    private void unsupported(String reason) {
        closeChannel();
        mode = CollectorMode.NONE;
        if (state != CollectorState.UNSUPPORTED) {
            LOG.warn("Cannot collect usage: {}", reason);
        }
        state = CollectorState.UNSUPPORTED;
        lastError = reason;
        publish();
        pause(settings.reconnectMax(), null);
    }

    /** Waits up to {@code duration}, or until stopped, or until {@code ended} completes. */
    private void pause(Duration duration, CompletableFuture<?> ended) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (signal) {
            while (!stopping && (ended == null || !ended.isDone())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    signal.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void closeChannel() {
        RespUsageChannel open = channel;
        channel = null;
        if (open != null) {
            open.close();
        }
    }

    private void committed(UsageWriter.Committed committed) {
        storedTotal.addAndGet(committed.result().added());
        quarantinedTotal.addAndGet(committed.result().quarantined());
        lastStored = committed.committedAt();
        if (committed.result().quarantined() > 0) {
            LOG.warn("{} received items were not usable records and were quarantined",
                    committed.result().quarantined());
        }
        publish();
    }

    private void writeFailed(RuntimeException e) {
        lastError = "Could not store usage events: " + e.getMessage();
        publish();
    }

    private void heartbeat(Instant now) {
        try {
            gaps.heartbeat(now);
        } catch (StoreException e) {
            LOG.warn("Could not store the collector heartbeat", e);
        }
    }

    private Long openGap(String reason, String detail) {
        try {
            return gaps.open(reason, detail, clock.instant());
        } catch (StoreException e) {
            LOG.warn("Could not record a {} gap", reason, e);
            return null;
        }
    }

    private Long closeGap(Long id, Instant end) {
        if (id != null) {
            try {
                gaps.close(id, end);
            } catch (StoreException e) {
                LOG.warn("Could not close gap {}", id, e);
            }
        }
        return null;
    }

    private void recordGap(String reason, String detail, Instant start, Instant end) {
        try {
            gaps.record(reason, detail, start, end);
        } catch (StoreException e) {
            LOG.warn("Could not record a {} gap", reason, e);
        }
    }

    private void notice(String text) {
        notices.add(text);
        for (Consumer<String> listener : noticeListeners) {
            try {
                listener.accept(text);
            } catch (RuntimeException e) {
                LOG.error("A notice listener failed", e);
            }
        }
    }

    private String warning() {
        String splitText = splitWarning;
        String statisticsText = statisticsWarning;
        if (splitText == null) {
            return statisticsText;
        }
        return statisticsText == null ? splitText : splitText + "; " + statisticsText;
    }

    private void publish() {
        if (healthListeners.isEmpty()) {
            return;
        }
        CollectorHealth snapshot = health();
        for (Consumer<CollectorHealth> listener : healthListeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.error("A health listener failed", e);
            }
        }
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
