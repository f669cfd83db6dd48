package dev.cpaconsole.keys.core;

import java.util.Objects;

/**
 * Which managed keys a listing shows.
 *
 * @param text found in the key's name, description, mask, or its owner's name, in any case; ""
 *     for every key
 * @param userId only this user's keys; 0 for everyone's
 * @param status only keys with this status; null for any
 * @param outOfSyncOnly only keys CPA disagrees with
 * @param includeDeleted whether tombstones are listed
 */
public record KeyFilter(String text, long userId, KeyStatus status, boolean outOfSyncOnly, boolean includeDeleted) {
    public static final KeyFilter LIVE = new KeyFilter("", 0, null, false, false);

    public KeyFilter {
        text = Objects.requireNonNullElse(text, "").strip();
    }

    public KeyFilter withText(String newText) {
        return new KeyFilter(newText, userId, status, outOfSyncOnly, includeDeleted);
    }

    public KeyFilter forUser(long id) {
        return new KeyFilter(text, id, status, outOfSyncOnly, includeDeleted);
    }

    public KeyFilter withStatus(KeyStatus newStatus) {
        return new KeyFilter(text, userId, newStatus, outOfSyncOnly, includeDeleted);
    }

    public KeyFilter withOutOfSyncOnly(boolean only) {
        return new KeyFilter(text, userId, status, only, includeDeleted);
    }

    public KeyFilter withDeleted(boolean deleted) {
        return new KeyFilter(text, userId, status, outOfSyncOnly, deleted);
    }
}
