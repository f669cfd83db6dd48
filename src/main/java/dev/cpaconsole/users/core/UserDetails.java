package dev.cpaconsole.users.core;

import java.text.Normalizer;
import java.util.Locale;
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
    private static final int ZERO_WIDTH_JOINER = 0x200D;

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
        if (stripped.codePoints().anyMatch(UserDetails::hiddenCharacter)) {
            throw new UserException("A user's name cannot hold line breaks, control characters or invisible "
                    + "formatting characters");
        }
        return stripped;
    }

    /**
     * Whether a character of a name would hide or disguise what it says: a control character, or
     * an invisible formatting one such as a zero-width space or a right-to-left override. The
     * zero-width joiner stays allowed, since emoji sequences are made with it.
     */
    public static boolean hiddenCharacter(int codePoint) {
        return Character.isISOControl(codePoint)
                || Character.getType(codePoint) == Character.FORMAT && codePoint != ZERO_WIDTH_JOINER;
    }

    /**
     * The form two names are compared in: Unicode-normalised (so {@code é} typed either way is one
     * name) and without case.
     */
    public static String comparable(String name) {
        return Normalizer.normalize(name.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}
