package dev.cpaconsole.logs.core;

/** Severity of a log entry, most severe first. */
public enum LogLevel {
    ERROR,
    WARN,
    INFO,
    DEBUG,
    TRACE;

    /** Whether an entry of this level passes a filter set to {@code threshold}. */
    public boolean isAtLeast(LogLevel threshold) {
        return ordinal() <= threshold.ordinal();
    }
}
