package dev.cpaconsole.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.cpaconsole.keys.core.KeyLimits;
import dev.cpaconsole.keys.core.LimitPeriod;
import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.ClientKeys;

class KeysCommandTest {
    private static final List<String> KEY_MEMBERS = List.of("id", "user", "name", "masked", "status", "in_cpa");
    private static final String FOREIGN_KEY = "sk-team-shared-by-another-tool-7Q2x9";

    @TempDir
    Path dataDir;

    private AccessFixture fixture;

    @BeforeEach
    void connect() {
        fixture = AccessFixture.start(dataDir);
        fixture.createUser("alice");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Test
    void createPrintsTheKeyOnceAndListShowsOnlyItsMask() {
        CommandRun created = fixture.keys("create", "--user", "alice", "--name", "laptop");

        assertThat(created.exitCode()).isZero();
        assertThat(created.err()).isEmpty();
        List<String> inCpa = fixture.simulator.apiKeys();
        assertThat(inCpa).hasSize(1);
        String value = inCpa.getFirst();
        assertThat(value).startsWith("sk-");
        assertThat(occurrences(created.out(), value)).isOne();
        assertThat(created.outLines()).contains(value);
        assertThat(created.out()).contains("Created key").contains("\"laptop\"").contains("alice").contains("in CPA");

        CommandRun table = fixture.keys("list");
        CommandRun json = fixture.keys("list", "--json");

        assertThat(table.out()).doesNotContain(value).contains(ClientKeys.mask(value)).contains("laptop");
        assertThat(json.out()).doesNotContain(value).contains(ClientKeys.mask(value));
    }

    @Test
    void keysInJsonHaveExactlyTheDocumentedMembersAndOnlyCreateCarriesTheValue() {
        JsonNode created = fixture.createKey("alice", "laptop");

        List<String> withValue = new ArrayList<>(KEY_MEMBERS);
        withValue.add("key");
        assertThat(created.properties()).extracting(e -> e.getKey()).containsExactlyElementsOf(withValue);
        assertThat(created.get("user").asText()).isEqualTo("alice");
        assertThat(created.get("status").asText()).isEqualTo("active");
        assertThat(created.get("in_cpa").asBoolean()).isTrue();
        assertThat(created.get("masked").asText()).isEqualTo(ClientKeys.mask(created.get("key").asText()));

        JsonNode listed = AccessFixture.json(fixture.keys("list", "--json"));

        assertThat(listed.isArray()).isTrue();
        assertThat(listed).singleElement().satisfies(key -> {
            assertThat(key.properties()).extracting(e -> e.getKey()).containsExactlyElementsOf(KEY_MEMBERS);
            assertThat(key.get("id").asLong()).isEqualTo(created.get("id").asLong());
        });
    }

    @Test
    void aUnicodeOwnerAndLabelRoundTripUnchanged() {
        String owner = "研发-张三🚀";
        String label = "O'Brien, \"QA\" 笔记本";
        fixture.createUser(owner);

        JsonNode created = fixture.createKey(owner, label);
        JsonNode listed = AccessFixture.json(fixture.keys("list", "--json", "--user", owner));

        assertThat(created.get("user").asText()).isEqualTo(owner);
        assertThat(listed).extracting(k -> k.get("user").asText(), k -> k.get("name").asText())
                .containsExactly(tuple(owner, label));
        assertThat(fixture.keys("list").out()).contains(owner).contains(label);
    }

    @Test
    void aKeyCreatedWhileCpaIsUnreachableIsPrintedAndFailsUntilTheNextCheckAddsIt() {
        fixture.environment.put(ServeCommand.KEY_VARIABLE, AccessFixture.MANAGEMENT_KEY);

        CommandRun run = fixture.keys("create", "--cpa-url", AccessFixture.closedAddress(), "--user", "alice",
                "--name", "laptop", "--json");

        assertThat(run.exitCode()).isOne();
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("keys create: CPA does not hold key ").contains("the next key check does it");
        JsonNode created = AccessFixture.parse(run.out());
        String value = created.get("key").asText();
        assertThat(created.get("in_cpa").asBoolean()).isFalse();
        assertThat(fixture.simulator.apiKeys()).isEmpty();

        JsonNode sync = AccessFixture.json(fixture.keys("sync", "--json", "--dry-run"));

        assertThat(fixture.simulator.apiKeys()).containsExactly(value);
        assertThat(sync.get("changed")).extracting(JsonNode::asLong).containsExactly(created.get("id").asLong());
        assertThat(sync.get("out_of_sync")).isEmpty();
    }

    @Test
    void aKeyCreatedWhileCpaRefusesTheManagementKeyGoesInOnceTheKeyIsRight() {
        fixture.environment.put(ServeCommand.KEY_VARIABLE, "not-the-management-key");

        CommandRun run = fixture.keys("create", "--cpa-url", fixture.simulator.baseUri().toString(), "--user",
                "alice", "--name", "laptop");

        assertThat(run.exitCode()).isOne();
        assertThat(run.errLines()).singleElement().asString().contains("CPA refused the management key")
                .contains("check CPA_MANAGEMENT_KEY").doesNotContain("Settings");
        assertThat(fixture.simulator.failedAuthAttempts()).isOne();

        JsonNode sync = AccessFixture.json(fixture.keys("sync", "--json", "--dry-run"));

        assertThat(sync.get("out_of_sync")).isEmpty();
        assertThat(fixture.simulator.apiKeys()).hasSize(1);
    }

    @Test
    void cpaUrlTakesTheManagementKeyFromTheEnvironment() {
        CommandRun missing = fixture.keys("create", "--cpa-url", fixture.simulator.baseUri().toString(), "--user",
                "alice", "--name", "laptop");

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.errLines()).containsExactly("keys create: --cpa-url: set CPA_MANAGEMENT_KEY to CPA's "
                + "management key");

        fixture.environment.put(ServeCommand.KEY_VARIABLE, AccessFixture.MANAGEMENT_KEY);
        CommandRun run = fixture.keys("create", "--cpa-url", fixture.simulator.baseUri().toString(), "--user",
                "alice", "--name", "laptop");

        assertThat(run.exitCode()).isZero();
        assertThat(fixture.simulator.apiKeys()).hasSize(1);
    }

    @Test
    void withoutASavedConnectionItSaysHowToGiveOne(@TempDir Path bare) {
        assertThat(CommandRun.run(new UsersCommand(fixture.context()), "create", "--data-dir", bare.toString(),
                "alice").exitCode()).isZero();

        CommandRun run = CommandRun.run(new KeysCommand(fixture.context()), "create", "--data-dir", bare.toString(),
                "--user", "alice", "--name", "laptop", "--json");

        assertThat(run.exitCode()).isOne();
        assertThat(run.errLines()).singleElement().asString().contains("No CPA address saved")
                .contains("--cpa-url");
        assertThat(AccessFixture.parse(run.out()).get("in_cpa").asBoolean()).isFalse();
    }

    @Test
    void aDateExpiryLetsTheKeyWorkThroughThatDayInTheConsolesZone() {
        try (Database database = Database.open(dataDir)) {
            new SettingsStore(database).saveTimeZone(ZoneId.of("Asia/Shanghai"));
        }

        JsonNode created = fixture.createKey("alice", "trial", "--expires", "2099-03-08");

        assertThat(fixture.stored(created.get("id").asLong()).limits().expiresAt())
                .isEqualTo(Instant.parse("2099-03-08T16:00:00Z"));
        CommandRun text = fixture.keys("create", "--user", "alice", "--name", "second", "--expires", "2099-03-08");
        assertThat(text.out()).contains("It stops working at 2099-03-09T00:00:00+08:00 (Asia/Shanghai).");
    }

    @Test
    void anInstantExpiryIsTakenAsGiven() {
        JsonNode created = fixture.createKey("alice", "trial", "--expires", "2099-03-08T18:30:00+01:00");

        assertThat(fixture.stored(created.get("id").asLong()).limits().expiresAt())
                .isEqualTo(Instant.parse("2099-03-08T17:30:00Z"));
    }

    @Test
    void budgetAndQuotasAreStoredWithTheirPeriods() {
        JsonNode created = fixture.createKey("alice", "ci", "--budget", "$20.50/Month", "--requests", "1000/day",
                "--tokens", "5_000_000/day", "--description", "build farm");

        KeyLimits limits = fixture.stored(created.get("id").asLong()).limits();
        assertThat(limits.budgetUsd()).isEqualByComparingTo(new BigDecimal("20.50"));
        assertThat(limits.budgetPeriod()).isEqualTo(LimitPeriod.MONTH);
        assertThat(limits.requestQuota()).isEqualTo(1000L);
        assertThat(limits.tokenQuota()).isEqualTo(5_000_000L);
        assertThat(limits.quotaPeriod()).isEqualTo(LimitPeriod.DAY);
        assertThat(fixture.stored(created.get("id").asLong()).description()).isEqualTo("build farm");
        assertThat(fixture.keys("list").out()).contains("$20.5/month").contains("1000 req/day");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--budget   | 20          | --budget: a budget is written USD/PERIOD",
        "--budget   | 20/year     | --budget: a period is day, week or month",
        "--budget   | -5/day      | --budget: a budget cannot be negative",
        "--requests | many/day    | --requests: write N/PERIOD",
        "--tokens   | 10/fortnight | --tokens: a period is day, week or month",
        "--expires  | next monday | --expires: cannot read 'next monday' as a time",
        "--expires  | 2020-01-01  | --expires: 2020-01-01 has passed",
    })
    void badLimitsAreUsageErrorsAndCreateNothing(String option, String value, String message) {
        CommandRun run = fixture.keys("create", "--user", "alice", "--name", "laptop", option, value);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("keys create: " + message);
        assertThat(fixture.simulator.apiKeys()).isEmpty();
        assertThat(AccessFixture.json(fixture.keys("list", "--json"))).isEmpty();
    }

    @Test
    void requestAndTokenQuotasMustShareTheirPeriod() {
        CommandRun run = fixture.keys("create", "--user", "alice", "--name", "laptop", "--requests", "10/day",
                "--tokens", "1000/week");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("one period");
    }

    @Test
    void aKeyForAnUnknownUserFailsWithOneLine() {
        CommandRun run = fixture.keys("create", "--user", "nobody", "--name", "laptop");

        assertThat(run.exitCode()).isOne();
        assertThat(run.errLines()).containsExactly("keys create: There is no user named nobody");
    }

    @Test
    void revokeTakesTheKeyOutOfCpa() {
        String kept = fixture.createKey("alice", "desktop").get("key").asText();
        long id = fixture.createKey("alice", "laptop").get("id").asLong();

        JsonNode revoked = AccessFixture.json(fixture.keys("revoke", "--json", String.valueOf(id)));

        assertThat(revoked.properties()).extracting(e -> e.getKey()).containsExactlyElementsOf(KEY_MEMBERS);
        assertThat(revoked.get("status").asText()).isEqualTo("revoked");
        assertThat(revoked.get("in_cpa").asBoolean()).isFalse();
        assertThat(fixture.simulator.apiKeys()).containsExactly(kept);
        assertThat(AccessFixture.json(fixture.keys("list", "--json", "--status", "revoked")))
                .extracting(k -> k.get("id").asLong()).containsExactly(id);
    }

    @Test
    void revokingCpasLastKeyIsRefusedUnlessAllowed() {
        JsonNode only = fixture.createKey("alice", "laptop");
        String id = only.get("id").asText();

        CommandRun refused = fixture.keys("revoke", id);

        assertThat(refused.exitCode()).isOne();
        assertThat(refused.errLines()).singleElement().asString()
                .startsWith("keys revoke: This is the last client key in CPA").endsWith("with --allow-last-key");
        assertThat(refused.out()).isEmpty();
        assertThat(fixture.simulator.apiKeys()).containsExactly(only.get("key").asText());

        CommandRun allowed = fixture.keys("revoke", "--allow-last-key", id);

        assertThat(allowed.exitCode()).isZero();
        assertThat(allowed.out()).contains("Revoked key " + id).doesNotContain(only.get("key").asText());
        assertThat(fixture.simulator.apiKeys()).isEmpty();
    }

    @Test
    void anUnknownKeyFailsWithOneLineAndAnIdThatIsNoNumberIsAUsageError() {
        CommandRun unknown = fixture.keys("revoke", "999");
        CommandRun word = fixture.keys("rotate", "laptop");

        assertThat(unknown.exitCode()).isOne();
        assertThat(unknown.errLines()).containsExactly("keys revoke: There is no key 999");
        assertThat(word.exitCode()).isEqualTo(2);
    }

    @Test
    void rotatePrintsTheNewValueOnceAndCpaSwapsTheValues() {
        JsonNode created = fixture.createKey("alice", "laptop");
        String old = created.get("key").asText();

        CommandRun text = fixture.keys("rotate", created.get("id").asText());

        assertThat(text.exitCode()).isZero();
        assertThat(text.err()).isEmpty();
        String fresh = fixture.simulator.apiKeys().getFirst();
        assertThat(fixture.simulator.apiKeys()).containsExactly(fresh).doesNotContain(old);
        assertThat(occurrences(text.out(), fresh)).isOne();
        assertThat(text.out()).contains("Rotated key").doesNotContain(old);

        JsonNode json = AccessFixture.json(fixture.keys("rotate", "--json", created.get("id").asText()));

        assertThat(json.get("key").asText()).isNotEqualTo(fresh);
        assertThat(fixture.simulator.apiKeys()).containsExactly(json.get("key").asText());
        assertThat(json.get("id").asLong()).isEqualTo(created.get("id").asLong());
        assertThat(fixture.keys("list").out()).doesNotContain(json.get("key").asText());
    }

    @Test
    void aRotationCpaCannotTakeFailsSayingTheOldValueStillWorks() {
        JsonNode created = fixture.createKey("alice", "laptop");
        fixture.environment.put(ServeCommand.KEY_VARIABLE, AccessFixture.MANAGEMENT_KEY);

        CommandRun run = fixture.keys("rotate", "--cpa-url", AccessFixture.closedAddress(),
                created.get("id").asText());

        assertThat(run.exitCode()).isOne();
        assertThat(run.errLines()).singleElement().asString().contains("the old value keeps working")
                .contains("keys sync");
        assertThat(fixture.simulator.apiKeys()).containsExactly(created.get("key").asText());
        assertThat(run.out()).contains("not in CPA");
        assertThat(AccessFixture.json(fixture.keys("list", "--json")))
                .extracting(k -> k.get("in_cpa").asBoolean()).containsExactly(false);

        JsonNode sync = AccessFixture.json(fixture.keys("sync", "--json"));

        assertThat(sync.get("repaired")).extracting(JsonNode::asLong).containsExactly(created.get("id").asLong());
        assertThat(fixture.simulator.apiKeys()).hasSize(1).doesNotContain(created.get("key").asText());
    }

    @Test
    void syncReportsUnmanagedAndOutOfSyncKeysAndRepairsWithoutDryRun() {
        JsonNode kept = fixture.createKey("alice", "desktop");
        JsonNode removed = fixture.createKey("alice", "laptop");
        long removedId = removed.get("id").asLong();
        // Another tool adds a key of its own and removes one of the console's.
        fixture.simulator.setApiKeys(List.of(kept.get("key").asText(), FOREIGN_KEY));

        JsonNode found = AccessFixture.json(fixture.keys("sync", "--json", "--dry-run"));

        assertThat(found.properties()).extracting(e -> e.getKey())
                .containsExactly("unmanaged", "out_of_sync", "repaired", "changed");
        assertThat(found.get("unmanaged")).extracting(JsonNode::asText).containsExactly(ClientKeys.mask(FOREIGN_KEY));
        assertThat(found.get("out_of_sync")).extracting(JsonNode::asLong).containsExactly(removedId);
        assertThat(found.get("repaired")).isEmpty();
        assertThat(fixture.simulator.apiKeys()).doesNotContain(removed.get("key").asText());
        CommandRun text = fixture.keys("sync", "--dry-run");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains(ClientKeys.mask(FOREIGN_KEY)).contains("missing from CPA")
                .contains("without --dry-run").doesNotContain(FOREIGN_KEY);

        JsonNode repaired = AccessFixture.json(fixture.keys("sync", "--json"));

        assertThat(repaired.get("repaired")).extracting(JsonNode::asLong).containsExactly(removedId);
        assertThat(repaired.get("out_of_sync")).isEmpty();
        assertThat(repaired.get("unmanaged")).extracting(JsonNode::asText)
                .containsExactly(ClientKeys.mask(FOREIGN_KEY));
        assertThat(fixture.simulator.apiKeys()).contains(removed.get("key").asText(), kept.get("key").asText(),
                FOREIGN_KEY);
        assertThat(repaired.toString()).doesNotContain(FOREIGN_KEY).doesNotContain(kept.get("key").asText());
    }

    @Test
    void syncFailsWithOneLineWhenCpaCannotBeReached() {
        fixture.environment.put(ServeCommand.KEY_VARIABLE, AccessFixture.MANAGEMENT_KEY);

        CommandRun run = fixture.keys("sync", "--cpa-url", AccessFixture.closedAddress());
        CommandRun json = fixture.keys("sync", "--json", "--cpa-url", AccessFixture.closedAddress());

        assertThat(run.exitCode()).isOne();
        assertThat(run.errLines()).singleElement().asString().startsWith("keys sync: ");
        // Nothing is known of CPA's list, so nothing is claimed to be in step.
        assertThat(run.out()).isEmpty();
        assertThat(json.exitCode()).isOne();
        assertThat(json.out()).isEmpty();
    }

    @Test
    void listFiltersByUserAndStatusAndShowsDeletedKeysOnlyWithAll() {
        fixture.createUser("bob");
        fixture.createKey("alice", "laptop");
        long bobs = fixture.createKey("bob", "ci").get("id").asLong();
        assertThat(fixture.users("delete", "bob").exitCode()).isZero();

        assertThat(AccessFixture.json(fixture.keys("list", "--json"))).extracting(k -> k.get("user").asText())
                .containsExactly("alice");
        assertThat(AccessFixture.json(fixture.keys("list", "--json", "--all")))
                .extracting(k -> k.get("user").asText(), k -> k.get("status").asText())
                .containsExactly(tuple("alice", "active"), tuple("bob", "deleted"));
        assertThat(AccessFixture.json(fixture.keys("list", "--json", "--all", "--user", "BOB")))
                .extracting(k -> k.get("id").asLong()).containsExactly(bobs);
        assertThat(AccessFixture.json(fixture.keys("list", "--json", "--status", "deleted")))
                .extracting(k -> k.get("id").asLong()).containsExactly(bobs);
        assertThat(AccessFixture.json(fixture.keys("list", "--json", "--status", "over-budget"))).isEmpty();
        CommandRun liveBob = fixture.keys("list", "--user", "bob");
        assertThat(liveBob.exitCode()).isOne();
        assertThat(liveBob.errLines()).containsExactly("keys list: There is no user named bob");
        CommandRun badStatus = fixture.keys("list", "--status", "lost");
        assertThat(badStatus.exitCode()).isEqualTo(2);
        assertThat(badStatus.errLines()).singleElement().asString().startsWith("keys list: --status: unknown status");
    }

    @Test
    void withoutAnActionItPrintsUsageAndExitsWithTwo() {
        assertThat(CommandRun.run(new KeysCommand(fixture.context())).exitCode()).isEqualTo(2);
    }
}
