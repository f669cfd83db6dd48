package dev.cpaconsole.logs.core;

import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * A Logback appender that keeps recent events in a {@link LogRingBuffer}. Configured in
 * {@code logback.xml}; the desktop finds its buffer through {@link #installedBuffer()}.
 */
public final class RingBufferAppender extends AppenderBase<ILoggingEvent> {
    private final AtomicLong sequence = new AtomicLong();
    private LogRingBuffer buffer = new LogRingBuffer();

    /** Logback calls this for {@code <capacity>} in the configuration. */
    public void setCapacity(int capacity) {
        buffer = new LogRingBuffer(capacity);
    }

    public LogRingBuffer buffer() {
        return buffer;
    }

    @Override
    protected void append(ILoggingEvent event) {
        IThrowableProxy throwable = event.getThrowableProxy();
        buffer.add(new LogEntry(sequence.incrementAndGet(), Instant.ofEpochMilli(event.getTimeStamp()),
                levelOf(event.getLevel()), event.getThreadName(), event.getLoggerName(), event.getFormattedMessage(),
                throwable == null ? "" : ThrowableProxyUtil.asString(throwable)));
    }

    private static LogLevel levelOf(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> LogLevel.ERROR;
            case Level.WARN_INT -> LogLevel.WARN;
            case Level.INFO_INT -> LogLevel.INFO;
            case Level.DEBUG_INT -> LogLevel.DEBUG;
            default -> LogLevel.TRACE;
        };
    }

    /**
     * The buffer of the appender attached to the root logger, or a fresh buffer that nothing
     * writes to when the logging configuration has none (which leaves the log view empty rather
     * than failing).
     */
    public static LogRingBuffer installedBuffer() {
        return installedBuffer(LoggerFactory.getILoggerFactory());
    }

    static LogRingBuffer installedBuffer(ILoggerFactory factory) {
        if (factory instanceof LoggerContext context) {
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext();) {
                if (it.next() instanceof RingBufferAppender appender) {
                    return appender.buffer();
                }
            }
        }
        return new LogRingBuffer();
    }
}
