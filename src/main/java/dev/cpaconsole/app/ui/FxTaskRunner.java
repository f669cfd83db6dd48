package dev.cpaconsole.app.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import javafx.application.Platform;

import dev.cpaconsole.concurrent.TaskHandle;
import dev.cpaconsole.concurrent.TaskRunner;
import dev.cpaconsole.concurrent.Workload;

/**
 * The one place where background results reach the JavaFX application thread: wraps a runner
 * so that every callback runs there. A task cancelled on the JavaFX thread never calls back,
 * even when its result was already on its way.
 */
public final class FxTaskRunner implements TaskRunner {
    private final TaskRunner background;
    private final Executor fxThread;

    public FxTaskRunner(TaskRunner background) {
        this(background, Platform::runLater);
    }

    FxTaskRunner(TaskRunner background, Executor fxThread) {
        this.background = background;
        this.fxThread = fxThread;
    }

    /** Runs a runnable on the JavaFX application thread later. */
    public Executor fxThread() {
        return fxThread;
    }

    @Override
    public <T> TaskHandle run(Workload workload, String name, Callable<T> work, Consumer<? super T> onSuccess,
            Consumer<? super Throwable> onFailure) {
        AtomicBoolean cancelled = new AtomicBoolean();
        TaskHandle inner = background.run(workload, name, work,
                result -> fxThread.execute(() -> {
                    if (!cancelled.get()) {
                        onSuccess.accept(result);
                    }
                }),
                failure -> fxThread.execute(() -> {
                    if (!cancelled.get()) {
                        onFailure.accept(failure);
                    }
                }));
        return new TaskHandle() {
            @Override
            public void cancel() {
                cancelled.set(true);
                inner.cancel();
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        };
    }

    /**
     * A consumer callable from any thread that hands values to {@code target} on the JavaFX
     * thread, keeping only the latest when they come faster than the JavaFX thread takes them.
     * For pushed state such as collector health, where only the newest value matters.
     */
    public <T> Consumer<T> latestOnFxThread(Consumer<? super T> target) {
        AtomicReference<T> latest = new AtomicReference<>();
        AtomicBoolean scheduled = new AtomicBoolean();
        return value -> {
            latest.set(value);
            if (scheduled.compareAndSet(false, true)) {
                fxThread.execute(() -> {
                    scheduled.set(false);
                    T newest = latest.getAndSet(null);
                    if (newest != null) {
                        target.accept(newest);
                    }
                });
            }
        };
    }
}
