package dev.cpaconsole.testing;

import static dev.cpaconsole.store.schema.Tables.CONSOLE_USER;
import static dev.cpaconsole.store.schema.Tables.MANAGED_KEY;
import static dev.cpaconsole.store.schema.Tables.MANAGED_KEY_VALUE;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.ClientKeys;

/**
 * Users and managed keys written straight into their tables, for tests of features that only read
 * them: no CPA, no sealed values.
 */
public final class ManagedKeyRows {
    private static final long CREATED_NS = 1_767_225_600_000_000_000L;

    private ManagedKeyRows() {
    }

    /** A user named {@code name}; returns its id. */
    public static long user(Database database, String name) {
        return database.write(dsl -> dsl.insertInto(CONSOLE_USER)
                .set(CONSOLE_USER.NAME, name)
                .set(CONSOLE_USER.DISPLAY_NAME, "")
                .set(CONSOLE_USER.CONTACT, "")
                .set(CONSOLE_USER.NOTES, "")
                .set(CONSOLE_USER.ROLE, "user")
                .set(CONSOLE_USER.DISABLED, 0)
                .set(CONSOLE_USER.CREATED_NS, CREATED_NS)
                .set(CONSOLE_USER.UPDATED_NS, CREATED_NS)
                .returning(CONSOLE_USER.ID)
                .fetchOne(CONSOLE_USER.ID)).longValue();
    }

    /**
     * A managed key of user {@code userId} that has had the client keys {@code values}, oldest
     * first (more than one: it was rotated); returns its id.
     */
    public static long key(Database database, long userId, String name, String description, String... values) {
        String current = values[values.length - 1];
        return database.write(dsl -> {
            int id = dsl.insertInto(MANAGED_KEY)
                    .set(MANAGED_KEY.USER_ID, Math.toIntExact(userId))
                    .set(MANAGED_KEY.NAME, name)
                    .set(MANAGED_KEY.DESCRIPTION, description)
                    .set(MANAGED_KEY.KEY_HASH, ClientKeys.hash(current))
                    .set(MANAGED_KEY.MASKED, ClientKeys.mask(current))
                    .set(MANAGED_KEY.CREATED_NS, CREATED_NS)
                    .set(MANAGED_KEY.UPDATED_NS, CREATED_NS)
                    .set(MANAGED_KEY.SUSPENDED, 0)
                    .set(MANAGED_KEY.STATUS, "active")
                    .set(MANAGED_KEY.STATUS_DETAIL, "")
                    .set(MANAGED_KEY.IN_CPA, 1)
                    .set(MANAGED_KEY.OUT_OF_SYNC, "")
                    .returning(MANAGED_KEY.ID)
                    .fetchOne(MANAGED_KEY.ID);
            long since = CREATED_NS;
            for (String value : values) {
                dsl.insertInto(MANAGED_KEY_VALUE)
                        .set(MANAGED_KEY_VALUE.KEY_HASH, ClientKeys.hash(value))
                        .set(MANAGED_KEY_VALUE.MANAGED_KEY_ID, id)
                        .set(MANAGED_KEY_VALUE.MASKED, ClientKeys.mask(value))
                        .set(MANAGED_KEY_VALUE.SINCE_NS, since++)
                        .execute();
            }
            return (long) id;
        });
    }
}
