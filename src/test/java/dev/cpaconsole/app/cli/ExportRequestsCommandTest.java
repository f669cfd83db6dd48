package dev.cpaconsole.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.ManagedKeyRows;
import dev.cpaconsole.testing.UsageRecord;
import dev.cpaconsole.usage.core.ClientKeys;

class ExportRequestsCommandTest {
    private static final Instant T0 = Instant.parse("2026-09-01T10:00:00Z");
    private static final String ALICE_KEY = "sk-test-alice-laptop-0000000000001";
    private static final String BOB_KEY = "sk-test-bob-ci-0000000000000000002";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @TempDir
    Path files;

    @BeforeEach
    void storeHistory() {
        try (Database database = Database.open(dataDir)) {
            long alice = ManagedKeyRows.user(database, "alice");
            long bob = ManagedKeyRows.user(database, "bob");
            ManagedKeyRows.key(database, alice, "laptop", "", ALICE_KEY);
            ManagedKeyRows.key(database, bob, "ci", "build server", BOB_KEY);
            UsageRecord.store(database,
                    UsageRecord.at(T0).requestId("r-1").clientKey(ALICE_KEY).model("gpt-5.4"),
                    UsageRecord.at(T0.plusSeconds(60)).requestId("r-2").clientKey(BOB_KEY).model("gpt-5.4")
                            .failedWith(429).account("bbbb000000000002", "bob@example.com"),
                    UsageRecord.at(T0.plusSeconds(61)).requestId("r-2").clientKey(BOB_KEY).model("gpt-5.4"),
                    UsageRecord.at(T0.plusSeconds(120)).requestId("r-3").clientKey(ALICE_KEY)
                            .model("claude-sonnet-4-5").provider("claude").serviceTier(""),
                    UsageRecord.at(T0.plusSeconds(86_400)).requestId("r-4").clientKey(BOB_KEY).model("gpt-5.4")
                            .failedWith(500));
        }
    }

    private CommandRun export(String... args) {
        List<String> all = new ArrayList<>(List.of("requests", "--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        return CommandRun.run(new ExportCommand(), all.toArray(String[]::new));
    }

    private static List<CSVRecord> csv(String text) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text)).getRecords();
    }

    private static List<String> requestIds(String csvText) throws IOException {
        return csv(csvText).stream().map(r -> r.get("request_id")).toList();
    }

    @Test
    void writesEveryRequestNewestFirstAsCsvToStandardOutput() throws IOException {
        CommandRun run = export("--zone", "America/New_York");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(requestIds(run.out())).containsExactly("r-4", "r-3", "r-2", "r-2", "r-1");
        assertThat(csv(run.out()).getLast().get("time")).isEqualTo("2026-09-01T06:00:00.000000000-04:00");
        assertThat(run.out()).doesNotContain(ALICE_KEY).doesNotContain(BOB_KEY)
                .contains(ClientKeys.mask(ALICE_KEY));
    }

    @Test
    void theFiltersCombineAsOnTheRequestsScreen() throws IOException {
        assertThat(requestIds(export("--model", "gpt-5.4", "--outcome", "failed").out()))
                .containsExactly("r-4", "r-2");
        assertThat(requestIds(export("--user", "ALICE").out())).containsExactly("r-3", "r-1");
        assertThat(requestIds(export("--key", "ci", "--outcome", "ok").out())).containsExactly("r-2");
        assertThat(requestIds(export("--outcome", "429").out())).containsExactly("r-2");
        assertThat(requestIds(export("--provider", "claude").out())).containsExactly("r-3");
        assertThat(requestIds(export("--account", "bob@example.com").out())).containsExactly("r-2");
        assertThat(requestIds(export("--service-tier", "").out())).containsExactly("r-3");
        assertThat(requestIds(export("--request-id", "r-2").out())).containsExactly("r-2", "r-2");
        assertThat(requestIds(export("--endpoint", "POST /v1/responses", "--reasoning-effort", "medium",
                "--from", "2026-09-01T10:01:00Z", "--to", "2026-09-01", "--zone", "UTC").out()))
                .containsExactly("r-3", "r-2", "r-2");
    }

    @Test
    void boundsFarInThePastOrFutureAreOpenEndsRatherThanOverflows() throws IOException {
        assertThat(requestIds(export("--to", "9999-12-31", "--zone", "UTC").out()))
                .containsExactly("r-4", "r-3", "r-2", "r-2", "r-1");
        assertThat(requestIds(export("--from", "1500-01-01", "--to", "2026-09-01T10:01:00Z").out()))
                .containsExactly("r-1");
    }

    @Test
    void timesCarryTheDisplayZoneSavedInTheSettingsWhenNoZoneIsGiven() throws IOException {
        try (Database database = Database.open(dataDir)) {
            new SettingsStore(database).saveTimeZone(ZoneId.of("Asia/Kathmandu"));
        }

        CommandRun run = export("--request-id", "r-1");

        assertThat(csv(run.out()).getFirst().get("time")).isEqualTo("2026-09-01T15:45:00.000000000+05:45");
    }

    @Test
    void jsonLinesWritesOneObjectPerRequest() throws IOException {
        CommandRun run = export("--format", "jsonl", "--key", "2");

        assertThat(run.exitCode()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.outLines()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(node -> node.get("request_id").asText()).containsExactly("r-4", "r-2", "r-2");
        assertThat(lines.get(2).get("status_code").asInt()).isEqualTo(429);
        assertThat(lines.get(2).get("user").asText()).isEqualTo("bob");
    }

    @Test
    void outputGoesToTheFileWithTheByteOrderMarkAndOneLineOnStandardOutput() throws IOException {
        Path file = files.resolve("requests.csv");
        Files.writeString(file, "an earlier export");

        CommandRun run = export("--output", file.toString(), "--bom", "--user", "bob");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly(file + ": 3 requests written");
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(requestIds(new String(bytes, StandardCharsets.UTF_8).substring(1)))
                .containsExactly("r-4", "r-2", "r-2");
        assertThat(files.resolve("requests.csv.part")).doesNotExist();
    }

    @Test
    void anOutputThatCannotBeWrittenFailsWithExitOneAndLeavesNothingBehind() {
        Path file = files.resolve("missing-folder").resolve("requests.csv");

        CommandRun run = export("--output", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().startsWith("Cannot write " + file);
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void badOptionValuesAreUsageErrorsWithOneLineEach() {
        assertUsageError(export("--outcome", "maybe"), "--outcome: 'maybe' is not an outcome");
        assertUsageError(export("--format", "xml"), "--format: unknown format 'xml' (use csv or jsonl)");
        assertUsageError(export("--zone", "Mars/Olympus"), "--zone: unknown time zone 'Mars/Olympus'");
        assertUsageError(export("--format", "jsonl", "--bom"), "--bom applies to CSV only");
        assertUsageError(export("--from", "2026-09-02", "--to", "2026-09-01"), "--from 2026-09-02 is not before");
        assertUsageError(export("--from", "yesterday"), "--from: cannot read 'yesterday' as a time");
        assertUsageError(export("--user", "carol"), "--user: there is no user named carol");
        assertUsageError(export("--key", "desktop"), "--key: there is no key named desktop");
        assertUsageError(export("--key", "99"), "--key: there is no key 99");
        assertUsageError(export("--key", "99999999999999999999"), "--key: there is no key 99999999999999999999");
        assertUsageError(export("--account", "nobody@example.com"), "--account: no stored request was served by");
    }

    private static void assertUsageError(CommandRun run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString().startsWith(message);
    }

    @Test
    void aFolderWithoutHistoryFailsWithExitOneAndStaysEmpty() {
        Path empty = files.resolve("no-history");

        CommandRun run = CommandRun.run(new ExportCommand(), "requests", "--data-dir", empty.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("No usage history in " + empty);
        assertThat(empty).doesNotExist();
    }

    @Test
    void exportWithoutWhatToExportShowsTheUsage() {
        CommandRun run = CommandRun.run(new ExportCommand());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("requests");
    }
}
