package dev.cpaconsole.dashboard.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What a dashboard narrows its events to; every part is optional and they combine.
 *
 * @param user a user's events (every value of every key the user has or had), or null
 * @param key one managed key's or one client key's events, or null
 * @param model events whose upstream model or alias is this, or null
 * @param provider events of this provider, or null
 * @param account events served by this account, or null
 */
public record DashboardScope(ScopePick user, ScopePick key, String model, String provider, ScopePick account) {
    /** Every event. */
    public static final DashboardScope GLOBAL = new DashboardScope(null, null, null, null, null);

    public DashboardScope {
        if (user != null && user.kind() != ScopePick.Kind.USER) {
            throw new IllegalArgumentException("not a user: " + user);
        }
        if (key != null && key.kind() != ScopePick.Kind.MANAGED_KEY && key.kind() != ScopePick.Kind.CLIENT_KEY) {
            throw new IllegalArgumentException("not a key: " + key);
        }
        if (account != null && account.kind() != ScopePick.Kind.ACCOUNT) {
            throw new IllegalArgumentException("not an account: " + account);
        }
        model = blankToNull(model);
        provider = blankToNull(provider);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public DashboardScope withUser(ScopePick newUser) {
        return new DashboardScope(newUser, key, model, provider, account);
    }

    public DashboardScope withKey(ScopePick newKey) {
        return new DashboardScope(user, newKey, model, provider, account);
    }

    public DashboardScope withModel(String newModel) {
        return new DashboardScope(user, key, newModel, provider, account);
    }

    public DashboardScope withProvider(String newProvider) {
        return new DashboardScope(user, key, model, newProvider, account);
    }

    public DashboardScope withAccount(ScopePick newAccount) {
        return new DashboardScope(user, key, model, provider, newAccount);
    }

    /** Whether nothing narrows the events. */
    public boolean global() {
        return user == null && key == null && model == null && provider == null && account == null;
    }

    /** Whether the scope narrows by client key (a user or a key). */
    public boolean byClientKey() {
        return user != null || key != null;
    }

    /** The scope in words, e.g. {@code user alice · model gpt-5.4}; "all usage" when global. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (user != null) {
            parts.add("user " + user.label());
        }
        if (key != null) {
            parts.add("key " + key.label());
        }
        if (model != null) {
            parts.add("model " + model);
        }
        if (provider != null) {
            parts.add("provider " + provider);
        }
        if (account != null) {
            parts.add("account " + account.label());
        }
        return parts.isEmpty() ? "all usage" : String.join(" \u00b7 ", parts);
    }
}
