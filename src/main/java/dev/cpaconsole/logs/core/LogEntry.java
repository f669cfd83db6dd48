package dev.cpaconsole.logs.core;

import java.time.Instant;

/**
 * One logged message.
 *
 * @param sequence position in the order of logging, starting at 1
 * @param time when it was logged
 * @param level its severity
 * @param thread the thread that logged it
 * @param logger the logger's name
 * @param message the formatted message
 * @param stackTrace the attached exception's stack trace, or "" without one
 */
public record LogEntry(long sequence, Instant time, LogLevel level, String thread, String logger, String message,
        String stackTrace) {

    /** The last part of the logger name, which is the class name for class loggers. */
    public String shortLogger() {
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }
}
