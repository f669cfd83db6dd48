package dev.cpaconsole.dashboard.core;

import java.util.List;
import java.util.Objects;

/**
 * One member a dashboard can be narrowed to: a user, a managed key, a client key the console
 * does not manage, or an account (auth file).
 *
 * @param kind what the ids are
 * @param ids a user id, a managed key id, a {@code client_key} id, or the {@code usage_credential}
 *     ids of one account
 * @param label how the member reads on screen
 */
public record ScopePick(Kind kind, List<Long> ids, String label) {
    /** What a pick's ids name. */
    public enum Kind {
        USER,
        MANAGED_KEY,
        CLIENT_KEY,
        ACCOUNT
    }

    public ScopePick {
        Objects.requireNonNull(kind, "kind");
        ids = List.copyOf(ids);
        Objects.requireNonNull(label, "label");
    }

    public static ScopePick user(long id, String label) {
        return new ScopePick(Kind.USER, List.of(id), label);
    }

    public static ScopePick managedKey(long id, String label) {
        return new ScopePick(Kind.MANAGED_KEY, List.of(id), label);
    }

    public static ScopePick clientKey(long id, String label) {
        return new ScopePick(Kind.CLIENT_KEY, List.of(id), label);
    }

    public static ScopePick account(List<Long> credentialIds, String label) {
        return new ScopePick(Kind.ACCOUNT, credentialIds, label);
    }

    @Override
    public String toString() {
        return label;
    }
}
