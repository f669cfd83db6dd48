package dev.cpaconsole.users.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.concurrent.SameThreadTaskRunner;
import dev.cpaconsole.keys.core.KeyLimits;
import dev.cpaconsole.testing.AccessFixture;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.users.core.Role;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserDetails;

class UsersViewModelTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");

    @TempDir
    Path dataDir;

    private AccessFixture fixture;
    private UsersViewModel model;

    @BeforeEach
    void open() {
        fixture = AccessFixture.start(dataDir, new TestClock(NOW), List.of());
        model = new UsersViewModel(fixture.access.users(), fixture.access.keys(), new SameThreadTaskRunner());
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private User user(String name) {
        return fixture.access.users().create("test", UserDetails.named(name, Role.USER), null);
    }

    @Test
    void namesWithAnyCharactersAreSavedAndListedExactlyAsTyped() {
        UserEditorModel editor = model.newUser();
        editor.nameProperty().set("  \u7814\u53d1-\u5f20\u4e09\ud83d\ude80 ");
        editor.displayNameProperty().set("O'Brien, \"QA\"");
        editor.contactProperty().set("qa@example.com");
        editor.roleProperty().set(Role.ADMIN);

        editor.save();

        assertThat(editor.stepProperty().get()).isEqualTo(UserEditorModel.Step.SAVED);
        assertThat(model.rows()).singleElement().satisfies(row -> {
            assertThat(row.user().name()).isEqualTo("\u7814\u53d1-\u5f20\u4e09\ud83d\ude80");
            assertThat(row.user().displayName()).isEqualTo("O'Brien, \"QA\"");
            assertThat(row.user().role()).isEqualTo(Role.ADMIN);
        });
        UserEditorModel again = model.edit(model.rows().getFirst().user());
        assertThat(again.nameProperty().get()).isEqualTo("\u7814\u53d1-\u5f20\u4e09\ud83d\ude80");
        assertThat(again.displayNameProperty().get()).isEqualTo("O'Brien, \"QA\"");
    }

    @Test
    void aTakenNameKeepsTheEditorOpenWithTheReason() {
        user("alice");
        UserEditorModel editor = model.newUser();
        editor.nameProperty().set("ALICE");

        editor.save();

        assertThat(editor.stepProperty().get()).isEqualTo(UserEditorModel.Step.EDITING);
        assertThat(editor.problemProperty().get()).isEqualTo("A user named ALICE exists already");
    }

    @Test
    void passwordsMustMatchAndBeLongEnough() {
        UserEditorModel editor = model.newUser();
        editor.nameProperty().set("bob");
        editor.passwordProperty().set("short");
        assertThat(editor.strengthProperty().get()).isEqualTo(PasswordStrength.TOO_SHORT);

        editor.save();
        assertThat(editor.problemProperty().get()).isEqualTo("A password needs at least 8 characters");

        editor.passwordProperty().set("Tr0ub4dor&3xyz");
        editor.passwordAgainProperty().set("Tr0ub4dor&3xy");
        editor.save();
        assertThat(editor.problemProperty().get()).isEqualTo("The two passwords differ");
        assertThat(editor.strengthProperty().get()).isEqualTo(PasswordStrength.STRONG);

        editor.passwordAgainProperty().set("Tr0ub4dor&3xyz");
        editor.save();
        assertThat(editor.stepProperty().get()).isEqualTo(UserEditorModel.Step.SAVED);
        assertThat(fixture.access.users().authenticate("bob", "Tr0ub4dor&3xyz".toCharArray())).isPresent();
    }

    @Test
    void theListShowsKeyCountsAndFindsUsersBySearch() {
        User alice = user("alice");
        user("bob");
        fixture.access.keys().create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        fixture.access.keys().create("test", alice.id(), "phone", "", KeyLimits.NONE);

        model.load();

        assertThat(model.rows()).extracting(row -> row.user().name() + " " + row.keys())
                .containsExactly("alice 2", "bob 0");
        assertThat(model.summaryProperty().get()).isEqualTo("2 users");
        model.search("BO");
        assertThat(model.rows()).extracting(row -> row.user().name()).containsExactly("bob");
    }

    @Test
    void disablingAUserTakesTheUsersKeysOutOfCpaAndEnablingPutsThemBack() {
        User alice = user("alice");
        User bob = user("bob");
        fixture.access.keys().create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        fixture.access.keys().create("test", bob.id(), "desktop", "", KeyLimits.NONE);

        model.setDisabled(alice, true);

        assertThat(fixture.simulator.apiKeys()).hasSize(1);
        assertThat(model.rows()).filteredOn(row -> row.user().id() == alice.id()).singleElement()
                .satisfies(row -> assertThat(row.user().disabled()).isTrue());

        model.setDisabled(alice, false);

        assertThat(fixture.simulator.apiKeys()).hasSize(2);
    }

    @Test
    void deletingTheOwnerOfCpasLastKeysAsksFirstAndKeepsATombstone() {
        User alice = user("alice");
        fixture.access.keys().create("test", alice.id(), "laptop", "", KeyLimits.NONE);

        model.delete(alice);

        assertThat(model.confirmationProperty().get().headline()).isEqualTo("Remove CPA's last client key?");
        assertThat(fixture.simulator.apiKeys()).hasSize(1);

        model.answer(true);

        assertThat(fixture.simulator.apiKeys()).isEmpty();
        assertThat(model.rows()).isEmpty();
        model.showDeleted(true);
        assertThat(model.rows()).singleElement().satisfies(row -> assertThat(row.user().deleted()).isTrue());
    }
}
