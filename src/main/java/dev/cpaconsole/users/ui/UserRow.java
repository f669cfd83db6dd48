package dev.cpaconsole.users.ui;

import java.util.Objects;

import dev.cpaconsole.users.core.User;

/**
 * A user as the users table shows it.
 *
 * @param user the user
 * @param keys how many of the user's keys are not deleted, revoked ones included
 */
public record UserRow(User user, int keys) {
    public UserRow {
        Objects.requireNonNull(user, "user");
    }
}
