package dev.cpaconsole.users.core;

import java.util.Objects;

/**
 * What an admin types about a user; every field is kept exactly as typed, apart from surrounding
 * white space of the name.
 *
 * @param name the sign-in name
 * @param displayName how screens name the user
 * @param contact how to reach the user
 * @param notes the operator's notes
 * @param role admin or user
 */
public record UserDetails(String name, String displayName, String contact, String notes, Role role) {
    /** The longest name, in characters (code points). */
    public static final int MAX_NAME_LENGTH = 100;

    public UserDetails {
        Objects.requireNonNull(name, "name");
        displayName = Objects.requireNonNullElse(displayName, "");
        contact = Objects.requireNonNullElse(contact, "");
        notes = Objects.requireNonNullElse(notes, "");
        Objects.requireNonNull(role, "role");
    }

    /** A user with only a name and a role. */
    public static UserDetails named(String name, Role role) {
        return new UserDetails(name, "", "", "", role);
    }

    /**
     * The name as it is stored: stripped of surrounding white space.
     *
     * @throws UserException when it is empty, too long or holds control characters
     */
    public String checkedName() {
        String stripped = name.strip();
        if (stripped.isEmpty()) {
            throw new UserException("A user needs a name");
        }
        if (stripped.codePointCount(0, stripped.length()) > MAX_NAME_LENGTH) {
            throw new UserException("A user's name has at most " + MAX_NAME_LENGTH + " characters");
        }
        if (stripped.codePoints().anyMatch(Character::isISOControl)) {
            throw new UserException("A user's name cannot hold line breaks or other control characters");
        }
        return stripped;
    }
}
