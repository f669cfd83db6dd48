package dev.cpaconsole.keys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.app.AccessServices;
import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.users.core.Role;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserDetails;

class KeyServiceSimulatorTest {
    private static final String MANAGEMENT_KEY = "mgmt-test-secret-00001";

    @TempDir
    Path dataDir;

    private CpaSimulator simulator;
    private Database database;
    private final AtomicReference<CpaClient> client = new AtomicReference<>();
    private AccessServices access;

    @BeforeEach
    void open() {
        simulator = CpaSimulator.start(SimulatorOptions.builder().managementKey(MANAGEMENT_KEY).build());
        database = Database.open(dataDir);
        client.set(new CpaClient(simulator.baseUri(), MANAGEMENT_KEY));
        access = AccessServices.open(database, new PriceStore(database, Clock.systemUTC()), client::get,
                new FileManagementKeyStore(dataDir, KeyKind.KEY_ENCRYPTION), () -> ZoneOffset.UTC, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        database.close();
        simulator.close();
    }

    private User user(String name) {
        return access.users().create("test", UserDetails.named(name, Role.USER), null);
    }

    @Test
    void newUsersAndKeysGetTheirIds() {
        User alice = user("alice");
        User bob = user("bob");

        CreatedKey first = access.keys().create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        CreatedKey second = access.keys().create("test", bob.id(), "ci", "", KeyLimits.NONE);

        assertThat(alice.id()).isPositive();
        assertThat(bob.id()).isNotEqualTo(alice.id());
        assertThat(access.users().store().byId(bob.id())).map(User::name).contains("bob");
        assertThat(second.key().id()).isNotEqualTo(first.key().id());
        assertThat(access.keys().store().byId(first.key().id())).map(ManagedKey::userName).contains("alice");
        assertThat(simulator.apiKeys()).containsExactly(first.value(), second.value());
    }

    @Test
    void deletingTheOwnerOfEveryKeyInCpaNeedsTheConfirmation() {
        User alice = user("alice");
        CreatedKey first = access.keys().create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        CreatedKey second = access.keys().create("test", alice.id(), "desktop", "", KeyLimits.NONE);

        assertThatThrownBy(() -> access.keys().deleteUser("test", alice.id(), false))
                .isInstanceOf(LastKeyException.class);

        assertThat(simulator.apiKeys()).containsExactly(first.value(), second.value());
        assertThat(access.keys().store().live()).extracting(ManagedKey::status).containsOnly(KeyStatus.ACTIVE);
        assertThat(access.users().store().byId(alice.id()).orElseThrow().deleted()).isFalse();
    }

    @Test
    void aKeyMadeWhileCpaRefusedTheManagementKeyGoesInOnTheNextCheckOnceTheKeyIsRight() {
        User alice = user("alice");
        client.set(new CpaClient(simulator.baseUri(), "not-the-management-key"));

        CreatedKey created = access.keys().create("test", alice.id(), "laptop", "", KeyLimits.NONE);

        assertThat(created.key().inCpa()).isFalse();
        assertThat(created.key().isOutOfSync()).isFalse();
        client.set(new CpaClient(URI.create(simulator.baseUri().toString()), MANAGEMENT_KEY));

        SyncReport report = access.keys().check(KeyService.CONSOLE, false);

        assertThat(report.changes()).containsExactly(created.key().id());
        assertThat(report.outOfSync()).isEmpty();
        assertThat(simulator.apiKeys()).isEqualTo(List.of(created.value()));
        assertThat(access.keys().store().byId(created.key().id()).orElseThrow().inCpa()).isTrue();
    }

    @Test
    void aRotationCpaCouldNotTakeLeavesTheKeyOutOfCpaAndOutOfSyncUntilARepairSwapsTheValues() throws Exception {
        User alice = user("alice");
        CreatedKey created = access.keys().create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            client.set(new CpaClient(URI.create("http://127.0.0.1:" + closed.getLocalPort()), MANAGEMENT_KEY));
        }

        CreatedKey rotated = access.keys().rotate("test", created.key().id());

        assertThat(rotated.key().inCpa()).isFalse();
        assertThat(rotated.key().outOfSync()).isEqualTo(KeyService.ROTATION_PENDING);
        client.set(new CpaClient(simulator.baseUri(), MANAGEMENT_KEY));
        assertThat(access.keys().check("test", false).outOfSync()).containsExactly(created.key().id());
        assertThat(simulator.apiKeys()).containsExactly(created.value());

        SyncReport repaired = access.keys().check("test", true);

        assertThat(repaired.repaired()).containsExactly(created.key().id());
        assertThat(simulator.apiKeys()).containsExactly(rotated.value());
    }
}
