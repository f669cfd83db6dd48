package dev.cpaconsole.app.cli;

import java.time.Clock;
import java.util.List;

import dev.cpaconsole.keys.core.KeyFilter;
import dev.cpaconsole.keys.core.ManagedKey;
import dev.cpaconsole.keys.core.ManagedKeyStore;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserStore;

/**
 * Reads the {@code --user NAME} and {@code --key ID|NAME} options of the commands that narrow
 * usage to an owner, deleted users and keys included, so that their history stays reachable.
 */
final class OwnerArguments {
    /** Ids have at most this many digits; a longer number names no key rather than overflowing. */
    private static final int MAX_ID_DIGITS = 18;

    private OwnerArguments() {
    }

    /** The user named {@code name}, exactly or else ignoring case. */
    static User user(Database database, String name) {
        UserStore users = new UserStore(database, Clock.systemUTC());
        return users.byName(name).or(() -> users.list(true).stream()
                .filter(u -> u.name().equalsIgnoreCase(name.strip())).findFirst())
                .orElseThrow(() -> new UsageError("--user: there is no user named " + name));
    }

    /** The managed key with id {@code idOrName}, or else the one key named so. */
    static ManagedKey managedKey(ManagedKeyStore keys, String idOrName) {
        if (!idOrName.isEmpty() && idOrName.chars().allMatch(Character::isDigit)) {
            return keys.byId(idOrName.length() > MAX_ID_DIGITS ? -1 : Long.parseLong(idOrName))
                    .orElseThrow(() -> new UsageError("--key: there is no key " + idOrName));
        }
        List<ManagedKey> named = keys.list(KeyFilter.LIVE.withDeleted(true), 0, Integer.MAX_VALUE).stream()
                .filter(k -> k.name().equals(idOrName)).toList();
        if (named.isEmpty()) {
            throw new UsageError("--key: there is no key named " + idOrName);
        }
        if (named.size() > 1) {
            throw new UsageError("--key: " + named.size() + " keys are named " + idOrName + "; give its id ("
                    + String.join(", ", named.stream().map(k -> String.valueOf(k.id())).toList()) + ")");
        }
        return named.getFirst();
    }
}
