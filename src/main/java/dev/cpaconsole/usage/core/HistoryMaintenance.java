package dev.cpaconsole.usage.core;

import static dev.cpaconsole.store.schema.Tables.SETTING;
import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.schedule.Schedules;
import dev.cpaconsole.store.Database;

/**
 * Keeps the history file in shape on a schedule: usage events older than the retention period
 * are removed a whole UTC day at a time (their roll-ups stay, so totals, costs and dashboards
 * keep every day ever collected), the write-ahead log is checkpointed, the pages the removed
 * events used are given back to the file system, and the roll-ups per local day follow the
 * display zone.
 *
 * <p>Each pruned day is one transaction that also moves {@link Rollups#PRUNED_BEFORE_SETTING} to
 * its end, so at every commit the events before that instant are gone and their roll-ups kept;
 * a roll-up rebuild in between never counts an event twice.
 */
public final class HistoryMaintenance implements Runnable {
    /** Name of the job on the console's schedules. */
    public static final String JOB_NAME = "history-maintenance";
    /** How often the job runs: pruning is checked and the log checkpointed each time. */
    public static final Duration INTERVAL = Duration.ofHours(1);
    /** Days usage events are kept unless the operator chose otherwise. */
    public static final int DEFAULT_RETENTION_DAYS = 365;
    /** The shortest retention: key budgets and quotas of a month still see whole events. */
    public static final int SHORTEST_RETENTION_DAYS = 35;
    /** The longest retention that is not "forever". */
    public static final int LONGEST_RETENTION_DAYS = 36_500;
    static final String RETENTION_SETTING = "usage.event-retention-days";
    private static final Duration FIRST_RUN_DELAY = Duration.ofMinutes(2);
    /** Name of the job that makes the roll-ups per local day follow the display zone. */
    public static final String LOCAL_DAYS_JOB_NAME = "local-day-rollups";
    /** How soon a new display zone gets its roll-ups per local day. */
    public static final Duration LOCAL_DAYS_INTERVAL = Duration.ofMinutes(1);
    private static final Duration LOCAL_DAYS_FIRST_DELAY = Duration.ofSeconds(5);
    private static final long DAY_NANOS = Rollups.GRAIN_NANOS[Rollups.DAY];
    private static final Logger LOG = LoggerFactory.getLogger(HistoryMaintenance.class);

    private final Database database;
    private final Clock clock;
    private final Supplier<ZoneId> displayZone;

    /** Maintenance that prunes and compacts, and keeps no roll-ups per local day. */
    public HistoryMaintenance(Database database, Clock clock) {
        this(database, clock, null);
    }

    /**
     * @param displayZone the zone dashboards cut days in, asked on each run; the roll-ups per
     *     local day follow it (null: none are kept)
     */
    public HistoryMaintenance(Database database, Clock clock, Supplier<ZoneId> displayZone) {
        this.database = database;
        this.clock = clock;
        this.displayZone = displayZone;
    }

    /**
     * Runs the job every {@link #INTERVAL}, the first time shortly after start-up, and checks every
     * {@link #LOCAL_DAYS_INTERVAL} that the roll-ups per local day are the display zone's.
     */
    public void schedule(Schedules schedules) {
        schedules.every(JOB_NAME, INTERVAL, clock.instant().plus(FIRST_RUN_DELAY), this);
        if (displayZone != null) {
            schedules.every(LOCAL_DAYS_JOB_NAME, LOCAL_DAYS_INTERVAL, clock.instant().plus(LOCAL_DAYS_FIRST_DELAY),
                    this::followDisplayZone);
        }
    }

    /**
     * Makes the roll-ups per local day ({@link Rollups#LOCAL_DAY}) those of the display zone,
     * building them from the other roll-ups when the zone changed; until then dashboards read the
     * days from hours. A failure is logged and tried again next time.
     *
     * @return whether they were built
     */
    public boolean followDisplayZone() {
        if (displayZone == null) {
            return false;
        }
        try {
            ZoneId zone = displayZone.get();
            return database.write(dsl -> {
                if (zone.equals(Rollups.localDayZone(dsl))) {
                    return false;
                }
                Rollups.useLocalDays(dsl, zone);
                return true;
            });
        } catch (RuntimeException e) {
            LOG.error("Building the roll-ups per local day failed; it is tried again in {}", LOCAL_DAYS_INTERVAL, e);
            return false;
        }
    }

    /** Prunes, checkpoints and reclaims space once; a failure is logged and tried again next run. */
    @Override
    public void run() {
        try {
            int days = retentionDays();
            if (days > 0) {
                prune(clock.instant(), days);
            }
            database.reclaimFreePages();
            database.checkpoint();
        } catch (RuntimeException e) {
            LOG.error("History maintenance failed; it is tried again in {}", INTERVAL, e);
        }
    }

    /**
     * Days usage events are kept: the saved value, {@link #DEFAULT_RETENTION_DAYS} when none was
     * saved, 0 for forever.
     */
    public int retentionDays() {
        String saved = database.read(dsl -> dsl.select(SETTING.VALUE).from(SETTING)
                .where(SETTING.NAME.eq(RETENTION_SETTING)).fetchOne(SETTING.VALUE));
        if (saved == null) {
            return DEFAULT_RETENTION_DAYS;
        }
        try {
            int days = Integer.parseInt(saved.strip());
            checkRetention(days);
            return days;
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring the unreadable event retention '{}'", saved);
            return DEFAULT_RETENTION_DAYS;
        }
    }

    /**
     * Saves how many days usage events are kept; 0 keeps them forever. The next run prunes with it.
     *
     * @throws IllegalArgumentException when {@code days} is neither 0 nor between
     *     {@link #SHORTEST_RETENTION_DAYS} and {@link #LONGEST_RETENTION_DAYS}
     */
    public void saveRetentionDays(int days) {
        checkRetention(days);
        database.write(dsl -> dsl.insertInto(SETTING, SETTING.NAME, SETTING.VALUE)
                .values(RETENTION_SETTING, Integer.toString(days))
                .onConflict(SETTING.NAME).doUpdate().set(SETTING.VALUE, Integer.toString(days))
                .execute());
        LOG.info("Usage events are now kept {}", days == 0 ? "forever" : days + " days");
    }

    /**
     * Checks a retention before it is saved.
     *
     * @throws IllegalArgumentException with the allowed values when {@code days} is not one
     */
    public static void checkRetention(int days) {
        if (days != 0 && (days < SHORTEST_RETENTION_DAYS || days > LONGEST_RETENTION_DAYS)) {
            throw new IllegalArgumentException("Events are kept forever (0) or between " + SHORTEST_RETENTION_DAYS
                    + " and " + LONGEST_RETENTION_DAYS + " days, not " + days);
        }
    }

    /**
     * The instant before which events are removed when kept {@code days} days: the UTC midnight
     * that starts the day {@code days} days before {@code now}'s UTC day.
     */
    public static Instant horizon(Instant now, int days) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * Removes the usage events (and their stored records) from before {@link #horizon}, oldest UTC
     * day first, one transaction a day. Stops early when the thread is interrupted.
     *
     * @return how many events were removed
     */
    public long prune(Instant now, int days) {
        if (days <= 0) {
            return 0;
        }
        long horizon = CpaTimestamps.toEpochNanos(horizon(now, days));
        long removed = 0;
        while (!Thread.currentThread().isInterrupted()) {
            // Typed, since a plain-SQL aggregate of nanoseconds may be read as a 32-bit integer.
            Long oldest = database.read(dsl -> dsl.select(DSL.min(USAGE_EVENT.TS_NS)).from(USAGE_EVENT)
                    .fetchOne(0, Long.class));
            if (oldest == null || oldest >= horizon) {
                break;
            }
            long dayEnd = Math.min(horizon, Math.floorDiv(oldest, DAY_NANOS) * DAY_NANOS + DAY_NANOS);
            removed += database.write(dsl -> removeBefore(dsl, dayEnd));
        }
        if (removed > 0) {
            LOG.info("Removed {} usage events from before {}; their roll-ups are kept", removed,
                    CpaTimestamps.fromEpochNanos(horizon));
        }
        return removed;
    }

    /** Removes the events before {@code end}, a UTC midnight, and records that they were. */
    static int removeBefore(org.jooq.DSLContext dsl, long end) {
        if (Rollups.prunedBefore(dsl) < end) {
            dsl.execute("INSERT INTO setting (name, value) VALUES (?, ?) "
                    + "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                    Rollups.PRUNED_BEFORE_SETTING, Long.toString(end));
        }
        dsl.execute("DELETE FROM usage_event_raw WHERE event_id IN (SELECT id FROM usage_event WHERE ts_ns < ?)", end);
        return dsl.execute("DELETE FROM usage_event WHERE ts_ns < ?", end);
    }
}
