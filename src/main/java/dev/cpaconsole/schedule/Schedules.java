package dev.cpaconsole.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeating background jobs of the console (refreshing the model inventory, checking accounts),
 * on a Quartz scheduler that keeps its jobs in memory: nothing is persisted, the composition root
 * schedules every job again at start-up. Jobs run on daemon threads named {@code schedule-1},
 * {@code schedule-2}...; a job never runs twice at once, and a run that was missed (the computer
 * slept) is dropped rather than caught up. {@link #close()} interrupts running jobs and waits for
 * them to end. Thread-safe.
 */
public final class Schedules implements AutoCloseable {
    public static final int DEFAULT_THREADS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);
    /** Quartz keeps schedulers in a JVM-wide registry by name, so every instance needs its own. */
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final String GROUP = "cpa-console";

    private final Scheduler scheduler;
    private final Map<String, Runnable> jobs = new ConcurrentHashMap<>();

    private Schedules(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Starts a scheduler with {@link #DEFAULT_THREADS} threads. */
    public static Schedules start() {
        return start(DEFAULT_THREADS);
    }

    /** Starts a scheduler that runs up to {@code threads} jobs at once. */
    public static Schedules start(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        Properties properties = new Properties();
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME,
                "cpa-console-schedules-" + INSTANCES.incrementAndGet());
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INTERRUPT_JOBS_ON_SHUTDOWN, "true");
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INTERRUPT_JOBS_ON_SHUTDOWN_WITH_WAIT, "true");
        properties.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
        properties.setProperty("org.quartz.threadPool.threadCount", String.valueOf(threads));
        properties.setProperty("org.quartz.threadPool.threadNamePrefix", "schedule");
        properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        properties.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
        try {
            Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
            Schedules schedules = new Schedules(scheduler);
            scheduler.setJobFactory((bundle, owner) -> schedules.jobFor(bundle.getJobDetail().getKey()));
            scheduler.start();
            return schedules;
        } catch (SchedulerException e) {
            throw new IllegalStateException("The scheduler could not start", e);
        }
    }

    /**
     * Runs {@code job} every {@code interval}, the first time one interval from now. Replaces a
     * job of the same name, together with its timing.
     */
    public void every(String name, Duration interval, Runnable job) {
        every(name, interval, Instant.now().plus(interval), job);
    }

    /**
     * Runs {@code job} at {@code firstRun} (at once when that has passed) and every
     * {@code interval} after it. Replaces a job of the same name, together with its timing.
     */
    public void every(String name, Duration interval, Instant firstRun, Runnable job) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(job, "job");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        // Quartz would count a start in the past as a missed run and skip it.
        Instant now = Instant.now();
        Instant start = firstRun.isBefore(now) ? now : firstRun;
        JobKey key = JobKey.jobKey(name, GROUP);
        JobDetail detail = JobBuilder.newJob(RunnableJob.class).withIdentity(key).build();
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(name, GROUP)
                .forJob(key)
                .startAt(Date.from(start))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        jobs.put(name, job);
        try {
            scheduler.scheduleJob(detail, Set.of(trigger), true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not schedule " + name, e);
        }
        LOG.info("Scheduled {} every {}, next at {}", name, interval, start);
    }

    /** Stops running {@code name} on its schedule; a run in progress ends normally. */
    public boolean cancel(String name) {
        try {
            boolean removed = scheduler.deleteJob(JobKey.jobKey(name, GROUP));
            jobs.remove(name);
            return removed;
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not cancel " + name, e);
        }
    }

    /** When {@code name} runs next, or empty when it is not scheduled. */
    public Optional<Instant> nextRun(String name) {
        try {
            Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey(name, GROUP));
            return trigger == null || trigger.getNextFireTime() == null ? Optional.empty()
                    : Optional.of(trigger.getNextFireTime().toInstant());
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not read the schedule of " + name, e);
        }
    }

    private RunnableJob jobFor(JobKey key) {
        Runnable job = jobs.get(key.getName());
        if (job == null) {
            // Cancelled between the trigger firing and the job starting: nothing to do.
            return new RunnableJob(key.getName(), () -> { });
        }
        return new RunnableJob(key.getName(), job);
    }

    /** Stops the scheduler: running jobs are interrupted and waited for; nothing runs afterwards. */
    @Override
    public void close() {
        try {
            if (!scheduler.isShutdown()) {
                scheduler.shutdown(true);
            }
        } catch (SchedulerException e) {
            LOG.warn("The scheduler did not shut down cleanly", e);
        }
        jobs.clear();
    }

    /** One run of a scheduled job; interrupting it interrupts the thread it runs on. */
    @DisallowConcurrentExecution
    static final class RunnableJob implements InterruptableJob {
        private final String name;
        private final Runnable work;
        private volatile Thread runner;

        RunnableJob(String name, Runnable work) {
            this.name = name;
            this.work = work;
        }

        @Override
        public void execute(JobExecutionContext context) {
            runner = Thread.currentThread();
            try {
                LOG.debug("Scheduled job {} started", name);
                work.run();
            } catch (RuntimeException | Error e) {
                // Quartz would only log it too; here it is logged once, and the schedule goes on.
                LOG.error("Scheduled job {} failed", name, e);
            } finally {
                runner = null;
                // An interrupt meant for this run must not reach the next job on this thread.
                Thread.interrupted();
            }
        }

        @Override
        public void interrupt() {
            Thread thread = runner;
            if (thread != null) {
                thread.interrupt();
            }
        }
    }
}
