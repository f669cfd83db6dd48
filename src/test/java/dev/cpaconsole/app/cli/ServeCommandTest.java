package dev.cpaconsole.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.cpaconsole.collector.core.CollectorSettings;
import dev.cpaconsole.store.DataDirectoryLock;
import dev.cpaconsole.usage.core.WriteResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
    @TempDir
    Path dataDir;

    private final StringWriter err = new StringWriter();

    private CommandLine command(Map<String, String> environment) {
        CommandLine line = new CommandLine(new ServeCommand(environment, database -> items -> WriteResult.NONE,
                CollectorSettings.defaults(), false));
        line.setErr(new PrintWriter(err, true));
        return line;
    }

    @Test
    void missingManagementKeyExitsWithTwoAndOneClearLine() {
        int status = command(Map.of()).execute("--cpa-url", "http://127.0.0.1:9", "--data-dir", dataDir.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString().strip().lines()).singleElement().asString().contains("CPA_MANAGEMENT_KEY");
        assertThat(Files.exists(dataDir.resolve("cpa-console.db"))).isFalse();
    }

    @Test
    void aDataDirectoryAnotherConsoleCollectsIntoIsRefusedWithOneLine() {
        try (DataDirectoryLock held = DataDirectoryLock.acquire(dataDir)) {
            int status = command(Map.of(ServeCommand.KEY_VARIABLE, "k"))
                    .execute("--cpa-url", "http://127.0.0.1:9", "--data-dir", dataDir.toString());

            assertThat(status).isOne();
            assertThat(err.toString().strip())
                    .isEqualTo("serve: Another CPA Console is already collecting into " + dataDir);
            assertThat(Files.exists(dataDir.resolve("cpa-console.db"))).isFalse();
        }
    }

    @Test
    void unknownModeIsAUsageError() {
        int status = command(Map.of(ServeCommand.KEY_VARIABLE, "k"))
                .execute("--cpa-url", "http://127.0.0.1:9", "--mode", "carrier-pigeon");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("carrier-pigeon");
    }

    @Test
    void aRetentionShorterThanAMonthOfBudgetsIsAUsageErrorBeforeAnythingIsOpened() {
        int status = command(Map.of(ServeCommand.KEY_VARIABLE, "k")).execute("--cpa-url", "http://127.0.0.1:9",
                "--data-dir", dataDir.toString(), "--retention-days", "7");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("serve: Events are kept forever (0) or between 35 and 36500 days, not 7");
        assertThat(Files.exists(dataDir.resolve("cpa-console.db"))).isFalse();
    }

    @Test
    void cpaUrlIsRequired() {
        assertThat(command(Map.of(ServeCommand.KEY_VARIABLE, "k")).execute()).isEqualTo(2);
        assertThat(err.toString()).contains("--cpa-url");
    }
}
