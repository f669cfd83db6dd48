package dev.cpaconsole.models.core;

import static dev.cpaconsole.store.schema.Tables.SETTING;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.schedule.Schedules;
import dev.cpaconsole.store.Database;

/**
 * Refreshes the model inventory on a schedule whose interval the operator sets (one hour unless
 * changed, kept in the {@code setting} table). At start-up the first refresh comes one interval
 * after the saved inventory was built, or at once when there is none or it is older.
 */
public final class ModelRefreshSchedule {
    public static final String JOB_NAME = "model-inventory";
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
    public static final Duration SHORTEST_INTERVAL = Duration.ofMinutes(5);
    public static final Duration LONGEST_INTERVAL = Duration.ofDays(1);
    static final String SETTING_NAME = "models.refresh-interval";
    private static final Logger LOG = LoggerFactory.getLogger(ModelRefreshSchedule.class);

    private final Schedules schedules;
    private final ModelInventory inventory;
    private final Database database;
    private final Clock clock;

    public ModelRefreshSchedule(Schedules schedules, ModelInventory inventory, Database database, Clock clock) {
        this.schedules = schedules;
        this.inventory = inventory;
        this.database = database;
        this.clock = clock;
    }

    /** Schedules the refresh with the saved interval. Reads the database. */
    public void start() {
        Duration interval = interval();
        Instant now = clock.instant();
        Instant firstRun = inventory.lastSnapshot()
                .map(snapshot -> snapshot.refreshedAt().plus(interval))
                .filter(next -> next.isAfter(now))
                .orElse(now);
        scheduleEvery(interval, firstRun);
    }

    /** The saved interval, or {@link #DEFAULT_INTERVAL}. Reads the database. */
    public Duration interval() {
        String saved = database.read(dsl -> dsl.select(SETTING.VALUE).from(SETTING)
                .where(SETTING.NAME.eq(SETTING_NAME)).fetchOne(SETTING.VALUE));
        if (saved == null) {
            return DEFAULT_INTERVAL;
        }
        try {
            return clamp(Duration.parse(saved));
        } catch (DateTimeParseException e) {
            LOG.warn("Ignoring the unreadable model refresh interval '{}'", saved);
            return DEFAULT_INTERVAL;
        }
    }

    /**
     * Saves {@code interval} and refreshes at it from now on; the next refresh comes one interval
     * from now.
     *
     * @throws IllegalArgumentException when it is shorter than {@link #SHORTEST_INTERVAL} or
     *     longer than {@link #LONGEST_INTERVAL}
     */
    public void changeInterval(Duration interval) {
        if (interval.compareTo(SHORTEST_INTERVAL) < 0 || interval.compareTo(LONGEST_INTERVAL) > 0) {
            throw new IllegalArgumentException("The refresh interval must be between 5 minutes and 24 hours");
        }
        database.write(dsl -> dsl.insertInto(SETTING, SETTING.NAME, SETTING.VALUE)
                .values(SETTING_NAME, interval.toString())
                .onConflict(SETTING.NAME)
                .doUpdate()
                .set(SETTING.VALUE, interval.toString())
                .execute());
        scheduleEvery(interval, clock.instant().plus(interval));
    }

    /** When the next scheduled refresh runs, or empty when none is scheduled. */
    public Optional<Instant> nextRun() {
        return schedules.nextRun(JOB_NAME);
    }

    void scheduleEvery(Duration interval, Instant firstRun) {
        schedules.every(JOB_NAME, interval, firstRun, inventory::refreshOnSchedule);
    }

    private static Duration clamp(Duration interval) {
        if (interval.compareTo(SHORTEST_INTERVAL) < 0) {
            return SHORTEST_INTERVAL;
        }
        return interval.compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : interval;
    }
}
