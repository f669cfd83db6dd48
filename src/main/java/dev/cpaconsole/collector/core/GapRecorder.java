package dev.cpaconsole.collector.core;

import static dev.cpaconsole.store.schema.Tables.COLLECTION_GAP;
import static dev.cpaconsole.store.schema.Tables.SETTING;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.CpaTimestamps;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Records the intervals in which usage may have been missed ({@code collection_gap}) and the
 * collector's heartbeat, from which the next start tells how long the console was away.
 */
public final class GapRecorder {
    /** The console was not running (from the last heartbeat to the next start). */
    public static final String CONSOLE_STOPPED = "console-stopped";
    /** The connection to CPA was lost until it came back; CPA may have restarted and lost its queue. */
    public static final String DISCONNECTED = "disconnected";
    /** CPA refused the management key; nothing was collected until the key was replaced. */
    public static final String KEY_REJECTED = "key-rejected";
    /** Usage statistics were off in CPA and the operator chose not to turn them on. */
    public static final String STATISTICS_DISABLED = "statistics-disabled";
    /** Another consumer took events from CPA's queue. */
    public static final String STREAM_SPLIT = "stream-split";

    static final String HEARTBEAT_SETTING = "collector.heartbeat_ns";

    // Row ids are declared INTEGER (the rowid); read them as long like every other id of ours.
    private static final Field<Long> ID = DSL.field(COLLECTION_GAP.ID.getUnqualifiedName(), SQLDataType.BIGINT);
    private static final Field<Long> START_NS = COLLECTION_GAP.START_NS;
    private static final Field<Long> END_NS = COLLECTION_GAP.END_NS;

    /**
     * One recorded gap.
     *
     * @param id row id
     * @param start first instant possibly missed
     * @param end last instant possibly missed, null while the gap is still open
     * @param reason one of the reason constants of {@link GapRecorder}
     * @param detail words for the operator, may be ""
     */
    public record Gap(long id, Instant start, Instant end, String reason, String detail) {
    }

    private final Database database;

    public GapRecorder(Database database) {
        this.database = database;
    }

    /** Opens a gap that lasts until {@link #close(long, Instant)}; returns its id. */
    public long open(String reason, String detail, Instant start) {
        return database.write(dsl -> dsl.insertInto(COLLECTION_GAP)
                .set(START_NS, CpaTimestamps.toEpochNanos(start))
                .set(COLLECTION_GAP.REASON, reason)
                .set(COLLECTION_GAP.DETAIL, detail == null ? "" : detail)
                .returningResult(ID)
                .fetchOne(0, Long.class));
    }

    /** Ends an open gap. */
    public void close(long id, Instant end) {
        database.write(dsl -> dsl.update(COLLECTION_GAP)
                .set(END_NS, CpaTimestamps.toEpochNanos(end))
                .where(ID.eq(id))
                .execute());
    }

    /** Records a gap whose end is already known. */
    public long record(String reason, String detail, Instant start, Instant end) {
        return database.write(dsl -> dsl.insertInto(COLLECTION_GAP)
                .set(START_NS, CpaTimestamps.toEpochNanos(start))
                .set(END_NS, CpaTimestamps.toEpochNanos(end))
                .set(COLLECTION_GAP.REASON, reason)
                .set(COLLECTION_GAP.DETAIL, detail == null ? "" : detail)
                .returningResult(ID)
                .fetchOne(0, Long.class));
    }

    /** Stores that the collector was alive at {@code at}. */
    public void heartbeat(Instant at) {
        String value = Long.toString(CpaTimestamps.toEpochNanos(at));
        database.write(dsl -> dsl.insertInto(SETTING)
                .set(SETTING.NAME, HEARTBEAT_SETTING)
                .set(SETTING.VALUE, value)
                .onConflict(SETTING.NAME)
                .doUpdate()
                .set(SETTING.VALUE, value)
                .execute());
    }

    /** The last stored heartbeat, if the collector ever ran on this database. */
    public Optional<Instant> lastHeartbeat() {
        String value = database.read(dsl -> dsl.select(SETTING.VALUE)
                .from(SETTING)
                .where(SETTING.NAME.eq(HEARTBEAT_SETTING))
                .fetchOne(SETTING.VALUE));
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(CpaTimestamps.fromEpochNanos(Long.parseLong(value)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * On start: records the time since the last heartbeat as {@link #CONSOLE_STOPPED} and closes gaps
     * an abrupt end left open. Returns the recorded gap, if there was a previous run.
     */
    public Optional<Gap> recordConsoleStopped(Instant now) {
        Optional<Instant> last = lastHeartbeat();
        database.write(dsl -> dsl.update(COLLECTION_GAP)
                .set(END_NS, last.map(CpaTimestamps::toEpochNanos).orElse(CpaTimestamps.toEpochNanos(now)))
                .where(END_NS.isNull())
                .execute());
        if (last.isEmpty() || !last.get().isBefore(now)) {
            return Optional.empty();
        }
        long id = record(CONSOLE_STOPPED, "The console was not collecting", last.get(), now);
        return Optional.of(new Gap(id, last.get(), now, CONSOLE_STOPPED, "The console was not collecting"));
    }

    /** Gaps that overlap {@code [from, to)}, oldest first. */
    public List<Gap> gaps(Instant from, Instant to) {
        long fromNs = CpaTimestamps.toEpochNanos(from);
        long toNs = CpaTimestamps.toEpochNanos(to);
        return database.read(dsl -> dsl.select(ID, START_NS, END_NS,
                        COLLECTION_GAP.REASON, COLLECTION_GAP.DETAIL)
                .from(COLLECTION_GAP)
                .where(START_NS.lt(toNs))
                .and(END_NS.isNull().or(END_NS.ge(fromNs)))
                .orderBy(START_NS, ID)
                .fetch(row -> new Gap(row.value1(), CpaTimestamps.fromEpochNanos(row.value2()),
                        row.value3() == null ? null : CpaTimestamps.fromEpochNanos(row.value3()),
                        row.value4(), row.value5())));
    }

    /** All gaps, oldest first. */
    public List<Gap> all() {
        return gaps(Instant.EPOCH, Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000_000L - 1));
    }
}
