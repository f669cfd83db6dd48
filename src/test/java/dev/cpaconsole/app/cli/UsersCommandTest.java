package dev.cpaconsole.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.audit.core.AuditLog;
import dev.cpaconsole.keys.core.PasswordHasher;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserService;
import dev.cpaconsole.users.core.UserStore;

class UsersCommandTest {
    private static final List<String> USER_MEMBERS = List.of("id", "name", "display_name", "role", "disabled",
            "deleted");

    @TempDir
    Path dataDir;

    private AccessFixture fixture;

    @BeforeEach
    void connect() {
        fixture = AccessFixture.start(dataDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void unicodeNamesRoundTripUnchangedThroughTextAndJson() {
        String chinese = "研发-张三🚀";
        String quoted = "O'Brien, \"QA\"";
        fixture.createUser(chinese, "--display-name", "张三 🚀", "--contact", "zhang@例子.cn");
        fixture.createUser(quoted, "--role", "admin");

        JsonNode listed = AccessFixture.json(fixture.users("list", "--json"));
        CommandRun table = fixture.users("list");

        assertThat(listed).extracting(u -> u.get("name").asText()).containsExactlyInAnyOrder(chinese, quoted);
        assertThat(listed).extracting(u -> u.get("display_name").asText()).contains("张三 🚀");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains(chinese).contains(quoted).contains("zhang@例子.cn");
        assertThat(AccessFixture.json(fixture.users("disable", "--json", chinese)).get("name").asText())
                .isEqualTo(chinese);
    }

    @Test
    void aUserInJsonHasExactlyTheDocumentedMembers() {
        JsonNode created = fixture.createUser("alice", "--role", "ADMIN", "--display-name", "Alice A.");

        assertThat(created.properties()).extracting(e -> e.getKey()).containsExactlyElementsOf(USER_MEMBERS);
        assertThat(created.get("id").isIntegralNumber()).isTrue();
        assertThat(created.get("role").asText()).isEqualTo("admin");
        assertThat(created.get("disabled").asBoolean()).isFalse();
        assertThat(created.get("deleted").asBoolean()).isFalse();
        JsonNode listed = AccessFixture.json(fixture.users("list", "--json"));
        assertThat(listed.isArray()).isTrue();
        assertThat(listed.get(0)).isEqualTo(created);
    }

    @Test
    void thePasswordComesFromTheNamedEnvironmentVariable() {
        fixture.environment.put("ALICE_PASSWORD", "correct horse battery staple");

        fixture.createUser("alice", "--password-env", "ALICE_PASSWORD");

        try (Database database = Database.open(dataDir)) {
            UserService users = new UserService(new UserStore(database, java.time.Clock.systemUTC()),
                    new PasswordHasher(), new AuditLog(database, java.time.Clock.systemUTC()));
            Optional<User> signedIn = users.authenticate("alice", "correct horse battery staple".toCharArray());
            assertThat(signedIn).isPresent();
        }
        assertThat(fixture.users("list").out()).contains("set");
    }

    @Test
    void anUnsetPasswordVariableIsAUsageErrorAndCreatesNobody() {
        CommandRun run = fixture.users("create", "--password-env", "NOT_SET_ANYWHERE", "alice");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "users create: --password-env: the environment variable NOT_SET_ANYWHERE is not set or empty");
        assertThat(AccessFixture.json(fixture.users("list", "--json"))).isEmpty();
    }

    @Test
    void aTakenNameFailsWithOneLine() {
        fixture.createUser("alice");

        CommandRun run = fixture.users("create", "ALICE");

        assertThat(run.exitCode()).isOne();
        assertThat(run.errLines()).containsExactly("users create: A user named ALICE exists already");
    }

    @Test
    void badRolesAndNamesAreUsageErrors() {
        CommandRun role = fixture.users("create", "--role", "owner", "alice");
        CommandRun name = fixture.users("create", "two\nlines");

        assertThat(role.exitCode()).isEqualTo(2);
        assertThat(role.errLines()).singleElement().asString().startsWith("users create: --role:");
        assertThat(name.exitCode()).isEqualTo(2);
        assertThat(name.errLines()).singleElement().asString().contains("control characters");
    }

    @Test
    void disableTakesTheUsersKeysOutOfCpaAndEnablePutsThemBack() {
        fixture.createUser("alice");
        fixture.createUser("bob");
        String alices = fixture.createKey("alice", "laptop").get("key").asText();
        String bobs = fixture.createKey("bob", "ci").get("key").asText();

        CommandRun disabled = fixture.users("disable", "alice");

        assertThat(disabled.exitCode()).isZero();
        assertThat(disabled.err()).isEmpty();
        assertThat(disabled.out()).contains("Disabled user").contains("alice").contains("disabled");
        assertThat(fixture.simulator.apiKeys()).containsExactly(bobs);
        JsonNode keys = AccessFixture.json(fixture.keys("list", "--json", "--user", "alice"));
        assertThat(keys).extracting(k -> k.get("status").asText()).containsExactly("suspended");

        JsonNode enabled = AccessFixture.json(fixture.users("enable", "--json", "alice"));

        assertThat(enabled.get("disabled").asBoolean()).isFalse();
        assertThat(fixture.simulator.apiKeys()).containsExactlyInAnyOrder(alices, bobs);
    }

    @Test
    void disablingWhileCpaIsUnreachableDisablesButFailsSayingTheKeysStillWork() {
        fixture.createUser("alice");
        fixture.createUser("bob");
        String alices = fixture.createKey("alice", "laptop").get("key").asText();
        fixture.createKey("bob", "ci");
        fixture.environment.put(ServeCommand.KEY_VARIABLE, AccessFixture.MANAGEMENT_KEY);

        CommandRun run = fixture.users("disable", "--cpa-url", AccessFixture.closedAddress(), "alice");

        assertThat(run.exitCode()).isOne();
        assertThat(run.out()).contains("Disabled user");
        assertThat(run.errLines()).singleElement().asString().startsWith("users disable: CPA still holds key ")
                .contains("the next key check does it");
        assertThat(fixture.simulator.apiKeys()).contains(alices);

        JsonNode sync = AccessFixture.json(fixture.keys("sync", "--json", "--dry-run"));

        assertThat(fixture.simulator.apiKeys()).doesNotContain(alices);
        assertThat(sync.get("out_of_sync")).isEmpty();
    }

    @Test
    void deletingTheOwnerOfEveryKeyInCpaIsRefusedUnlessAllowed() {
        fixture.createUser("alice");
        String first = fixture.createKey("alice", "laptop").get("key").asText();
        String second = fixture.createKey("alice", "desktop").get("key").asText();

        CommandRun refused = fixture.users("delete", "alice");

        assertThat(refused.exitCode()).isOne();
        assertThat(refused.errLines()).singleElement().asString()
                .startsWith("users delete: This is the last client key in CPA").endsWith("with --allow-last-key");
        assertThat(fixture.simulator.apiKeys()).containsExactlyInAnyOrder(first, second);
        assertThat(AccessFixture.json(fixture.keys("list", "--json", "--user", "alice")))
                .extracting(k -> k.get("status").asText()).containsOnly("active");

        JsonNode deleted = AccessFixture.json(fixture.users("delete", "--json", "--allow-last-key", "alice"));

        assertThat(deleted.get("deleted").asBoolean()).isTrue();
        assertThat(fixture.simulator.apiKeys()).isEmpty();
        assertThat(AccessFixture.json(fixture.users("list", "--json"))).isEmpty();
        assertThat(AccessFixture.json(fixture.users("list", "--json", "--all")))
                .extracting(u -> u.get("deleted").asBoolean()).containsExactly(true);
    }

    @Test
    void deletingAUserWhoseKeysAreNotAllOfCpasNeedsNoConfirmation() {
        fixture.createUser("alice");
        fixture.createUser("bob");
        fixture.createKey("alice", "laptop");
        String bobs = fixture.createKey("bob", "ci").get("key").asText();

        CommandRun run = fixture.users("delete", "alice");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Deleted user").contains("alice");
        assertThat(fixture.simulator.apiKeys()).containsExactly(bobs);
        assertThat(AccessFixture.json(fixture.keys("list", "--json", "--all", "--user", "alice")))
                .extracting(k -> k.get("status").asText(), k -> k.get("in_cpa").asBoolean())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("deleted", false));
    }

    @Test
    void anUnknownUserFailsWithOneLine() {
        CommandRun run = fixture.users("disable", "nobody");

        assertThat(run.exitCode()).isOne();
        assertThat(run.errLines()).containsExactly("users disable: There is no user named nobody");
    }

    @Test
    void listingAFolderWithoutADatabaseFailsAndCreatesNothing(@TempDir Path elsewhere) {
        Path missing = elsewhere.resolve("typo");

        CommandRun run = CommandRun.run(new UsersCommand(fixture.context()), "list", "--data-dir", missing.toString());

        assertThat(run.exitCode()).isOne();
        assertThat(run.errLines()).singleElement().asString().startsWith("users list: No console database in");
        assertThat(missing).doesNotExist();
    }

    @Test
    void withoutAnActionItPrintsUsageAndExitsWithTwo() {
        assertThat(CommandRun.run(new UsersCommand(fixture.context())).exitCode()).isEqualTo(2);
    }
}
