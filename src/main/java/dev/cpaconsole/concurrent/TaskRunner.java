package dev.cpaconsole.concurrent;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The one way the console runs work in the background. Exactly one of the two callbacks is
 * called once the work ends, unless the task was cancelled first. Implementations decide on
 * which thread the callbacks run: the worker thread for {@link ExecutorTaskRunner}, the
 * caller's for {@link SameThreadTaskRunner}, the JavaFX application thread for the desktop
 * adapter.
 */
public interface TaskRunner {
    /**
     * Runs {@code work} as a task called {@code name} (used in logs).
     *
     * @return a handle to cancel the task
     */
    <T> TaskHandle run(Workload workload, String name, Callable<T> work, Consumer<? super T> onSuccess,
            Consumer<? super Throwable> onFailure);

    /** Runs work that produces nothing. */
    default TaskHandle run(Workload workload, String name, Action action, Runnable onSuccess,
            Consumer<? super Throwable> onFailure) {
        return run(workload, name, () -> {
            action.run();
            return Boolean.TRUE;
        }, ignored -> onSuccess.run(), onFailure);
    }

    /** Work without a result that may throw. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }
}
