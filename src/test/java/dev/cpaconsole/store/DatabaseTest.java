package dev.cpaconsole.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dataDir;

    @Test
    void writesKeepTheWriteAheadLogUntilTheDatabaseCloses() throws Exception {
        Path wal = dataDir.resolve(Database.FILE_NAME + "-wal");
        try (Database database = Database.open(dataDir)) {
            for (int i = 0; i < 3; i++) {
                int value = i;
                database.write(dsl -> dsl.execute("INSERT OR REPLACE INTO setting (name, value) VALUES ('t', ?)",
                        Integer.toString(value)));
            }
            // A connection per write would have checkpointed and removed the log after each one.
            assertThat(wal).exists();
            assertThat(Files.size(wal)).isPositive();
            String stored = database.read(dsl -> dsl.fetchOne("SELECT value FROM setting WHERE name = 't'")
                    .get(0, String.class));
            assertThat(stored).isEqualTo("2");
        }

        assertThat(Files.exists(wal) ? Files.size(wal) : 0L).isZero();
    }
}
