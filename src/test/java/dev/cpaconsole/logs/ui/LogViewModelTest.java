package dev.cpaconsole.logs.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cpaconsole.logs.core.LogEntry;
import dev.cpaconsole.logs.core.LogLevel;
import dev.cpaconsole.logs.core.LogRingBuffer;

class LogViewModelTest {
    private final LogRingBuffer buffer = new LogRingBuffer(4);
    private final List<Runnable> handOvers = new ArrayList<>();
    private final LogViewModel model = new LogViewModel(buffer, handOvers::add);
    private long sequence;

    private void log(LogLevel level, String message) {
        buffer.add(new LogEntry(++sequence, Instant.EPOCH, level, "main", "dev.cpaconsole.Test", message, ""));
    }

    private void runHandOvers() {
        List<Runnable> pending = new ArrayList<>(handOvers);
        handOvers.clear();
        pending.forEach(Runnable::run);
    }

    private List<String> shown() {
        return model.entries().stream().map(LogEntry::message).toList();
    }

    @Test
    void showsWhatTheBufferHeldBeforeStarting() {
        log(LogLevel.INFO, "started");

        model.start();

        assertThat(shown()).containsExactly("started");
    }

    @Test
    void followsNewEntriesInOneHandOverPerBurst() {
        model.start();

        log(LogLevel.INFO, "one");
        log(LogLevel.INFO, "two");

        assertThat(handOvers).hasSize(1);
        runHandOvers();
        assertThat(shown()).containsExactly("one", "two");
    }

    @Test
    void levelFilterHidesLessSevereEntries() {
        log(LogLevel.DEBUG, "detail");
        log(LogLevel.INFO, "state");
        log(LogLevel.ERROR, "broken");
        model.start();

        model.showLevel(LogLevel.WARN);

        assertThat(shown()).containsExactly("broken");
    }

    @Test
    void keepsNoMoreEntriesThanTheBuffer() {
        model.start();
        for (int i = 1; i <= 6; i++) {
            log(LogLevel.INFO, "entry " + i);
        }
        runHandOvers();

        assertThat(shown()).containsExactly("entry 3", "entry 4", "entry 5", "entry 6");
    }

    @Test
    void stoppedViewIgnoresNewEntries() {
        model.start();
        model.stop();

        log(LogLevel.INFO, "later");
        runHandOvers();

        assertThat(shown()).isEmpty();
    }
}
