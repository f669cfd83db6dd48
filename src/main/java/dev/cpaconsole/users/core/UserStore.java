package dev.cpaconsole.users.core;

import static dev.cpaconsole.store.schema.Tables.CONSOLE_USER;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.store.schema.tables.records.ConsoleUserRecord;
import dev.cpaconsole.usage.core.CpaTimestamps;

/**
 * The users of this console. Deleting a user keeps its row as a tombstone, so its keys and their
 * history stay attributed; the name of a deleted user can be given to a new one.
 */
public final class UserStore {
    private final Database database;
    private final Clock clock;

    public UserStore(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates a user.
     *
     * @param passwordHash the PHC string of the password, or null for none
     * @throws UserException when the name is unusable or taken
     */
    public User create(UserDetails details, String passwordHash) {
        String name = details.checkedName();
        long now = CpaTimestamps.toEpochNanos(clock.instant());
        return database.write(dsl -> {
            requireFree(dsl, name, 0);
            ConsoleUserRecord row = dsl.newRecord(CONSOLE_USER);
            row.setName(name);
            row.setDisplayName(details.displayName());
            row.setContact(details.contact());
            row.setNotes(details.notes());
            row.setRole(details.role().code());
            row.setPasswordHash(passwordHash);
            row.setDisabled(0);
            row.setCreatedNs(now);
            row.setUpdatedNs(now);
            // The generated table knows no identity column, so store() would not read the new id back.
            row.setId(dsl.insertInto(CONSOLE_USER).set(row).returningResult(CONSOLE_USER.ID)
                    .fetchOne(CONSOLE_USER.ID));
            return toUser(row);
        });
    }

    /** Replaces the details of the live user {@code id}. */
    public User update(long id, UserDetails details) {
        String name = details.checkedName();
        return database.write(dsl -> {
            ConsoleUserRecord row = live(dsl, id);
            requireFree(dsl, name, id);
            row.setName(name);
            row.setDisplayName(details.displayName());
            row.setContact(details.contact());
            row.setNotes(details.notes());
            row.setRole(details.role().code());
            row.setUpdatedNs(CpaTimestamps.toEpochNanos(clock.instant()));
            row.store();
            return toUser(row);
        });
    }

    /** Sets (or with null, removes) the password of the live user {@code id}. */
    public User setPasswordHash(long id, String passwordHash) {
        return database.write(dsl -> {
            ConsoleUserRecord row = live(dsl, id);
            row.setPasswordHash(passwordHash);
            row.setUpdatedNs(CpaTimestamps.toEpochNanos(clock.instant()));
            row.store();
            return toUser(row);
        });
    }

    /** Disables or enables the live user {@code id}. */
    public User setDisabled(long id, boolean disabled) {
        return database.write(dsl -> {
            ConsoleUserRecord row = live(dsl, id);
            row.setDisabled(disabled ? 1 : 0);
            row.setUpdatedNs(CpaTimestamps.toEpochNanos(clock.instant()));
            row.store();
            return toUser(row);
        });
    }

    /** Turns the live user {@code id} into a tombstone. */
    public User delete(long id) {
        return database.write(dsl -> {
            ConsoleUserRecord row = live(dsl, id);
            long now = CpaTimestamps.toEpochNanos(clock.instant());
            row.setDeletedNs(now);
            row.setUpdatedNs(now);
            row.store();
            return toUser(row);
        });
    }

    /** The user {@code id}, deleted or not. */
    public Optional<User> byId(long id) {
        return database.read(dsl -> dsl.selectFrom(CONSOLE_USER).where(CONSOLE_USER.ID.eq(Math.toIntExact(id)))
                .fetchOptional(UserStore::toUser));
    }

    /** The live user with this name, compared without ASCII case. */
    public Optional<User> byName(String name) {
        return database.read(dsl -> dsl.selectFrom(CONSOLE_USER)
                .where(sameName(name.strip())).and(CONSOLE_USER.DELETED_NS.isNull())
                .fetchOptional(UserStore::toUser));
    }

    /** The stored password hash of the live user with this name, for signing in. */
    public Optional<String> passwordHash(long id) {
        return database.read(dsl -> dsl.select(CONSOLE_USER.PASSWORD_HASH).from(CONSOLE_USER)
                .where(CONSOLE_USER.ID.eq(Math.toIntExact(id))).and(CONSOLE_USER.DELETED_NS.isNull())
                .fetchOptional(CONSOLE_USER.PASSWORD_HASH));
    }

    /** Users by name; tombstones only when {@code includeDeleted}. */
    public List<User> list(boolean includeDeleted) {
        Condition condition = includeDeleted ? DSL.noCondition() : CONSOLE_USER.DELETED_NS.isNull();
        return database.read(dsl -> dsl.selectFrom(CONSOLE_USER).where(condition)
                .orderBy(CONSOLE_USER.NAME.collate("NOCASE"), CONSOLE_USER.ID)
                .fetch(UserStore::toUser));
    }

    private static ConsoleUserRecord live(DSLContext dsl, long id) {
        ConsoleUserRecord row = dsl.selectFrom(CONSOLE_USER).where(CONSOLE_USER.ID.eq(Math.toIntExact(id)))
                .fetchOne();
        if (row == null) {
            throw new UserException("There is no user " + id);
        }
        if (row.getDeletedNs() != null) {
            throw new UserException("The user " + row.getName() + " was deleted");
        }
        return row;
    }

    /** Refuses a name that is a live user's other than {@code exceptId}, compared as {@link UserDetails#comparable}. */
    private static void requireFree(DSLContext dsl, String name, long exceptId) {
        String wanted = UserDetails.comparable(name);
        boolean taken = dsl.select(CONSOLE_USER.NAME).from(CONSOLE_USER)
                .where(CONSOLE_USER.DELETED_NS.isNull()).and(CONSOLE_USER.ID.ne(Math.toIntExact(exceptId)))
                .fetch(CONSOLE_USER.NAME).stream().anyMatch(other -> UserDetails.comparable(other).equals(wanted));
        if (taken) {
            throw new UserException("A user named " + name + " exists already");
        }
    }

    private static Condition sameName(String name) {
        return CONSOLE_USER.NAME.collate("NOCASE").eq(name);
    }

    static User toUser(Record r) {
        Long deleted = r.get(CONSOLE_USER.DELETED_NS);
        return new User(r.get(CONSOLE_USER.ID), r.get(CONSOLE_USER.NAME), r.get(CONSOLE_USER.DISPLAY_NAME),
                r.get(CONSOLE_USER.CONTACT), r.get(CONSOLE_USER.NOTES), Role.of(r.get(CONSOLE_USER.ROLE)),
                r.get(CONSOLE_USER.PASSWORD_HASH) != null, r.get(CONSOLE_USER.DISABLED) != 0,
                instant(r.get(CONSOLE_USER.CREATED_NS)), deleted == null ? null : instant(deleted));
    }

    private static Instant instant(long nanos) {
        return CpaTimestamps.fromEpochNanos(nanos);
    }
}
