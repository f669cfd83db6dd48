package dev.cpaconsole.logs.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import dev.cpaconsole.concurrent.Subscription;
import dev.cpaconsole.logs.core.LogEntry;
import dev.cpaconsole.logs.core.LogLevel;
import dev.cpaconsole.logs.core.LogRingBuffer;

/**
 * State of the log screen: the recent log entries at or above a chosen level, following the
 * buffer as entries arrive. Entries logged on other threads are queued and handed over in
 * batches through {@code uiThread}, so a burst of logging costs the JavaFX thread one update.
 */
public final class LogViewModel {
    private final LogRingBuffer buffer;
    private final Executor uiThread;
    private final ObservableList<LogEntry> all = FXCollections.observableArrayList();
    private final FilteredList<LogEntry> shown = new FilteredList<>(all);
    private final ObservableList<LogEntry> shownView = FXCollections.unmodifiableObservableList(shown);
    private final ReadOnlyObjectWrapper<LogLevel> threshold = new ReadOnlyObjectWrapper<>(LogLevel.INFO);
    private final Queue<LogEntry> arrived = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean handOverScheduled = new AtomicBoolean();
    private Subscription subscription;
    private long lastSequence;

    /**
     * @param uiThread runs hand-overs on the thread that owns this view model
     */
    public LogViewModel(LogRingBuffer buffer, Executor uiThread) {
        this.buffer = buffer;
        this.uiThread = uiThread;
        applyThreshold();
    }

    /** The entries at or above the threshold, oldest first. */
    public ObservableList<LogEntry> entries() {
        return shownView;
    }

    public ReadOnlyObjectProperty<LogLevel> thresholdProperty() {
        return threshold.getReadOnlyProperty();
    }

    // Commands

    /** Shows what the buffer holds and follows it from now on. */
    public void start() {
        if (subscription != null) {
            return;
        }
        subscription = buffer.addListener(this::arrived);
        append(buffer.snapshot());
    }

    /** Stops following the buffer. */
    public void stop() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    /** Shows entries of {@code level} and more severe ones. */
    public void showLevel(LogLevel level) {
        threshold.set(level);
        applyThreshold();
    }

    private void applyThreshold() {
        LogLevel level = threshold.get();
        shown.setPredicate(entry -> entry.level().isAtLeast(level));
    }

    private void arrived(LogEntry entry) {
        arrived.add(entry);
        if (handOverScheduled.compareAndSet(false, true)) {
            uiThread.execute(this::handOver);
        }
    }

    private void handOver() {
        handOverScheduled.set(false);
        List<LogEntry> batch = new ArrayList<>();
        for (LogEntry entry = arrived.poll(); entry != null; entry = arrived.poll()) {
            batch.add(entry);
        }
        append(batch);
    }

    private void append(List<LogEntry> entries) {
        // The snapshot and the listener may both deliver an entry; the sequence tells which are new.
        List<LogEntry> fresh = entries.stream().filter(entry -> entry.sequence() > lastSequence).toList();
        if (fresh.isEmpty()) {
            return;
        }
        lastSequence = fresh.getLast().sequence();
        all.addAll(fresh);
        int excess = all.size() - buffer.capacity();
        if (excess > 0) {
            all.remove(0, excess);
        }
    }
}
