package dev.cpaconsole.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecutorTaskRunnerTest {
    private final ExecutorTaskRunner runner = new ExecutorTaskRunner();

    @AfterEach
    void shutDown() {
        runner.close();
    }

    @Test
    void runsDatabaseWorkOnNamedDbThreads() throws Exception {
        CompletableFuture<String> thread = new CompletableFuture<>();

        runner.run(Workload.DATABASE, "which-thread", () -> Thread.currentThread().getName(), thread::complete,
                thread::completeExceptionally);

        assertThat(thread.get(10, TimeUnit.SECONDS)).matches("db-\\d+");
    }

    @Test
    void runsCpaWorkOnNamedCpaThreads() throws Exception {
        CompletableFuture<String> thread = new CompletableFuture<>();

        runner.run(Workload.CPA, "which-thread", () -> Thread.currentThread().getName(), thread::complete,
                thread::completeExceptionally);

        assertThat(thread.get(10, TimeUnit.SECONDS)).matches("cpa-\\d+");
    }

    @Test
    void deliversTheFailureOfTheWork() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();

        runner.run(Workload.DATABASE, "failing", () -> {
            throw new IllegalStateException("disk full");
        }, result -> failure.completeExceptionally(new AssertionError("no result expected")), failure::complete);

        assertThat(failure.get(10, TimeUnit.SECONDS)).hasMessage("disk full");
    }

    @Test
    void cancelledTaskCallsNeitherCallback() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean calledBack = new AtomicBoolean();
        TaskHandle handle = runner.run(Workload.DATABASE, "slow", () -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "late";
        }, result -> calledBack.set(true), failure -> calledBack.set(true));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        handle.cancel();
        release.countDown();
        // Closing waits for the pools to finish, so a late callback would have happened by now.
        runner.close();

        assertThat(handle.isCancelled()).isTrue();
        assertThat(calledBack).isFalse();
    }

    @Test
    void sameThreadRunnerFinishesBeforeReturning() {
        StringBuilder log = new StringBuilder();

        new SameThreadTaskRunner().run(Workload.DATABASE, "now", () -> "done", log::append, failure -> {
        });

        assertThat(log).hasToString("done");
    }
}
