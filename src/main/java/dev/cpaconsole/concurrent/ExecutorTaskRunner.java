package dev.cpaconsole.concurrent;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on one bounded pool per {@link Workload} with named daemon threads ({@code db-1},
 * {@code cpa-1}...). Callbacks run on the worker thread; the desktop wraps this runner to move
 * them to the JavaFX application thread.
 */
public final class ExecutorTaskRunner implements TaskRunner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorTaskRunner.class);

    private final Map<Workload, ExecutorService> pools = new EnumMap<>(Workload.class);

    public ExecutorTaskRunner() {
        for (Workload workload : Workload.values()) {
            pools.put(workload, newPool(workload));
        }
    }

    private static ExecutorService newPool(Workload workload) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(workload.threads(), workload.threads(), 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), namedThreads(workload.threadPrefix()));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public <T> TaskHandle run(Workload workload, String name, Callable<T> work, Consumer<? super T> onSuccess,
            Consumer<? super Throwable> onFailure) {
        AtomicBoolean cancelled = new AtomicBoolean();
        Future<?> future = pools.get(workload).submit(() -> {
            LOG.debug("Task {} started", name);
            T result;
            try {
                result = work.call();
            } catch (Exception | Error e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                deliver(name, cancelled, () -> onFailure.accept(e));
                return;
            }
            deliver(name, cancelled, () -> onSuccess.accept(result));
            LOG.debug("Task {} finished", name);
        });
        return new TaskHandle() {
            @Override
            public void cancel() {
                if (cancelled.compareAndSet(false, true)) {
                    future.cancel(true);
                }
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        };
    }

    private static void deliver(String name, AtomicBoolean cancelled, Runnable callback) {
        if (cancelled.get()) {
            return;
        }
        try {
            callback.run();
        } catch (RuntimeException | Error e) {
            // Nobody else sees a callback's failure on a pool thread, so this is where it is reported.
            LOG.error("Handling the result of task {} failed", name, e);
        }
    }

    /** Stops accepting work, interrupts running tasks and waits briefly for them to end. */
    @Override
    public void close() {
        pools.values().forEach(ExecutorService::shutdownNow);
        for (ExecutorService pool : pools.values()) {
            try {
                if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("Background tasks still running after shutdown");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
