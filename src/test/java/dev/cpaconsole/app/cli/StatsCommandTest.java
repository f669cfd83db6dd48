package dev.cpaconsole.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.Examples;

class StatsCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> MEASURES = List.of("requests", "failed", "uncached_input_tokens",
            "cache_read_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens", "unclassified_tokens",
            "total_tokens", "cost_usd", "unpriced_requests", "cost_flags");

    @TempDir
    Path dataDir;

    @TempDir
    Path files;

    @BeforeEach
    void importExamples() throws IOException {
        Path queue = files.resolve("queue.json");
        Files.writeString(queue, Examples.text("usage-queue.response.json"), StandardCharsets.UTF_8);
        Path legacy = files.resolve("legacy.json");
        Files.writeString(legacy, Examples.text("legacy-usage-export.response.json"), StandardCharsets.UTF_8);
        assertThat(CommandRun.run(new ImportCommand(), "--data-dir", dataDir.toString(), queue.toString(),
                legacy.toString()).exitCode()).isZero();
    }

    private CommandRun stats(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        return CommandRun.run(new StatsCommand(), all.toArray(String[]::new));
    }

    private JsonNode json(String... args) throws IOException {
        CommandRun run = stats(args);
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        return MAPPER.readTree(run.out());
    }

    @Test
    void printsOneJsonObjectWithTotalsAndNoGroups() throws IOException {
        JsonNode result = json("--json");

        assertThat(result.properties()).extracting(e -> e.getKey()).containsExactly("totals", "groups");
        assertThat(result.get("totals").properties()).extracting(e -> e.getKey())
                .containsExactlyElementsOf(MEASURES);
        JsonNode totals = result.get("totals");
        assertThat(totals.get("requests").asLong()).isEqualTo(5);
        assertThat(totals.get("failed").asLong()).isEqualTo(2);
        assertThat(totals.get("total_tokens").asLong()).isEqualTo(35_085 + 2_220);
        assertThat(totals.get("cache_read_tokens").asLong()).isEqualTo(31_264 + 1_024);
        assertThat(result.get("groups").isArray()).isTrue();
        assertThat(result.get("groups")).isEmpty();
    }

    @Test
    void eachGroupCarriesItsKeyAndEveryMeasure() throws IOException {
        JsonNode groups = json("--json", "--by", "model").get("groups");

        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).properties()).extracting(e -> e.getKey()).first().isEqualTo("key");
        assertThat(groups.get(0).get("key").asText()).isEqualTo("claude-sonnet-4-6");
        assertThat(groups.get(0).get("total_tokens").asLong()).isEqualTo(21_950);
        assertThat(groups.get(1).get("key").asText()).isEqualTo("gpt-5.4");
        assertThat(groups.get(1).get("requests").asLong()).isEqualTo(4);
        for (JsonNode group : groups) {
            assertThat(group.properties()).extracting(e -> e.getKey()).containsAll(MEASURES);
        }
    }

    @Test
    void costIsPricedFromTheCatalogueAndUnpricedRequestsAreCountedApart() throws IOException {
        Path records = files.resolve("priced.jsonl");
        Files.writeString(records, String.join("\n",
                record("2026-09-01T10:00:00Z", "gpt-5.4", 2_459, 2_455, 23),
                record("2026-09-01T11:00:00Z", "mystery-model", 1_000, 0, 10)), StandardCharsets.UTF_8);
        Path fresh = files.resolve("fresh");
        assertThat(CommandRun.run(new ImportCommand(), "--data-dir", fresh.toString(), records.toString()).exitCode())
                .isZero();

        CommandRun run = CommandRun.run(new StatsCommand(), "--data-dir", fresh.toString(), "--json", "--by", "model");

        assertThat(run.exitCode()).isZero();
        JsonNode result = MAPPER.readTree(run.out());
        // The catalogue's gpt-5.4: input 2.50, cache read 0.25, output 15 per 1M tokens.
        // 4 × 2.50 + 2 455 × 0.25 + 23 × 15 = 968.75 per 1M.
        assertThat(result.get("totals").get("cost_usd").decimalValue()).isEqualByComparingTo("0.00096875");
        assertThat(result.get("totals").get("unpriced_requests").asLong()).isEqualTo(1);
        JsonNode groups = result.get("groups");
        // A group none of whose requests has a price has no cost at all, never $0.
        assertThat(groups).extracting(g -> g.get("key").asText(), g -> g.get("cost_usd").isNull()
                ? "null" : g.get("cost_usd").decimalValue().toPlainString(), g -> g.get("unpriced_requests").asLong())
                .containsExactlyInAnyOrder(tuple("gpt-5.4", "0.00096875", 0L),
                        tuple("mystery-model", "null", 1L));

        CommandRun table = CommandRun.run(new StatsCommand(), "--data-dir", fresh.toString());
        assertThat(table.out()).contains("1 requests have no price").contains("prices unpriced");
        CommandRun byModel = CommandRun.run(new StatsCommand(), "--data-dir", fresh.toString(), "--by", "model");
        assertThat(byModel.out().lines().filter(line -> line.startsWith("mystery-model")))
                .singleElement().asString().contains("\u2013").doesNotContain("0.000000");
    }

    @Test
    void hoursAreLocalWithTheirOffsetSoBothHoursOfTheDaylightSavingEndAreApart() throws IOException {
        Path records = files.resolve("fall-back.jsonl");
        Files.writeString(records, String.join("\n",
                record("2026-11-01T05:30:00Z", "gpt-5.4", 1_000, 0, 10),
                record("2026-11-01T06:10:00Z", "gpt-5.4", 1_000, 0, 10),
                record("2026-11-01T06:50:00Z", "gpt-5.4", 1_000, 0, 10),
                record("2026-11-01T07:05:00Z", "gpt-5.4", 1_000, 0, 10)), StandardCharsets.UTF_8);
        Path fresh = files.resolve("hours");
        assertThat(CommandRun.run(new ImportCommand(), "--data-dir", fresh.toString(), records.toString()).exitCode())
                .isZero();

        CommandRun run = CommandRun.run(new StatsCommand(), "--data-dir", fresh.toString(), "--json", "--by", "hour",
                "--zone", "America/New_York");
        CommandRun kathmandu = CommandRun.run(new StatsCommand(), "--data-dir", fresh.toString(), "--json", "--by",
                "hour", "--zone", "Asia/Kathmandu");

        assertThat(run.exitCode()).isZero();
        JsonNode result = MAPPER.readTree(run.out());
        assertThat(result.get("groups")).extracting(g -> g.get("key").asText(), g -> g.get("requests").asLong())
                .containsExactly(tuple("2026-11-01T01:00-04:00", 1L), tuple("2026-11-01T01:00-05:00", 2L),
                        tuple("2026-11-01T02:00-05:00", 1L));
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode group : result.get("groups")) {
            sum = sum.add(group.get("cost_usd").decimalValue());
        }
        assertThat(sum).isEqualByComparingTo(result.get("totals").get("cost_usd").decimalValue());
        assertThat(MAPPER.readTree(kathmandu.out()).get("groups")).extracting(g -> g.get("key").asText())
                .containsExactly("2026-11-01T11:00+05:45", "2026-11-01T12:00+05:45");
    }

    @Test
    void groupCostsAddUpToTheTotalInEveryGrouping() throws IOException {
        BigDecimal total = json("--json").get("totals").get("cost_usd").decimalValue();
        assertThat(total.signum()).isPositive();
        for (String by : List.of("model", "provider", "key", "user", "auth", "day", "hour")) {
            BigDecimal sum = BigDecimal.ZERO;
            for (JsonNode group : json("--json", "--by", by).get("groups")) {
                sum = sum.add(group.get("cost_usd").decimalValue());
            }
            assertThat(sum).as("by %s", by).isEqualByComparingTo(total);
        }
    }

    private static String record(String timestamp, String model, long prompt, long cached, long output) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("timestamp", timestamp).put("provider", "codex").put("model", model).put("alias", model)
                .put("auth_index", "755481f9d70ed642").put("source", "user@example.com").put("auth_type", "oauth")
                .put("api_key", "sk-test-client-alice-0001").put("failed", false);
        node.putObject("tokens").put("input_tokens", prompt).put("cached_tokens", cached)
                .put("output_tokens", output).put("total_tokens", prompt + output);
        return node.toString();
    }

    @Test
    void groupsByMaskedKey() throws IOException {
        JsonNode groups = json("--json", "--by", "KEY").get("groups");

        assertThat(groups).extracting(g -> g.get("key").asText()).containsExactly("sk-t…0002", "sk-t…0001");
    }

    @Test
    void aDateRangeIncludesBothDaysWhole() throws IOException {
        JsonNode result = json("--json", "--from", "2026-04-30", "--to", "2026-04-30", "--zone", "Asia/Shanghai",
                "--by", "day");

        assertThat(result.get("totals").get("requests").asLong()).isEqualTo(2);
        assertThat(result.get("groups")).extracting(g -> g.get("key").asText()).containsExactly("2026-04-30");
    }

    @Test
    void cutsDaysInTheGivenZone() throws IOException {
        // The Codex records are at 06:05 UTC on 22 August: still 21 August at UTC-10.
        JsonNode groups = json("--json", "--by", "day", "--zone", "Pacific/Honolulu").get("groups");

        assertThat(groups).extracting(g -> g.get("key").asText()).containsExactly("2026-04-29", "2026-08-21");
    }

    @Test
    void cutsDaysInTheSavedDisplayZoneWhenNoZoneIsGiven() throws IOException {
        try (Database database = Database.open(dataDir)) {
            new SettingsStore(database).saveTimeZone(ZoneId.of("Pacific/Honolulu"));
        }

        JsonNode groups = json("--json", "--by", "day").get("groups");

        assertThat(groups).extracting(g -> g.get("key").asText()).containsExactly("2026-04-29", "2026-08-21");
        assertThat(json("--json", "--by", "day", "--zone", "Asia/Shanghai").get("groups"))
                .extracting(g -> g.get("key").asText()).containsExactly("2026-04-30", "2026-08-22");
    }

    @Test
    void acceptsInstantsOffsetAndLocalTimes() throws IOException {
        assertThat(json("--json", "--from", "2026-08-22T06:05:08Z").get("totals").get("requests").asLong())
                .isEqualTo(1);
        assertThat(json("--json", "--to", "2026-08-22T14:05:08+08:00").get("totals").get("requests").asLong())
                .isEqualTo(4);
        assertThat(json("--json", "--from", "2026-08-22T14:05:08", "--zone", "+08:00").get("totals")
                .get("requests").asLong()).isEqualTo(1);
    }

    @Test
    void printsAnAlignedTable() {
        CommandRun run = stats("--by", "provider");

        assertThat(run.exitCode()).isZero();
        String[] lines = run.outLines();
        assertThat(lines).hasSize(6);
        assertThat(lines[0]).startsWith("provider").contains("requests").contains(" total ")
                .endsWith("cost usd  unpriced");
        assertThat(lines[1]).startsWith("claude ").contains(" 21,950 ");
        assertThat(lines[3]).as("legacy records name no provider").startsWith("unknown ");
        assertThat(lines[4]).startsWith("total ").contains(" 37,305 ");
        assertThat(List.of(lines).subList(0, 5)).extracting(String::length).containsOnly(lines[0].length());
        assertThat(lines[5]).startsWith("Cost is an API-equivalent estimate");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--zone | Mars/Olympus | --zone: unknown time zone 'Mars/Olympus'",
        "--by   | color        | --by: unknown grouping 'color'",
        "--from | yesterday    | --from: cannot read 'yesterday' as a time",
        "--to   | 2026-13-01   | --to: cannot read '2026-13-01' as a time",
    })
    void badValuesAreUsageErrorsWithOneLine(String option, String value, String message) {
        CommandRun run = stats(option, value, "--json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines()[0]).startsWith(message);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aKeyIdTooLongForAnyKeyIsAUsageError() {
        CommandRun run = stats("--key", "99999999999999999999");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("--key: there is no key 99999999999999999999");
    }

    @Test
    void aStartAfterTheEndIsAUsageError() {
        CommandRun run = stats("--from", "2026-05-02", "--to", "2026-05-01");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1);
    }

    @Test
    void aFolderWithoutHistoryIsAFailureAndStaysEmpty(@TempDir Path elsewhere) {
        Path mistyped = elsewhere.resolve("no-such-folder");

        CommandRun run = CommandRun.run(new StatsCommand(), "--data-dir", mistyped.toString(), "--json");

        assertThat(run.exitCode()).isOne();
        assertThat(run.errLines()).containsExactly("No usage history in " + mistyped
                + " (nothing collected or imported there yet)");
        assertThat(mistyped).doesNotExist();
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(stats("--colour").exitCode()).isEqualTo(2);
    }
}
