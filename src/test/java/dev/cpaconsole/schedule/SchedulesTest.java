package dev.cpaconsole.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.cpaconsole.testing.Await;

class SchedulesTest {
    private static final Duration SHORT = Duration.ofMillis(100);

    private final Schedules schedules = Schedules.start();

    @AfterEach
    void close() {
        schedules.close();
    }

    @Test
    void jobRunsAgainAndAgainOnNamedThreads() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<String> thread = new AtomicReference<>();

        schedules.every("tick", SHORT, () -> {
            thread.set(Thread.currentThread().getName());
            runs.incrementAndGet();
        });

        Await.until("three runs", () -> runs.get() >= 3);
        assertThat(thread.get()).startsWith("schedule-");
    }

    @Test
    void firstRunInThePastRunsAtOnceThenWaitsTheInterval() throws Exception {
        AtomicInteger runs = new AtomicInteger();

        schedules.every("overdue", Duration.ofHours(1), Instant.now().minusSeconds(5), runs::incrementAndGet);

        Await.until("the overdue run", () -> runs.get() == 1);
        assertThat(schedules.nextRun("overdue")).hasValueSatisfying(next ->
                assertThat(next).isAfter(Instant.now().plus(Duration.ofMinutes(59))));
    }

    @Test
    void schedulingAgainUnderTheSameNameReplacesTheInterval() throws Exception {
        AtomicInteger hourly = new AtomicInteger();
        AtomicInteger quick = new AtomicInteger();
        schedules.every("refresh", Duration.ofHours(1), hourly::incrementAndGet);

        schedules.every("refresh", SHORT, quick::incrementAndGet);

        Await.until("runs at the new interval", () -> quick.get() >= 2);
        assertThat(hourly).hasValue(0);
    }

    @Test
    void failingJobKeepsItsSchedule() throws Exception {
        AtomicInteger runs = new AtomicInteger();

        schedules.every("flaky", SHORT, () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("upstream trouble");
        });

        Await.until("runs after failures", () -> runs.get() >= 3);
    }

    @Test
    void cancelledJobIsNoLongerScheduled() {
        schedules.every("gone", Duration.ofHours(1), () -> { });

        assertThat(schedules.cancel("gone")).isTrue();

        assertThat(schedules.nextRun("gone")).isEmpty();
        assertThat(schedules.cancel("gone")).isFalse();
    }

    @Test
    void closeInterruptsARunningJobAndWaitsForIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean ended = new AtomicBoolean();
        schedules.every("slow", Duration.ofHours(1), Instant.now(), () -> {
            started.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            ended.set(true);
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        schedules.close();

        assertThat(interrupted).isTrue();
        assertThat(ended).isTrue();
    }
}
