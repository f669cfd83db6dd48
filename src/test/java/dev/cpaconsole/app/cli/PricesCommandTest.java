package dev.cpaconsole.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricesCommandTest {
    @TempDir
    Path dataDir;

    @TempDir
    Path files;

    private CommandRun prices(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        return CommandRun.run(new PricesCommand(), all);
    }

    @Test
    void aFreshTableListsTheCatalogue() {
        CommandRun run = prices("list");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()[0]).startsWith("model").contains("input").contains("cache read");
        assertThat(run.out()).contains("gpt-5.4 ").contains("claude-sonnet-4-6 ").contains(" catalogue");
    }

    @Test
    void importAppliesAtOnceAndReportsWhatChanged() throws IOException {
        Path csv = files.resolve("mine.csv");
        Files.writeString(csv, String.join("\n", "model,provider,input,output,source",
                "team-model,,1,2,manual",
                "gpt-5.4,,2,15,import",
                "bad-row,,x,2,import"), StandardCharsets.UTF_8);

        CommandRun run = prices("import", csv.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("+ team-model always: in 1 / out 2")
                .contains("? line 4 (bad-row): the input price 'x' is not a number")
                .contains("! gpt-5.4 from 2026-03-05: in 2.5 / out 15")
                .contains("Applied: 1 added, 1 changed.");
        CommandRun list = prices("list");
        // The file marks it manual, so it stays a hand-set price that later imports leave alone.
        assertThat(list.out().lines().filter(l -> l.startsWith("team-model ")).toList())
                .singleElement().asString().endsWith(" manual");
    }

    @Test
    void aDryRunShowsTheLoweredPriceAndAppliesNothing() throws IOException {
        Path csv = files.resolve("lower.csv");
        Files.writeString(csv, "model,input,output,effective_from\nx-model,5,10,2026-01-01\n",
                StandardCharsets.UTF_8);
        assertThat(prices("import", csv.toString()).exitCode()).isZero();
        Files.writeString(csv, "model,input,output,effective_from\nx-model,4,10,2026-01-01\n",
                StandardCharsets.UTF_8);

        CommandRun dry = prices("import", "--dry-run", csv.toString());

        assertThat(dry.out()).contains("0 added, 1 changed (1 lower a price)").contains("(lowers a price)")
                .contains("Nothing applied");
        assertThat(prices("list").out()).containsPattern("x-model +5 +10");
    }

    @Test
    void exportWritesACsvThatImportsBackAsUnchanged() {
        Path out = files.resolve("prices.csv");

        CommandRun export = prices("export", out.toString());
        CommandRun again = prices("import", out.toString());

        assertThat(export.exitCode()).isZero();
        assertThat(export.out()).endsWith("rows written" + System.lineSeparator());
        assertThat(again.out()).startsWith("0 added, 0 changed (0 lower a price), ");
    }

    @Test
    void liteLlmJsonIsRecognisedByItsContent() throws IOException {
        Path json = files.resolve("model_prices_and_context_window.json");
        Files.writeString(json, """
                {"sample_spec": {"input_cost_per_token": 0},
                 "brand-new-model": {"mode": "chat", "input_cost_per_token": 3e-07, "output_cost_per_token": 1.2e-06}}
                """, StandardCharsets.UTF_8);

        CommandRun run = prices("import", json.toString());

        assertThat(run.out()).contains("+ brand-new-model always: in 0.3 / out 1.2");
    }

    @Test
    void aMissingOrUnreadableFileIsAnError() throws IOException {
        assertThat(prices("import", files.resolve("nope.csv").toString()).err()).startsWith("No such file");
        Path junk = files.resolve("junk.csv");
        Files.writeString(junk, "hello,world\n1,2\n", StandardCharsets.UTF_8);
        CommandRun run = prices("import", junk.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("not a price CSV");
    }

    @Test
    void unpricedListsModelsWithoutAPrice() throws IOException {
        Path records = files.resolve("usage.jsonl");
        String now = Instant.now().minusSeconds(3_600).toString();
        Files.writeString(records, "{\"timestamp\":\"" + now + "\",\"provider\":\"codex\",\"model\":\"odd-model\","
                + "\"alias\":\"odd\",\"failed\":false,\"tokens\":{\"input_tokens\":10,\"output_tokens\":5,"
                + "\"total_tokens\":15}}\n", StandardCharsets.UTF_8);
        assertThat(CommandRun.run(new ImportCommand(), "--data-dir", dataDir.toString(), records.toString())
                .exitCode()).isZero();

        CommandRun run = prices("unpriced");

        assertThat(run.exitCode()).isZero();
        assertThat(List.of(run.outLines()).get(1)).startsWith("codex ").contains(" odd-model ").contains(" odd ");
    }
}
