package dev.cpaconsole.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.DatabaseContents;
import dev.cpaconsole.usage.core.Examples;

class ImportCommandTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path files;

    private Path file(String name, String content) throws IOException {
        Path file = files.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private CommandRun importFiles(Path... paths) {
        String[] args = new String[paths.length + 2];
        args[0] = "--data-dir";
        args[1] = dataDir.toString();
        for (int i = 0; i < paths.length; i++) {
            args[i + 2] = paths[i].toString();
        }
        return CommandRun.run(new ImportCommand(), args);
    }

    @Test
    void reportsEachFileAndTheTotal() throws IOException {
        Path queue = file("queue.json", Examples.text("usage-queue.response.json"));
        Path legacy = file("export.json", Examples.text("legacy-usage-export.response.json"));
        Path lines = file("lines.jsonl", Examples.queueRecords().get(0) + "\nnot a record\n");

        CommandRun run = importFiles(queue, legacy, lines);

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly(
                queue + ": added 3, duplicate 0, quarantined 0",
                legacy + ": added 2, duplicate 0, quarantined 0",
                lines + ": added 0, duplicate 1, quarantined 1",
                "total: added 5, duplicate 1, quarantined 1");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void importingAgainAddsNothing() throws IOException {
        Path queue = file("queue.json", Examples.text("usage-queue.response.json"));
        importFiles(queue);

        CommandRun again = importFiles(queue);

        assertThat(again.exitCode()).isZero();
        assertThat(again.outLines()).containsExactly(
                queue + ": added 0, duplicate 3, quarantined 0",
                "total: added 0, duplicate 3, quarantined 0");
    }

    @Test
    void anUnreadableFileFailsWithOneLineAndTheOthersAreStillImported() throws IOException {
        Path missing = files.resolve("missing.json");
        Path queue = file("queue.json", Examples.text("usage-queue.response.json"));

        CommandRun run = importFiles(missing, queue);

        assertThat(run.exitCode()).isOne();
        assertThat(run.errLines()).containsExactly("Cannot import " + missing + ": no such file");
        assertThat(run.outLines()).containsExactly(
                queue + ": added 3, duplicate 0, quarantined 0",
                "total: added 3, duplicate 0, quarantined 0");
    }

    @Test
    void aCutOffArrayKeepsTheWholeRecordsBeforeTheBreak() throws IOException {
        String array = Examples.text("usage-queue.response.json");
        String thirdRecordStart = "\"timestamp\": \"2026-08-22T14:05:09.5+08:00\"";
        Path cut = file("cut.json", array.substring(0, array.indexOf(thirdRecordStart) + 20));

        CommandRun run = importFiles(cut);

        assertThat(run.exitCode()).isOne();
        assertThat(run.errLines()).singleElement().asString().startsWith("Cannot import " + cut)
                .contains("kept what was read before: added 2");
        assertThat(run.outLines()).endsWith("total: added 2, duplicate 0, quarantined 0");
    }

    @Test
    void theClientKeysOfImportedFilesNeverReachTheDatabase() throws IOException {
        importFiles(file("queue.json", Examples.text("usage-queue.response.json")),
                file("legacy.json", Examples.text("legacy-usage.response.json")));

        Path database = dataDir.resolve(Database.FILE_NAME);
        assertThat(DatabaseContents.allValues(database))
                .noneMatch(value -> value.contains("sk-test-client-alice-0001"))
                .noneMatch(value -> value.contains("sk-test-client-bob-0002"));
    }

    @Test
    void withoutFilesItIsAUsageError() {
        CommandRun run = CommandRun.run(new ImportCommand(), "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("FILE");
    }
}
