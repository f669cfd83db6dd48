package dev.cpaconsole.concurrent;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs each task at once on the calling thread, callbacks included. Meant for tests, where it
 * makes every view model command finish before the command returns.
 */
public final class SameThreadTaskRunner implements TaskRunner {
    @Override
    public <T> TaskHandle run(Workload workload, String name, Callable<T> work, Consumer<? super T> onSuccess,
            Consumer<? super Throwable> onFailure) {
        T result;
        try {
            result = work.call();
        } catch (Exception | Error e) {
            onFailure.accept(e);
            return TaskHandle.DONE;
        }
        onSuccess.accept(result);
        return TaskHandle.DONE;
    }
}
