package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.cpaconsole.concurrent.SameThreadTaskRunner;
import dev.cpaconsole.concurrent.TaskHandle;
import dev.cpaconsole.concurrent.Workload;

/** The JavaFX adapter, with a queue standing in for the JavaFX thread's run-later queue. */
class FxTaskRunnerTest {
    private final List<Runnable> fxQueue = new ArrayList<>();
    private final FxTaskRunner runner = new FxTaskRunner(new SameThreadTaskRunner(), fxQueue::add);

    private void runFxQueue() {
        List<Runnable> pending = new ArrayList<>(fxQueue);
        fxQueue.clear();
        pending.forEach(Runnable::run);
    }

    @Test
    void resultsArriveThroughTheFxThread() {
        List<String> results = new ArrayList<>();

        runner.run(Workload.DATABASE, "read", () -> "rows", results::add, failure -> {
        });

        assertThat(results).isEmpty();
        runFxQueue();
        assertThat(results).containsExactly("rows");
    }

    @Test
    void taskCancelledWhileItsResultWaitsForTheFxThreadNeverCallsBack() {
        List<String> results = new ArrayList<>();
        TaskHandle handle = runner.run(Workload.DATABASE, "read", () -> "stale", results::add, failure -> {
        });

        handle.cancel();
        runFxQueue();

        assertThat(results).isEmpty();
    }

    @Test
    void failuresArriveThroughTheFxThread() {
        List<Throwable> failures = new ArrayList<>();

        runner.run(Workload.CPA, "call", () -> {
            throw new IllegalStateException("refused");
        }, result -> {
        }, failures::add);
        runFxQueue();

        assertThat(failures).singleElement().satisfies(failure -> assertThat(failure).hasMessage("refused"));
    }

    @Test
    void pushedValuesKeepOnlyTheLatestUntilTheFxThreadTakesThem() {
        List<Integer> seen = new ArrayList<>();
        Consumer<Integer> push = runner.latestOnFxThread(seen::add);

        push.accept(1);
        push.accept(2);
        push.accept(3);
        runFxQueue();
        push.accept(4);
        runFxQueue();

        assertThat(seen).containsExactly(3, 4);
    }
}
