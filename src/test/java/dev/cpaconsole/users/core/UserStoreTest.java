package dev.cpaconsole.users.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.TestClock;

class UserStoreTest {
    @TempDir
    Path dataDir;

    private Database database;
    private UserStore users;

    @BeforeEach
    void open() {
        database = Database.open(dataDir);
        users = new UserStore(database, new TestClock(Instant.parse("2026-08-22T12:30:00Z")));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aCreatedUserComesBackByItsIdWithItsNamesAsTyped() {
        User created = users.create(new UserDetails("研发-张三🚀", "O'Brien, \"QA\"", "", "", Role.ADMIN), null);
        User second = users.create(UserDetails.named("bob", Role.USER), null);

        assertThat(created.id()).isPositive();
        assertThat(second.id()).isNotEqualTo(created.id());
        assertThat(users.byId(created.id())).get().satisfies(user -> {
            assertThat(user.name()).isEqualTo("研发-张三🚀");
            assertThat(user.displayName()).isEqualTo("O'Brien, \"QA\"");
        });
    }

    @Test
    void namesThatOnlyLookDifferentAreTakenAndInvisibleFormattingIsRefused() {
        users.create(UserDetails.named("caf\u00e9", Role.USER), null);

        assertThatThrownBy(() -> users.create(UserDetails.named("cafe\u0301", Role.USER), null))
                .isInstanceOf(UserException.class).hasMessageContaining("exists already");
        assertThatThrownBy(() -> users.create(UserDetails.named("a\u200bb", Role.USER), null))
                .isInstanceOf(UserException.class).hasMessageContaining("invisible formatting");
        assertThatThrownBy(() -> users.create(UserDetails.named("ab\u202e", Role.USER), null))
                .isInstanceOf(UserException.class).hasMessageContaining("invisible formatting");
        // Emoji sequences are joined with a zero-width joiner, which stays allowed.
        assertThat(users.create(UserDetails.named("dev-\ud83d\udc69\u200d\ud83d\udcbb", Role.USER), null).name())
                .isEqualTo("dev-\ud83d\udc69\u200d\ud83d\udcbb");
    }
}
