package dev.cpaconsole.usage.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.store.Database;

class UsageRowsTest {
    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-04T00:00:00Z");

    @TempDir
    Path dataDir;

    private Database database;

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theRaggedEndsOfARangeSeekTheTimeIndexInsteadOfScanningEveryEvent() {
        database = Database.open(dataDir);
        new UsageEventStore(database).write(new RandomUsage(3).items(300, FROM, TO));
        // Both ends fall inside a quarter hour, and local days cut the range: three event ranges.
        UsageRows.Request request = new UsageRows.Request(Instant.parse("2026-03-01T10:07:00Z"),
                Instant.parse("2026-03-03T20:52:30Z"), Rollups.ALL, UsageScope.ALL,
                UsageRows.Cuts.localDays(ZoneId.of("Asia/Kathmandu")), Set.of());

        List<String> plan = database.read(dsl -> dsl.fetch("EXPLAIN QUERY PLAN "
                + dsl.renderInlined(DSL.selectFrom(UsageRows.rows(dsl, request)))).getValues("detail", String.class));

        assertThat(plan).anyMatch(step -> step.startsWith("SEARCH usage_event USING INDEX usage_event_identity"));
        assertThat(plan).noneMatch(step -> step.startsWith("SCAN usage_event"));
    }
}
