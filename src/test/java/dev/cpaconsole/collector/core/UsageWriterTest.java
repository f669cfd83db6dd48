package dev.cpaconsole.collector.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.cpaconsole.usage.core.Origin;
import dev.cpaconsole.usage.core.ReceivedItem;
import dev.cpaconsole.usage.core.WriteResult;
import org.junit.jupiter.api.Test;

class UsageWriterTest {
    private final List<List<ReceivedItem>> batches = Collections.synchronizedList(new ArrayList<>());
    private final List<String> writerThreads = Collections.synchronizedList(new ArrayList<>());

    private WriteResult store(List<ReceivedItem> batch) {
        batches.add(batch);
        writerThreads.add(Thread.currentThread().getName());
        return new WriteResult(batch.size(), 0, 0, 0);
    }

    private static ReceivedItem item(int n) {
        return new ReceivedItem("{\"n\":" + n + "}", Origin.HTTP_QUEUE, Instant.EPOCH);
    }

    private List<ReceivedItem> written() {
        synchronized (batches) {
            return batches.stream().flatMap(List::stream).toList();
        }
    }

    @Test
    void stopWritesEverythingAcceptedBeforeIt() {
        UsageWriter writer = new UsageWriter(this::store, Clock.systemUTC(), committed -> { }, e -> { });
        writer.start();
        List<ReceivedItem> accepted = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            accepted.add(item(i));
            writer.accept(accepted.getLast());
        }

        writer.stop();

        assertThat(written()).containsExactlyElementsOf(accepted);
        assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(UsageWriter.MAX_BATCH));
        assertThat(writerThreads).allSatisfy(name -> assertThat(name).startsWith("db-writer-"));
    }

    @Test
    void acceptNeverWaitsForTheDatabase() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        UsageWriter writer = new UsageWriter(batch -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return store(batch);
        }, Clock.systemUTC(), committed -> { }, e -> { });
        writer.start();
        writer.accept(item(0));

        for (int i = 1; i <= 10_000; i++) {
            writer.accept(item(i));
        }

        assertThat(writer.pending()).isGreaterThanOrEqualTo(10_000 - UsageWriter.MAX_BATCH);
        release.countDown();
        writer.stop();
        assertThat(written()).hasSize(10_001);
    }

    @Test
    void failedBatchIsRetriedNotDropped() {
        List<RuntimeException> failures = new ArrayList<>();
        int[] calls = {0};
        UsageWriter writer = new UsageWriter(batch -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("disk full");
            }
            return store(batch);
        }, Clock.systemUTC(), committed -> { }, failures::add);
        writer.start();
        writer.accept(item(1));

        writer.stop();

        assertThat(failures).hasSize(1);
        assertThat(written()).containsExactly(item(1));
    }

    @Test
    void commitsAreReported() throws InterruptedException {
        CountDownLatch committed = new CountDownLatch(1);
        List<UsageWriter.Committed> seen = Collections.synchronizedList(new ArrayList<>());
        UsageWriter writer = new UsageWriter(this::store, Clock.systemUTC(), c -> {
            seen.add(c);
            committed.countDown();
        }, e -> { });
        writer.start();
        writer.accept(item(1));

        assertThat(committed.await(10, TimeUnit.SECONDS)).isTrue();
        writer.stop();
        assertThat(seen.getFirst().result().added()).isEqualTo(1);
    }

    @Test
    void abandonDropsWhatIsNotWrittenYet() {
        CountDownLatch never = new CountDownLatch(1);
        UsageWriter writer = new UsageWriter(batch -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("killed");
            }
            return store(batch);
        }, Clock.systemUTC(), c -> { }, e -> { });
        writer.start();
        for (int i = 0; i < 100; i++) {
            writer.accept(item(i));
        }

        writer.abandon();
        writer.accept(item(100));

        assertThat(written()).isEmpty();
        assertThat(writer.pending()).isZero();
    }
}
