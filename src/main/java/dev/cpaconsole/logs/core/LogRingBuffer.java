package dev.cpaconsole.logs.core;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.cpaconsole.concurrent.Subscription;

/**
 * The most recent log entries, for the in-app log view. Holds at most {@code capacity} entries,
 * dropping the oldest; listeners hear about each new entry on the thread that logged it.
 */
public final class LogRingBuffer {
    public static final int DEFAULT_CAPACITY = 2000;

    private final int capacity;
    private final ArrayDeque<LogEntry> entries;
    private final List<Consumer<LogEntry>> listeners = new CopyOnWriteArrayList<>();

    public LogRingBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(capacity);
    }

    public LogRingBuffer() {
        this(DEFAULT_CAPACITY);
    }

    public int capacity() {
        return capacity;
    }

    public void add(LogEntry entry) {
        synchronized (entries) {
            if (entries.size() == capacity) {
                entries.removeFirst();
            }
            entries.addLast(entry);
        }
        for (Consumer<LogEntry> listener : listeners) {
            listener.accept(entry);
        }
    }

    /** The entries held now, oldest first. */
    public List<LogEntry> snapshot() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /**
     * Registers {@code listener} for entries added from now on. A listener must be quick and
     * must not log, since it runs inside the logging call.
     */
    public Subscription addListener(Consumer<LogEntry> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
