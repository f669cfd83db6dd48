package dev.cpaconsole.keys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.app.AccessServices;
import dev.cpaconsole.audit.core.AuditEntry;
import dev.cpaconsole.audit.core.AuditFilter;
import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.UsageRecord;
import dev.cpaconsole.usage.core.ClientKeys;
import dev.cpaconsole.users.core.Role;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserDetails;

/** Key actions against a real simulator and a real SQLite file. */
class KeyServiceTest {
    private static final String MANAGEMENT_KEY = "mgmt-keys-test-0001";
    private static final String OTHER_TOOLS_KEY = "sk-kept-by-another-tool-000000001";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path dir;

    private final AtomicReference<CpaClient> client = new AtomicReference<>();
    private CpaSimulator cpa;
    private Database database;
    private TestClock clock;
    private AccessServices access;
    private KeyService keys;
    private User alice;

    @BeforeEach
    void open() {
        cpa = CpaSimulator.start(SimulatorOptions.builder().managementKey(MANAGEMENT_KEY)
                .apiKeys(List.of(OTHER_TOOLS_KEY)).build());
        database = Database.open(dir);
        clock = new TestClock(ZonedDateTime.of(2026, 11, 20, 10, 0, 0, 0, SHANGHAI).toInstant());
        PriceStore prices = new PriceStore(database, clock);
        prices.installCatalogue();
        client.set(new CpaClient(URI.create(cpa.baseUri().toString()), MANAGEMENT_KEY));
        access = AccessServices.open(database, prices, client::get,
                new FileManagementKeyStore(dir, KeyKind.KEY_ENCRYPTION), () -> SHANGHAI, clock);
        keys = access.keys();
        alice = access.users().create("test", UserDetails.named("alice", Role.USER), null);
    }

    @AfterEach
    void close() {
        cpa.close();
        database.close();
    }

    @Test
    void createdKeyIsAddedToCpaByValueAndStoredOnlySealed() {
        CreatedKey created = keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE);

        assertThat(created.value()).startsWith("sk-").hasSize(46);
        assertThat(cpa.apiKeys()).containsExactly(OTHER_TOOLS_KEY, created.value());
        assertThat(created.key().status()).isEqualTo(KeyStatus.ACTIVE);
        assertThat(created.key().inCpa()).isTrue();
        assertThat(created.key().masked()).isEqualTo(ClientKeys.mask(created.value()));
        assertThat(cpa.apiKeyRequestLog()).filteredOn(line -> line.startsWith("PATCH"))
                .singleElement().asString().contains("\"old\":\"" + created.value() + "\"");
        assertThat(keys.reveal("test", created.key().id())).isEqualTo(created.value());
    }

    @Test
    void keyRemovedByAnotherToolBetweenReadAndDeleteIsNotDeletedAgainByIndex() {
        CreatedKey first = keys.create("test", alice.id(), "first", "", KeyLimits.NONE);
        CreatedKey second = keys.create("test", alice.id(), "second", "", KeyLimits.NONE);
        // Another tool removes the first key right after the console has read the list.
        cpa.afterNextApiKeyRead(() -> cpa.setApiKeys(List.of(OTHER_TOOLS_KEY, second.value())));

        // Confirmed up front, so the read just before the delete is the first one.
        ManagedKey revoked = keys.revoke("test", first.key().id(), true);

        assertThat(cpa.apiKeys()).containsExactly(OTHER_TOOLS_KEY, second.value());
        assertThat(cpa.apiKeyRequestLog()).filteredOn(line -> line.startsWith("DELETE")).singleElement()
                .asString().startsWith("DELETE value=");
        assertThat(cpa.apiKeyRequestLog()).noneMatch(line -> line.contains("index="));
        assertThat(revoked.status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(revoked.inCpa()).isFalse();
        assertThat(revoked.isOutOfSync()).isFalse();
    }

    @Test
    void aKeyCpasProxyRefusesUntilItHasReloadedIsInSync() {
        cpa.setKeyReloadDelay(Duration.ofMillis(700));

        CreatedKey created = keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE);

        assertThat(created.key().inCpa()).isTrue();
        assertThat(created.key().isOutOfSync()).isFalse();
        assertThat(access.audit().page(new AuditFilter(null, null, "", "key.create", ""), 0, 1))
                .singleElement().satisfies(entry -> {
                    assertThat(entry.result()).isEqualTo("ok");
                    assertThat(entry.detail()).contains("accepted the key after");
                });
    }

    @Test
    void writeThatCpaAcknowledgesButDoesNotKeepIsReportedOutOfSync() {
        cpa.keepApiKeyWrites(false);

        CreatedKey created = keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE);

        assertThat(cpa.apiKeys()).containsExactly(OTHER_TOOLS_KEY);
        assertThat(created.key().inCpa()).isFalse();
        assertThat(created.key().outOfSync()).contains("does not list the key");
        assertThat(keys.check("test", false).outOfSync()).containsExactly(created.key().id());
        assertThat(access.audit().page(AuditFilter.ALL, 0, 10)).extracting(AuditEntry::result)
                .contains("out_of_sync");
        assertThat(cpa.apiKeyRequestLog()).filteredOn(line -> line.startsWith("PATCH")).hasSize(1);
    }

    @Test
    void expiredKeyWhoseExpiryIsExtendedGoesBackIntoCpaInTheSameAction() {
        Instant expiry = clock.instant().plus(Duration.ofHours(1));
        CreatedKey created = keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE.withExpiry(expiry));
        clock.advance(Duration.ofHours(2));
        keys.check(KeyService.CONSOLE, false);
        assertThat(keys.store().byId(created.key().id()).orElseThrow().status()).isEqualTo(KeyStatus.EXPIRED);
        assertThat(cpa.apiKeys()).doesNotContain(created.value());

        ManagedKey extended = keys.updateLimits("test", created.key().id(),
                KeyLimits.NONE.withExpiry(clock.instant().plus(Duration.ofDays(30))), false);

        assertThat(extended.status()).isEqualTo(KeyStatus.ACTIVE);
        assertThat(extended.inCpa()).isTrue();
        assertThat(cpa.apiKeys()).contains(created.value());
    }

    @Test
    void expiredKeyStillOverBudgetStaysOutWithThatReason() {
        KeyLimits limits = KeyLimits.NONE.withExpiry(clock.instant().plus(Duration.ofHours(1)))
                .withBudget(new BigDecimal("20"), LimitPeriod.MONTH);
        CreatedKey created = keys.create("test", alice.id(), "laptop", "", limits);
        spend(created.value(), clock.instant().minus(Duration.ofMinutes(5)), 2_100_000);
        clock.advance(Duration.ofHours(2));
        keys.check(KeyService.CONSOLE, false);

        ManagedKey extended = keys.updateLimits("test", created.key().id(),
                limits.withExpiry(clock.instant().plus(Duration.ofDays(30))), false);

        assertThat(extended.status()).isEqualTo(KeyStatus.OVER_BUDGET);
        assertThat(extended.statusDetail()).contains("$21.00 of $20.00 this month");
        assertThat(extended.inCpa()).isFalse();
        assertThat(cpa.apiKeys()).doesNotContain(created.value());
    }

    @Test
    void monthlyBudgetExceededOnThe20thSurvivesRotationAndClearsAtTheNextMonthStartInTheZone() {
        CreatedKey created = keys.create("test", alice.id(), "laptop", "",
                KeyLimits.NONE.withBudget(new BigDecimal("20"), LimitPeriod.MONTH));
        // $21 of gpt-5 output at $10 per million tokens, on 20 November.
        spend(created.value(), clock.instant().minus(Duration.ofHours(1)), 2_100_000);

        keys.check(KeyService.CONSOLE, false);
        assertThat(keys.store().byId(created.key().id()).orElseThrow().status()).isEqualTo(KeyStatus.OVER_BUDGET);
        assertThat(cpa.apiKeys()).doesNotContain(created.value());

        CreatedKey rotated = keys.rotate("test", created.key().id());
        assertThat(rotated.key().status()).isEqualTo(KeyStatus.OVER_BUDGET);
        assertThat(rotated.key().inCpa()).isFalse();
        assertThat(cpa.apiKeys()).doesNotContain(rotated.value(), created.value());
        assertThat(keys.usageOf(rotated.key()).spendUsd()).isEqualByComparingTo("21");

        // One minute before December begins in Shanghai (16:00 UTC on 30 November) it is still exceeded.
        Instant december = ZonedDateTime.of(2026, 12, 1, 0, 0, 0, 0, SHANGHAI).toInstant();
        clock.advance(Duration.between(clock.instant(), december.minus(Duration.ofMinutes(1))));
        keys.check(KeyService.CONSOLE, false);
        assertThat(keys.store().byId(created.key().id()).orElseThrow().status()).isEqualTo(KeyStatus.OVER_BUDGET);

        clock.advance(Duration.ofMinutes(1));
        SyncReport report = keys.check(KeyService.CONSOLE, false);

        ManagedKey cleared = keys.store().byId(created.key().id()).orElseThrow();
        assertThat(cleared.status()).isEqualTo(KeyStatus.ACTIVE);
        assertThat(cleared.inCpa()).isTrue();
        assertThat(report.changes()).containsExactly(created.key().id());
        assertThat(cpa.apiKeys()).contains(rotated.value()).doesNotContain(created.value());
    }

    @Test
    void deletedKeysEventsStillCountForItsUser() {
        CreatedKey created = keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        spend(created.value(), clock.instant().minus(Duration.ofMinutes(1)), 1_000);

        ManagedKey deleted = keys.delete("test", created.key().id(), false);

        assertThat(deleted.deleted()).isTrue();
        assertThat(cpa.apiKeys()).doesNotContain(created.value());
        assertThat(keys.store().byValueHash(ClientKeys.hash(created.value()))).get()
                .extracting(ManagedKey::userName).isEqualTo("alice");
        assertThat(keys.store().clientKeyIds(List.of(created.key().id()))).containsOnlyKeys(created.key().id());
    }

    @Test
    void removingCpasLastKeyNeedsConfirmation() {
        cpa.setApiKeys(List.of());
        CreatedKey only = keys.create("test", alice.id(), "only", "", KeyLimits.NONE);

        assertThatThrownBy(() -> keys.revoke("test", only.key().id(), false)).isInstanceOf(LastKeyException.class);
        assertThat(cpa.apiKeys()).containsExactly(only.value());
        assertThat(keys.store().byId(only.key().id()).orElseThrow().status()).isEqualTo(KeyStatus.ACTIVE);

        keys.revoke("test", only.key().id(), true);
        assertThat(cpa.apiKeys()).isEmpty();
    }

    @Test
    void enforcementNeverEmptiesCpaOnItsOwn() {
        cpa.setApiKeys(List.of());
        CreatedKey only = keys.create("test", alice.id(), "only", "",
                KeyLimits.NONE.withExpiry(clock.instant().plus(Duration.ofMinutes(1))));
        clock.advance(Duration.ofMinutes(2));

        SyncReport report = keys.check(KeyService.CONSOLE, false);

        assertThat(cpa.apiKeys()).containsExactly(only.value());
        assertThat(report.outOfSync()).containsExactly(only.key().id());
        assertThat(keys.store().byId(only.key().id()).orElseThrow().outOfSync()).contains("open to every request");
    }

    @Test
    void rotatingAKeyKeptAsCpasLastKeyDoesNotEmptyCpa() {
        cpa.setApiKeys(List.of());
        CreatedKey only = keys.create("test", alice.id(), "only", "",
                KeyLimits.NONE.withExpiry(clock.instant().plus(Duration.ofMinutes(1))));
        clock.advance(Duration.ofMinutes(2));
        keys.check(KeyService.CONSOLE, false);

        CreatedKey rotated = keys.rotate("test", only.key().id());

        assertThat(cpa.apiKeys()).containsExactly(only.value());
        assertThat(rotated.key().outOfSync()).contains("open to every request");
    }

    @Test
    void aRotatedOutValuePutBackByAnotherToolIsOutOfSyncUntilARepairRemovesIt() {
        CreatedKey created = keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        CreatedKey rotated = keys.rotate("test", created.key().id());
        cpa.setApiKeys(List.of(OTHER_TOOLS_KEY, rotated.value(), created.value()));

        SyncReport found = keys.check(KeyService.CONSOLE, false);

        assertThat(found.outOfSync()).containsExactly(created.key().id());
        assertThat(keys.store().byId(created.key().id()).orElseThrow().outOfSync())
                .isEqualTo(KeyService.RETIRED_IN_CPA);
        assertThat(found.unmanaged()).extracting(UnmanagedKey::masked)
                .containsExactly(ClientKeys.mask(OTHER_TOOLS_KEY));
        assertThat(cpa.apiKeys()).contains(created.value());

        SyncReport repaired = keys.check("test", true);

        assertThat(repaired.repaired()).containsExactly(created.key().id());
        assertThat(repaired.outOfSync()).isEmpty();
        assertThat(cpa.apiKeys()).containsExactly(OTHER_TOOLS_KEY, rotated.value());
    }

    @Test
    void theOldValueOfADisabledUsersLastKeyStaysOutOfSyncUntilTheRemovalIsConfirmed() {
        cpa.setApiKeys(List.of());
        CreatedKey only = keys.create("test", alice.id(), "only", "", KeyLimits.NONE);
        keys.setUserDisabled("test", alice.id(), true);
        keys.rotate("test", only.key().id());
        assertThat(cpa.apiKeys()).containsExactly(only.value());

        assertThat(keys.check("test", true).outOfSync()).containsExactly(only.key().id());
        assertThat(cpa.apiKeys()).containsExactly(only.value());
        assertThatThrownBy(() -> keys.repair("test", only.key().id(), false)).isInstanceOf(LastKeyException.class);
        assertThat(cpa.apiKeys()).containsExactly(only.value());

        SyncReport confirmed = keys.check("test", true, true);

        assertThat(confirmed.outOfSync()).isEmpty();
        assertThat(cpa.apiKeys()).isEmpty();
    }

    @Test
    void cpasExampleKeysDoNotCountAsKeysThatKeepItClosed() {
        cpa.setApiKeys(List.of("your-api-key-1"));
        CreatedKey created = keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE);

        assertThatThrownBy(() -> keys.revoke("test", created.key().id(), false))
                .isInstanceOf(LastKeyException.class);
        assertThat(cpa.apiKeys()).containsExactly("your-api-key-1", created.value());
    }

    @Test
    void keyActionsWaitWhileAnotherConsoleProcessHoldsTheirLock() throws Exception {
        Path lockFile = database.file().toAbsolutePath().resolveSibling("key-actions.lock");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockFileHolder.class.getName(), lockFile.toString())
                .redirectErrorStream(true).start();
        try {
            assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8)).readLine()).isEqualTo("locked");
            java.util.concurrent.CompletableFuture<CreatedKey> create = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE));

            Thread.sleep(1_000);
            assertThat(create).as("the action waits for the other process").isNotDone();
            assertThat(cpa.apiKeys()).containsExactly(OTHER_TOOLS_KEY);

            holder.getOutputStream().close();
            CreatedKey created = create.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(cpa.apiKeys()).containsExactly(OTHER_TOOLS_KEY, created.value());
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void keysChangedBehindTheConsolesBackAreReportedAndRepaired() {
        CreatedKey created = keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        cpa.setApiKeys(List.of(OTHER_TOOLS_KEY));

        SyncReport found = keys.check(KeyService.CONSOLE, false);
        assertThat(found.outOfSync()).containsExactly(created.key().id());
        assertThat(found.unmanaged()).extracting(UnmanagedKey::masked)
                .containsExactly(ClientKeys.mask(OTHER_TOOLS_KEY));
        assertThat(cpa.apiKeys()).doesNotContain(created.value());

        SyncReport repaired = keys.check("test", true);
        assertThat(repaired.repaired()).containsExactly(created.key().id());
        assertThat(repaired.outOfSync()).isEmpty();
        assertThat(cpa.apiKeys()).contains(created.value());
    }

    @Test
    void unmanagedKeyIsAdoptedIntoAUser() {
        String hash = ClientKeys.hash(OTHER_TOOLS_KEY);

        ManagedKey adopted = keys.adopt("test", hash, alice.id(), "shared", "", KeyLimits.NONE);

        assertThat(adopted.keyHash()).isEqualTo(hash);
        assertThat(adopted.inCpa()).isTrue();
        assertThat(keys.unmanaged()).isEmpty();
        assertThat(keys.reveal("test", adopted.id())).isEqualTo(OTHER_TOOLS_KEY);
    }

    @Test
    void publishedSampleKeysAreNotAdopted() {
        cpa.setApiKeys(List.of("your-api-key-1"));

        assertThat(keys.unmanaged()).singleElement().extracting(UnmanagedKey::refusal).asString().isNotEmpty();
        assertThatThrownBy(() -> keys.adopt("test", ClientKeys.hash("your-api-key-1"), alice.id(), "x", "",
                KeyLimits.NONE)).isInstanceOf(KeyException.class).hasMessageContaining("cannot be adopted");
    }

    @Test
    void disablingAUserTakesTheirKeysOutOfCpaAndEnablingPutsThemBack() {
        CreatedKey created = keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE);

        keys.setUserDisabled("test", alice.id(), true);
        assertThat(cpa.apiKeys()).doesNotContain(created.value());
        assertThat(keys.store().byId(created.key().id()).orElseThrow().status()).isEqualTo(KeyStatus.SUSPENDED);

        keys.setUserDisabled("test", alice.id(), false);
        assertThat(cpa.apiKeys()).contains(created.value());
    }

    @Test
    void keyCreatedWhileCpaIsDownReachesCpaOnTheNextCheck() {
        client.set(new CpaClient(URI.create("http://127.0.0.1:" + closedPort()), MANAGEMENT_KEY));
        CreatedKey created = keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        assertThat(created.key().inCpa()).isFalse();
        assertThat(created.key().isOutOfSync()).isFalse();

        client.set(new CpaClient(URI.create(cpa.baseUri().toString()), MANAGEMENT_KEY));
        keys.check(KeyService.CONSOLE, false);

        assertThat(cpa.apiKeys()).contains(created.value());
    }

    @Test
    void auditEntriesNeverHoldARawKey() {
        CreatedKey created = keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        CreatedKey rotated = keys.rotate("test", created.key().id());
        keys.reveal("test", created.key().id());
        keys.revoke("test", created.key().id(), true);

        List<AuditEntry> entries = access.audit().page(AuditFilter.ALL, 0, 100);

        assertThat(entries).extracting(AuditEntry::action)
                .contains("key.create", "key.rotate", "key.reveal", "key.revoke");
        assertThat(entries.toString()).doesNotContain(created.value(), rotated.value());
    }

    @Test
    void aLostEncryptionSecretIsReportedInsteadOfReplaced() throws IOException {
        CreatedKey created = keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        FileManagementKeyStore secrets = new FileManagementKeyStore(dir, KeyKind.KEY_ENCRYPTION);
        secrets.clear();
        AccessServices reopened = AccessServices.open(database, new PriceStore(database, clock), client::get, secrets,
                () -> SHANGHAI, clock);

        assertThatThrownBy(() -> reopened.keys().reveal("test", created.key().id()))
                .isInstanceOf(KeyException.class).hasMessageContaining("secret is missing");
        assertThat(secrets.load()).isEmpty();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void spend(String key, Instant at, long outputTokens) {
        UsageRecord.store(database, UsageRecord.at(at).provider("codex").model("gpt-5").clientKey(key)
                .tokens(0, 0, 0, outputTokens, 0));
    }
}
