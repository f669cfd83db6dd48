package dev.cpaconsole.users.ui;

import java.util.Arrays;
import java.util.function.Consumer;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.concurrent.TaskRunner;
import dev.cpaconsole.concurrent.Workload;
import dev.cpaconsole.ui.Actors;
import dev.cpaconsole.users.core.Role;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserDetails;
import dev.cpaconsole.users.core.UserException;
import dev.cpaconsole.users.core.UserService;

/**
 * The user editor: a new user or the details of one, and optionally a new password typed twice.
 * Every field is saved exactly as typed, apart from the white space around the name. Must be
 * used on one thread (the JavaFX thread in the application).
 */
public final class UserEditorModel {
    private static final Logger LOG = LoggerFactory.getLogger(UserEditorModel.class);

    /** Where the editor is. */
    public enum Step {
        EDITING,
        SAVING,
        SAVED
    }

    private final UserService users;
    private final TaskRunner tasks;
    private final User original;
    private final Consumer<User> saved;

    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty displayName = new SimpleStringProperty("");
    private final StringProperty contact = new SimpleStringProperty("");
    private final StringProperty notes = new SimpleStringProperty("");
    private final ObjectProperty<Role> role = new SimpleObjectProperty<>(Role.USER);
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty passwordAgain = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<PasswordStrength> strength = new ReadOnlyObjectWrapper<>(
            PasswordStrength.NONE);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(Step.EDITING);

    /**
     * @param original the user to edit, or null for a new one
     * @param saved told with the user as stored once the editor saved
     */
    UserEditorModel(UserService users, TaskRunner tasks, User original, Consumer<User> saved) {
        this.users = users;
        this.tasks = tasks;
        this.original = original;
        this.saved = saved;
        if (original != null) {
            name.set(original.name());
            displayName.set(original.displayName());
            contact.set(original.contact());
            notes.set(original.notes());
            role.set(original.role());
        }
        password.addListener((observable, old, typed) -> strength.set(PasswordStrength.of(typed)));
    }

    public boolean isNew() {
        return original == null;
    }

    /** The user being edited; null for a new one. */
    public User original() {
        return original;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty displayNameProperty() {
        return displayName;
    }

    public StringProperty contactProperty() {
        return contact;
    }

    public StringProperty notesProperty() {
        return notes;
    }

    public ObjectProperty<Role> roleProperty() {
        return role;
    }

    /** A new password; empty keeps the current one (or, for a new user, sets none). */
    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty passwordAgainProperty() {
        return passwordAgain;
    }

    public ReadOnlyObjectProperty<PasswordStrength> strengthProperty() {
        return strength.getReadOnlyProperty();
    }

    /** What stops the user from being saved, or "". */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Step> stepProperty() {
        return step.getReadOnlyProperty();
    }

    /** What the password field says about a user who has none or keeps theirs. */
    public String passwordNote() {
        if (isNew()) {
            return "Optional: the password for the LAN page. Without one the user cannot sign in.";
        }
        return original.hasPassword() ? "Leave empty to keep the current password."
                : "The user has no password and cannot sign in to the LAN page; set one here.";
    }

    // Commands

    /** Checks the fields and saves the user in the background. */
    public void save() {
        if (step.get() != Step.EDITING) {
            return;
        }
        UserDetails details = new UserDetails(name.get(), displayName.get(), contact.get(), notes.get(), role.get());
        String wrong = check(details);
        problem.set(wrong);
        if (!wrong.isEmpty()) {
            return;
        }
        char[] newPassword = password.get().isEmpty() ? null : password.get().toCharArray();
        step.set(Step.SAVING);
        tasks.run(Workload.DATABASE, "user-save", () -> store(details, newPassword), stored -> {
            step.set(Step.SAVED);
            saved.accept(stored);
        }, failure -> {
            step.set(Step.EDITING);
            if (failure instanceof UserException) {
                problem.set(failure.getMessage());
            } else {
                LOG.warn("Saving the user failed", failure);
                problem.set("Could not save the user: " + failure.getMessage());
            }
        });
    }

    private String check(UserDetails details) {
        try {
            details.checkedName();
        } catch (UserException e) {
            return e.getMessage();
        }
        String typed = password.get();
        if (!typed.isEmpty() && PasswordStrength.of(typed) == PasswordStrength.TOO_SHORT) {
            return "A password needs at least " + PasswordStrength.MIN_LENGTH + " characters";
        }
        if (!typed.equals(passwordAgain.get())) {
            return "The two passwords differ";
        }
        return "";
    }

    /** Whether {@code details} are what the edited user has, so that saving records nothing. */
    private boolean unchanged(UserDetails details) {
        return details.checkedName().equals(original.name()) && details.displayName().equals(original.displayName())
                && details.contact().equals(original.contact()) && details.notes().equals(original.notes())
                && details.role() == original.role();
    }

    private User store(UserDetails details, char[] newPassword) {
        User stored;
        if (original == null) {
            stored = users.create(Actors.DESKTOP, details, newPassword);
        } else {
            stored = unchanged(details) ? original : users.update(Actors.DESKTOP, original.id(), details);
            if (newPassword != null) {
                stored = users.setPassword(Actors.DESKTOP, original.id(), newPassword);
            }
        }
        if (newPassword != null) {
            Arrays.fill(newPassword, '\0');
        }
        return stored;
    }
}
