package dev.cpaconsole.store.migration;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import dev.cpaconsole.usage.core.Rollups;

/**
 * Migration 6: rolls up the events stored before roll-ups existed, with the same statements the
 * writer uses for new events, so that both agree by construction.
 */
public final class RollUpStoredEvents implements JavaMigration {
    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("6");
    }

    @Override
    public String getDescription() {
        return "Roll up stored events";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) {
        Rollups.rebuild(DSL.using(context.getConnection(), SQLDialect.SQLITE));
    }
}
