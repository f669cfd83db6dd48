package dev.cpaconsole.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.app.AccessServices;
import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.ClientKeys;
import dev.cpaconsole.usage.core.UsageStatistics;

class StatsByUserTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String UNMANAGED = "sk-someone-elses-key-0000000000000001";

    @TempDir
    Path dataDir;

    @TempDir
    Path files;

    private AccessFixture fixture;
    private final List<String> records = new ArrayList<>();
    private Instant next = Instant.parse("2026-09-01T10:00:00Z");

    @BeforeEach
    void connect() {
        fixture = AccessFixture.start(dataDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** One usage record carrying {@code key} ("" for none), each a minute after the one before. */
    private void used(String key, long inputTokens) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("timestamp", next.toString()).put("provider", "codex").put("model", "gpt-5.4")
                .put("alias", "gpt-5.4").put("auth_index", "755481f9d70ed642").put("source", "user@example.com")
                .put("auth_type", "oauth").put("api_key", key).put("failed", false);
        node.putObject("tokens").put("input_tokens", inputTokens).put("cached_tokens", 0)
                .put("output_tokens", 10).put("total_tokens", inputTokens + 10);
        records.add(node.toString());
        next = next.plusSeconds(60);
    }

    private void importRecords() throws IOException {
        Path file = files.resolve("records-" + records.size() + ".jsonl");
        Files.writeString(file, String.join("\n", records), StandardCharsets.UTF_8);
        assertThat(CommandRun.run(new ImportCommand(), "--data-dir", dataDir.toString(), file.toString()).exitCode())
                .isZero();
    }

    private JsonNode stats(String by) {
        CommandRun run = CommandRun.run(new StatsCommand(), "--data-dir", dataDir.toString(), "--json", "--by", by);
        assertThat(run.exitCode()).isZero();
        return AccessFixture.parse(run.out());
    }

    private static Map<String, JsonNode> byKey(JsonNode groups) {
        Map<String, JsonNode> map = new HashMap<>();
        groups.forEach(group -> map.put(group.get("key").asText(), group));
        return map;
    }

    /** Deletes one key the way the desktop app does; the commands only delete keys with their user. */
    private void deleteKey(long id) {
        try (Database database = Database.open(dataDir)) {
            AccessServices access = AccessServices.open(database, new PriceStore(database, Clock.systemUTC()),
                    () -> new CpaClient(fixture.simulator.baseUri(), AccessFixture.MANAGEMENT_KEY),
                    new FileManagementKeyStore(dataDir, KeyKind.KEY_ENCRYPTION), () -> ZoneOffset.UTC,
                    Clock.systemUTC());
            access.keys().delete("test", id, false);
        }
    }

    @Test
    void eventsBelongToTheOwnerOfTheKeyThatHasOrHadTheirValueDeletedKeysIncluded() throws IOException {
        fixture.createUser("alice");
        fixture.createUser("bob");
        JsonNode laptop = fixture.createKey("alice", "laptop");
        JsonNode desktop = fixture.createKey("alice", "desktop");
        JsonNode ci = fixture.createKey("bob", "ci");
        used(laptop.get("key").asText(), 1_000);
        used(laptop.get("key").asText(), 2_000);
        used(desktop.get("key").asText(), 3_000);
        used(ci.get("key").asText(), 4_000);
        used(UNMANAGED, 5_000);
        used("", 6_000);
        importRecords();
        String rotated = AccessFixture.json(fixture.keys("rotate", "--json", laptop.get("id").asText()))
                .get("key").asText();
        used(rotated, 7_000);
        importRecords();
        deleteKey(desktop.get("id").asLong());

        Map<String, JsonNode> users = byKey(stats("user").get("groups"));

        assertThat(users.keySet()).containsExactlyInAnyOrder("alice", "bob", UsageStatistics.UNMANAGED_KEY,
                UsageStatistics.NO_KEY);
        assertThat(users.get("alice").get("requests").asLong()).as("both values of laptop, and the deleted desktop")
                .isEqualTo(4);
        assertThat(users.get("alice").get("uncached_input_tokens").asLong()).isEqualTo(1_000 + 2_000 + 3_000 + 7_000);
        assertThat(users.get("bob").get("requests").asLong()).isEqualTo(1);
        assertThat(users.get(UsageStatistics.UNMANAGED_KEY).get("requests").asLong()).isEqualTo(1);
        assertThat(users.get(UsageStatistics.NO_KEY).get("requests").asLong()).isEqualTo(1);

        Map<String, JsonNode> keys = byKey(stats("key").get("groups"));
        BigDecimal alicesKeys = BigDecimal.ZERO;
        for (String value : List.of(laptop.get("key").asText(), rotated, desktop.get("key").asText())) {
            alicesKeys = alicesKeys.add(keys.get(ClientKeys.mask(value)).get("cost_usd").decimalValue());
        }
        assertThat(alicesKeys.signum()).isPositive();
        assertThat(users.get("alice").get("cost_usd").decimalValue()).isEqualByComparingTo(alicesKeys);
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode group : users.values()) {
            sum = sum.add(group.get("cost_usd").decimalValue());
        }
        assertThat(sum).isEqualByComparingTo(stats("user").get("totals").get("cost_usd").decimalValue());
    }

    @Test
    void aDeletedUserKeepsTheEventsAndSharesTheNameWithANewUserOnlyByItsId() throws IOException {
        JsonNode first = fixture.createUser("carol");
        fixture.createUser("dave");
        fixture.createKey("dave", "keeps CPA open");
        String old = fixture.createKey("carol", "laptop").get("key").asText();
        assertThat(fixture.users("delete", "carol").exitCode()).isZero();
        JsonNode second = fixture.createUser("carol");
        String fresh = fixture.createKey("carol", "laptop").get("key").asText();
        used(old, 1_000);
        used(fresh, 2_000);
        used(fresh, 3_000);
        importRecords();

        Map<String, JsonNode> users = byKey(stats("user").get("groups"));

        assertThat(users.keySet()).containsExactlyInAnyOrder("carol #" + first.get("id").asLong(),
                "carol #" + second.get("id").asLong());
        assertThat(users.get("carol #" + first.get("id").asLong()).get("requests").asLong()).isEqualTo(1);
        assertThat(users.get("carol #" + second.get("id").asLong()).get("requests").asLong()).isEqualTo(2);
        assertThat(users.get("carol #" + first.get("id").asLong()).get("cost_usd").decimalValue().signum())
                .isPositive();
    }

    @Test
    void theTableNamesTheUsers() throws IOException {
        fixture.createUser("研发-张三🚀");
        used(fixture.createKey("研发-张三🚀", "laptop").get("key").asText(), 1_000);
        importRecords();

        CommandRun run = CommandRun.run(new StatsCommand(), "--data-dir", dataDir.toString(), "--by", "user");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()[0]).startsWith("user ");
        assertThat(run.outLines()[1]).startsWith("研发-张三🚀 ");
    }

    @Test
    void userKeyAndModelFiltersNarrowTotalsGroupsAndCost() throws IOException {
        fixture.createUser("alice");
        fixture.createUser("bob");
        JsonNode laptop = fixture.createKey("alice", "laptop");
        JsonNode ci = fixture.createKey("bob", "ci");
        used(laptop.get("key").asText(), 1_000);
        used(laptop.get("key").asText(), 2_000);
        used(ci.get("key").asText(), 4_000);
        used(UNMANAGED, 5_000);
        importRecords();

        JsonNode alice = filtered("--user", "alice");
        JsonNode byId = filtered("--key", ci.get("id").asText());
        JsonNode byName = filtered("--key", "laptop");
        JsonNode model = filtered("--model", "gpt-5.4");
        JsonNode noModel = filtered("--model", "no-such-model");
        JsonNode aliceNotCi = filtered("--user", "alice", "--key", "ci");

        assertThat(alice.get("totals").get("requests").asLong()).isEqualTo(2);
        assertThat(alice.get("totals").get("uncached_input_tokens").asLong()).isEqualTo(3_000);
        assertThat(byName.get("totals")).isEqualTo(alice.get("totals"));
        assertThat(byId.get("totals").get("requests").asLong()).isEqualTo(1);
        assertThat(model.get("totals").get("requests").asLong()).isEqualTo(4);
        assertThat(noModel.get("totals").get("requests").asLong()).isZero();
        assertThat(aliceNotCi.get("totals").get("requests").asLong()).isZero();
        assertThat(alice.get("groups")).extracting(g -> g.get("key").asText()).containsExactly("alice");
        BigDecimal both = alice.get("totals").get("cost_usd").decimalValue()
                .add(byId.get("totals").get("cost_usd").decimalValue());
        assertThat(both.signum()).isPositive();
        assertThat(both).isLessThan(model.get("totals").get("cost_usd").decimalValue());

        CommandRun unknown = CommandRun.run(new StatsCommand(), "--data-dir", dataDir.toString(), "--user", "nobody");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.errLines()).singleElement().asString().contains("no user named nobody");
    }

    private JsonNode filtered(String... filter) {
        List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--json", "--by", "user"));
        args.addAll(List.of(filter));
        CommandRun run = CommandRun.run(new StatsCommand(), args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return AccessFixture.parse(run.out());
    }
}
