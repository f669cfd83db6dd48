package dev.cpaconsole.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches the heap while a benchmark runs: the most it held at once (sampled every 20 ms, so at
 * most the maximum heap) and the most that was still in use after a collection (what the work
 * kept alive). Summing each pool's own peak would count pools that peaked at different times.
 */
final class HeapWatch implements AutoCloseable {
    private static final long PERIOD_MILLIS = 20;

    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakAfterCollection = new AtomicLong();
    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    private final Thread sampler;
    private volatile boolean running = true;

    HeapWatch() {
        sampler = Thread.ofPlatform().daemon().name("heap-watch").start(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private void sample() {
        peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        long afterCollection = 0;
        for (MemoryPoolMXBean pool : pools) {
            MemoryUsage usage = pool.getCollectionUsage();
            afterCollection += usage == null ? 0 : usage.getUsed();
        }
        peakAfterCollection.accumulateAndGet(afterCollection, Math::max);
    }

    /** One line for a report: both peaks and the maximum heap. */
    String report() {
        sample();
        return String.format(java.util.Locale.ROOT, "Heap: at most %,d MiB in use at once (of %,d MiB allowed); "
                + "at most %,d MiB still in use after a collection", peakUsed.get() / 1_048_576,
                Runtime.getRuntime().maxMemory() / 1_048_576, peakAfterCollection.get() / 1_048_576);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
