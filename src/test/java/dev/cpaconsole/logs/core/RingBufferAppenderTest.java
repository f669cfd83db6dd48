package dev.cpaconsole.logs.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RingBufferAppenderTest {
    private LoggerContext context;
    private RingBufferAppender appender;
    private Logger logger;

    @BeforeEach
    void configureLogging() {
        context = new LoggerContext();
        appender = new RingBufferAppender();
        appender.setContext(context);
        appender.setCapacity(3);
        appender.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
        logger = context.getLogger("dev.cpaconsole.collector.core.Collector");
    }

    @Test
    void keepsTheNewestEntriesUpToItsCapacity() {
        for (int i = 1; i <= 5; i++) {
            logger.info("message {}", i);
        }

        assertThat(appender.buffer().snapshot()).extracting(LogEntry::message)
                .containsExactly("message 3", "message 4", "message 5");
    }

    @Test
    void recordsLevelLoggerAndStackTrace() {
        logger.warn("CPA did not answer", new IllegalStateException("connection reset"));

        LogEntry entry = appender.buffer().snapshot().getFirst();

        assertThat(entry.level()).isEqualTo(LogLevel.WARN);
        assertThat(entry.shortLogger()).isEqualTo("Collector");
        assertThat(entry.stackTrace()).contains("IllegalStateException: connection reset");
        assertThat(entry.time()).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void listenersHearEachNewEntryUntilTheyUnsubscribe() {
        List<String> heard = new ArrayList<>();
        var subscription = appender.buffer().addListener(entry -> heard.add(entry.message()));

        logger.info("first");
        subscription.close();
        logger.info("second");

        assertThat(heard).containsExactly("first");
    }

    @Test
    void findsTheBufferOfTheConfiguredAppender() {
        assertThat(RingBufferAppender.installedBuffer(context)).isSameAs(appender.buffer());
    }

    @Test
    void sequenceNumbersFollowTheOrderOfLogging() {
        logger.info("a");
        logger.info("b");

        assertThat(appender.buffer().snapshot()).extracting(LogEntry::sequence).containsExactly(1L, 2L);
    }
}
