package dev.cpaconsole.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @Test
    void findsTheSubcommandPastTheValueOfADataDirectory() {
        assertThat(Main.subcommand(new String[] {"--data-dir", "/srv/history", "stats", "--json"}))
                .isEqualTo("stats");
        assertThat(Main.subcommand(new String[] {"--data-dir=/srv/history", "import", "a.json"}))
                .isEqualTo("import");
        assertThat(Main.subcommand(new String[] {"--demo", "--data-dir", "/tmp/demo"})).isEmpty();
    }

    @Test
    void resultPrintingCommandsKeepTheConsoleLogQuiet() {
        assertThat(Main.printsResults(new String[] {"--data-dir", "/srv/history", "stats"})).isTrue();
        assertThat(Main.printsResults(new String[] {"serve", "--cpa-url", "http://127.0.0.1:8317"})).isFalse();
    }

    @Test
    void statsOnAMissingFolderLogsElsewhereSoTheFolderIsNotCreated(@TempDir Path parent) {
        Path missing = parent.resolve("missing");

        Path logs = Main.logDirectory(new String[] {"stats", "--data-dir", missing.toString()});

        assertThat(logs.startsWith(missing)).isFalse();
        assertThat(Main.logDirectory(new String[] {"serve", "--data-dir", missing.toString()}))
                .isEqualTo(missing.resolve("logs"));
    }

    @Test
    void exportPrintsItsResultAndLogsElsewhereForAMissingFolder(@TempDir Path parent) {
        String missing = parent.resolve("missing").toString();

        assertThat(Main.printsResults(new String[] {"export", "requests"})).isTrue();
        assertThat(Main.logDirectory(new String[] {"export", "requests", "--data-dir", missing}).startsWith(missing))
                .isFalse();
    }

    @Test
    void userAndKeyCommandsPrintResultsAndOnlyUsersCreateMakesAMissingFolder(@TempDir Path parent) {
        String missing = parent.resolve("missing").toString();

        assertThat(Main.printsResults(new String[] {"keys", "list"})).isTrue();
        assertThat(Main.printsResults(new String[] {"users", "create", "alice"})).isTrue();
        assertThat(Main.logDirectory(new String[] {"keys", "list", "--data-dir", missing}).startsWith(missing))
                .isFalse();
        assertThat(Main.logDirectory(new String[] {"users", "disable", "--data-dir", missing, "alice"})
                .startsWith(missing)).isFalse();
        assertThat(Main.logDirectory(new String[] {"users", "create", "--data-dir", missing, "alice"}))
                .isEqualTo(Path.of(missing, "logs"));
    }
}
