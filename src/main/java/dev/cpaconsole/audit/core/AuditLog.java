package dev.cpaconsole.audit.core;

import static dev.cpaconsole.store.schema.Tables.AUDIT_ENTRY;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

import dev.cpaconsole.export.SpreadsheetCells;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.CpaTimestamps;

/**
 * The record of every admin action: who did what, the state before and after, and what CPA
 * answered. Entries are only ever added.
 */
public final class AuditLog {
    private static final String[] CSV_HEADER = {"time", "actor", "action", "target", "result", "detail", "before",
        "after"};

    private final Database database;
    private final Clock clock;

    public AuditLog(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records an action now, in its own transaction. */
    public AuditEntry record(String actor, String action, String target, String before, String after, String result,
            String detail) {
        return database.write(dsl -> record(dsl, actor, action, target, before, after, result, detail));
    }

    /** Records an action now, inside the caller's transaction. */
    public AuditEntry record(DSLContext dsl, String actor, String action, String target, String before, String after,
            String result, String detail) {
        AuditEntry entry = new AuditEntry(0, clock.instant(), actor, action, target, before, after, result, detail);
        long id = dsl.insertInto(AUDIT_ENTRY)
                .set(AUDIT_ENTRY.TS_NS, CpaTimestamps.toEpochNanos(entry.at()))
                .set(AUDIT_ENTRY.ACTOR, entry.actor())
                .set(AUDIT_ENTRY.ACTION, entry.action())
                .set(AUDIT_ENTRY.TARGET, entry.target())
                .set(AUDIT_ENTRY.BEFORE_JSON, entry.before())
                .set(AUDIT_ENTRY.AFTER_JSON, entry.after())
                .set(AUDIT_ENTRY.RESULT, entry.result())
                .set(AUDIT_ENTRY.DETAIL, entry.detail())
                .returning(AUDIT_ENTRY.ID)
                .fetchOne(AUDIT_ENTRY.ID);
        return new AuditEntry(id, entry.at(), actor, action, target, entry.before(), entry.after(), result,
                entry.detail());
    }

    /**
     * A page of matching entries, newest first.
     *
     * @param beforeId only entries older than this id (the last id of the previous page); 0 for the
     *     first page
     * @param limit at most this many
     */
    public List<AuditEntry> page(AuditFilter filter, long beforeId, int limit) {
        Condition condition = condition(filter);
        if (beforeId > 0) {
            condition = condition.and(AUDIT_ENTRY.ID.lt(Math.toIntExact(beforeId)));
        }
        Condition where = condition;
        return database.read(dsl -> dsl.selectFrom(AUDIT_ENTRY).where(where).orderBy(AUDIT_ENTRY.ID.desc())
                .limit(limit).fetch(AuditLog::toEntry));
    }

    /** How many entries match. */
    public int count(AuditFilter filter) {
        return database.read(dsl -> dsl.fetchCount(AUDIT_ENTRY, condition(filter)));
    }

    /** The distinct actors recorded, for filter choices. */
    public List<String> actors() {
        return database.read(dsl -> dsl.selectDistinct(AUDIT_ENTRY.ACTOR).from(AUDIT_ENTRY)
                .orderBy(AUDIT_ENTRY.ACTOR).fetch(AUDIT_ENTRY.ACTOR));
    }

    /** The distinct actions recorded, for filter choices. */
    public List<String> actions() {
        return database.read(dsl -> dsl.selectDistinct(AUDIT_ENTRY.ACTION).from(AUDIT_ENTRY)
                .orderBy(AUDIT_ENTRY.ACTION).fetch(AUDIT_ENTRY.ACTION));
    }

    /**
     * Writes every matching entry, oldest first, as CSV with a header row; times carry their
     * offset in {@code zone}. Cells that a spreadsheet would run as a formula are prefixed with
     * {@code '}.
     *
     * @return how many entries were written
     */
    public int exportCsv(AuditFilter filter, ZoneId zone, Writer out) {
        List<AuditEntry> entries = new ArrayList<>(database.read(dsl -> dsl.selectFrom(AUDIT_ENTRY)
                .where(condition(filter)).orderBy(AUDIT_ENTRY.ID).fetch(AuditLog::toEntry)));
        try {
            CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get());
            for (AuditEntry e : entries) {
                printer.printRecord(OffsetDateTime.ofInstant(e.at(), zone).toString(), cell(e.actor()),
                        cell(e.action()), cell(e.target()), cell(e.result()), cell(e.detail()), cell(e.before()),
                        cell(e.after()));
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries.size();
    }

    /** A cell that cannot start a spreadsheet formula. */
    static String cell(String value) {
        return SpreadsheetCells.neutralised(value);
    }

    private static Condition condition(AuditFilter filter) {
        Condition condition = DSL.noCondition();
        if (filter.from() != null) {
            condition = condition.and(AUDIT_ENTRY.TS_NS.ge(CpaTimestamps.toEpochNanos(filter.from())));
        }
        if (filter.to() != null) {
            condition = condition.and(AUDIT_ENTRY.TS_NS.lt(CpaTimestamps.toEpochNanos(filter.to())));
        }
        if (!filter.actor().isEmpty()) {
            condition = condition.and(AUDIT_ENTRY.ACTOR.eq(filter.actor()));
        }
        if (!filter.action().isEmpty()) {
            condition = condition.and(filter.action().endsWith(".")
                    ? AUDIT_ENTRY.ACTION.startsWith(filter.action())
                    : AUDIT_ENTRY.ACTION.eq(filter.action()));
        }
        if (!filter.text().isEmpty()) {
            String text = filter.text();
            condition = condition.and(AUDIT_ENTRY.TARGET.containsIgnoreCase(text)
                    .or(AUDIT_ENTRY.DETAIL.containsIgnoreCase(text))
                    .or(AUDIT_ENTRY.BEFORE_JSON.containsIgnoreCase(text))
                    .or(AUDIT_ENTRY.AFTER_JSON.containsIgnoreCase(text)));
        }
        return condition;
    }

    private static AuditEntry toEntry(Record r) {
        return new AuditEntry(r.get(AUDIT_ENTRY.ID), CpaTimestamps.fromEpochNanos(r.get(AUDIT_ENTRY.TS_NS)),
                r.get(AUDIT_ENTRY.ACTOR), r.get(AUDIT_ENTRY.ACTION), r.get(AUDIT_ENTRY.TARGET),
                r.get(AUDIT_ENTRY.BEFORE_JSON), r.get(AUDIT_ENTRY.AFTER_JSON), r.get(AUDIT_ENTRY.RESULT),
                r.get(AUDIT_ENTRY.DETAIL));
    }
}
