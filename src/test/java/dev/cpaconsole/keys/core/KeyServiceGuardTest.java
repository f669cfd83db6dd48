package dev.cpaconsole.keys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.app.AccessServices;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.settings.core.CpaNotConfiguredException;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.AccessFixture;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.users.core.Role;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserDetails;

/** Key actions against the CPA simulator where they guard CPA's last client key, and checks without a CPA. */
class KeyServiceGuardTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");

    @TempDir
    Path dataDir;

    private AccessFixture fixture;
    private KeyService keys;
    private User alice;

    @BeforeEach
    void open() {
        fixture = AccessFixture.start(dataDir, new TestClock(NOW), List.of());
        keys = fixture.access.keys();
        alice = fixture.access.users().create("test", UserDetails.named("alice", Role.USER), null);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void deletingAUserWhoseKeysAreAllOfCpasKeysNeedsConfirmation() {
        keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        keys.create("test", alice.id(), "phone", "", KeyLimits.NONE);
        assertThat(fixture.simulator.apiKeys()).hasSize(2);

        assertThatThrownBy(() -> keys.deleteUser("test", alice.id(), false)).isInstanceOf(LastKeyException.class);

        assertThat(fixture.simulator.apiKeys()).hasSize(2);
        assertThat(fixture.access.users().store().byId(alice.id()).orElseThrow().deleted()).isFalse();
        keys.deleteUser("test", alice.id(), true);
        assertThat(fixture.simulator.apiKeys()).isEmpty();
    }

    @Test
    void deletingAUserWhileOtherKeysStayInCpaNeedsNoConfirmation() {
        User bob = fixture.access.users().create("test", UserDetails.named("bob", Role.USER), null);
        keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        keys.create("test", alice.id(), "phone", "", KeyLimits.NONE);
        CreatedKey kept = keys.create("test", bob.id(), "desktop", "", KeyLimits.NONE);

        keys.deleteUser("test", alice.id(), false);

        assertThat(fixture.simulator.apiKeys()).containsExactly(kept.value());
    }

    @Test
    void revokingASuspendedKeyThatAnotherToolPutBackAsCpasOnlyKeyNeedsConfirmation() {
        CreatedKey created = keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        keys.setSuspended("test", created.key().id(), true, true);
        assertThat(fixture.simulator.apiKeys()).isEmpty();
        fixture.simulator.setApiKeys(List.of(created.value()));

        assertThatThrownBy(() -> keys.revoke("test", created.key().id(), false))
                .isInstanceOf(LastKeyException.class);

        assertThat(keys.store().byId(created.key().id()).orElseThrow().revokedAt()).isNull();
        assertThat(keys.revoke("test", created.key().id(), true).status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(fixture.simulator.apiKeys()).isEmpty();
    }

    @Test
    void aConsoleWithoutCpaChecksItsKeysQuietly(@TempDir Path otherDir) {
        try (Database database = Database.open(otherDir)) {
            TestClock clock = new TestClock(NOW);
            AccessServices unconfigured = AccessServices.open(database, new PriceStore(database, clock), () -> {
                throw new CpaNotConfiguredException("No CPA address saved");
            }, new FileManagementKeyStore(otherDir, KeyKind.KEY_ENCRYPTION), () -> ZoneOffset.UTC, clock);
            User bob = unconfigured.users().create("test", UserDetails.named("bob", Role.USER), null);
            unconfigured.keys().create("test", bob.id(), "laptop", "", KeyLimits.NONE);
            ListAppender<ILoggingEvent> logged = new ListAppender<>();
            logged.start();
            Logger logger = (Logger) LoggerFactory.getLogger(KeyService.class);
            logger.addAppender(logged);
            try {
                SyncReport report = unconfigured.keys().check(KeyService.CONSOLE, false);

                assertThat(report.cpaError()).isEqualTo("No CPA address saved");
                assertThat(logged.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
            } finally {
                logger.detachAppender(logged);
            }
        }
    }
}
