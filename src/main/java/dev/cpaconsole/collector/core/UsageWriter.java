package dev.cpaconsole.collector.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.cpaconsole.usage.core.ReceivedItem;
import dev.cpaconsole.usage.core.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands received usage items to the database on one writer thread, so that whoever reads from
 * CPA never waits for a disk: CPA drops a RESP subscriber that falls behind, and pops are gone
 * once answered. Items are written in batches of up to {@value #MAX_BATCH}, at most
 * {@value #MAX_WAIT_MILLIS} ms after the first of a batch arrived.
 *
 * <p>{@link #stop()} writes everything accepted before it returns; {@link #abandon()} drops what
 * is not written yet, as a killed process would.
 */
public final class UsageWriter {
    private static final Logger LOG = LoggerFactory.getLogger(UsageWriter.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    static final int MAX_BATCH = 2000;
    static final long MAX_WAIT_MILLIS = 200;
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final int RETRIES_WHILE_STOPPING = 3;

    /**
     * One committed batch.
     *
     * @param result what the store did with the batch
     * @param committedAt when the transaction committed
     * @param pending items still waiting to be written
     */
    public record Committed(WriteResult result, Instant committedAt, int pending) {
    }

    private final UsageSink sink;
    private final Clock clock;
    private final Consumer<Committed> onCommitted;
    private final Consumer<RuntimeException> onFailure;
    private final LinkedBlockingQueue<ReceivedItem> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean abandoned;

    /**
     * @param sink the store that writes a batch in one transaction
     * @param clock source of commit times
     * @param onCommitted told after every commit, on the writer thread
     * @param onFailure told when a batch could not be written (it is retried), on the writer thread
     */
    public UsageWriter(UsageSink sink, Clock clock, Consumer<Committed> onCommitted,
            Consumer<RuntimeException> onFailure) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = clock;
        this.onCommitted = onCommitted;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, "db-writer-" + THREADS.incrementAndGet());
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Queues one item; never blocks. */
    public void accept(ReceivedItem item) {
        if (abandoned) {
            return;
        }
        queue.add(item);
    }

    /** Items accepted but not written yet. */
    public int pending() {
        return queue.size();
    }

    /** Writes everything accepted so far, then ends the writer thread. */
    public void stop() {
        stopping = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the writer at once; items not written yet are dropped, as in a killed process. */
    public void abandon() {
        abandoned = true;
        stopping = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.clear();
    }

    private void run() {
        List<ReceivedItem> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (!abandoned) {
                if (!nextBatch(batch)) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                writeWithRetries(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            if (!abandoned) {
                LOG.warn("Usage writer interrupted with {} items not written", queue.size() + batch.size());
            }
        }
    }

    /** Fills {@code batch}; false when nothing arrived within the wait. */
    private boolean nextBatch(List<ReceivedItem> batch) throws InterruptedException {
        ReceivedItem first = queue.poll(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
            return false;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - batch.size());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);
        while (batch.size() < MAX_BATCH && !stopping) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            ReceivedItem next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            batch.add(next);
            queue.drainTo(batch, MAX_BATCH - batch.size());
        }
        return true;
    }

    private void writeWithRetries(List<ReceivedItem> batch) throws InterruptedException {
        int failuresWhileStopping = 0;
        while (true) {
            WriteResult result;
            try {
                result = sink.write(List.copyOf(batch));
            } catch (RuntimeException e) {
                if (abandoned) {
                    return;
                }
                LOG.error("Could not store {} usage items; retrying", batch.size(), e);
                onFailure.accept(e);
                if (stopping && ++failuresWhileStopping >= RETRIES_WHILE_STOPPING) {
                    LOG.error("Giving up on {} usage items while stopping", batch.size() + queue.size());
                    queue.clear();
                    return;
                }
                Thread.sleep(RETRY_PAUSE.toMillis());
                continue;
            }
            LOG.debug("Stored {} usage items: {}", batch.size(), result);
            try {
                onCommitted.accept(new Committed(result, clock.instant(), queue.size()));
            } catch (RuntimeException e) {
                LOG.error("A listener failed after a usage batch was stored", e);
            }
            return;
        }
    }
}
