package dev.cpaconsole.users.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A person who owns client keys.
 *
 * @param id the row id
 * @param name the sign-in name, unique among users that are not deleted, kept exactly as typed
 * @param displayName how screens name the user; may be empty
 * @param contact an e-mail address, a chat handle or the like; free text
 * @param notes the operator's notes
 * @param role admin or user
 * @param hasPassword whether a password for the LAN page is set
 * @param disabled a disabled user's keys are out of CPA and the user cannot sign in
 * @param createdAt when the user was created
 * @param deletedAt when the user was deleted; null for a live user. A deleted user is a tombstone
 *     that keeps history attributed
 */
public record User(
        long id,
        String name,
        String displayName,
        String contact,
        String notes,
        Role role,
        boolean hasPassword,
        boolean disabled,
        Instant createdAt,
        Instant deletedAt) {

    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    /** Neither disabled nor deleted: the user's keys may be in CPA. */
    public boolean active() {
        return !disabled && deletedAt == null;
    }

    /** The display name, or the sign-in name when there is none. */
    public String shownName() {
        return displayName.isBlank() ? name : displayName;
    }
}
