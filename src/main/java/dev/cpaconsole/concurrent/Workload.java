package dev.cpaconsole.concurrent;

/**
 * The kinds of background work, each with its own small pool so that a slow CPA call never
 * holds up a database read. Threads are named {@code <prefix>-<n>}, e.g. {@code db-1}.
 */
public enum Workload {
    /** Reads of the console's SQLite file and other local file work. */
    DATABASE("db", 2),
    /** Calls to CPA and the collector's start, stop and restart. */
    CPA("cpa", 2);

    private final String threadPrefix;
    private final int threads;

    Workload(String threadPrefix, int threads) {
        this.threadPrefix = threadPrefix;
        this.threads = threads;
    }

    public String threadPrefix() {
        return threadPrefix;
    }

    /** The most threads this kind of work may use at once. */
    public int threads() {
        return threads;
    }
}
