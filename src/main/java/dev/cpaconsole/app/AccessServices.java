package dev.cpaconsole.app;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Supplier;

import dev.cpaconsole.audit.core.AuditLog;
import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.keys.core.CpaKeyList;
import dev.cpaconsole.keys.core.KeyCipher;
import dev.cpaconsole.keys.core.KeyException;
import dev.cpaconsole.keys.core.KeyService;
import dev.cpaconsole.keys.core.KeyUsageQuery;
import dev.cpaconsole.keys.core.ManagedKeyStore;
import dev.cpaconsole.keys.core.PasswordHasher;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.settings.core.ManagementKeyStore;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.users.core.UserService;
import dev.cpaconsole.users.core.UserStore;

/**
 * Users, their keys and the audit log over one database, as the desktop, {@code serve} and the
 * key and user commands use them.
 *
 * @param users creating and editing users, passwords and signing in
 * @param keys every key action, and disabling or deleting users
 * @param audit the record of admin actions
 */
public record AccessServices(UserService users, KeyService keys, AuditLog audit) {
    /** The pause between read-backs of CPA's key list after a change. */
    static final Duration READ_BACK_PAUSE = Duration.ofMillis(300);
    /** How long a new key is given to be accepted by CPA's proxy after CPA lists it. */
    static final Duration ACCEPTANCE_WINDOW = Duration.ofSeconds(5);

    public AccessServices {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(audit, "audit");
    }

    /**
     * @param cpa the CPA whose key list is kept in step, asked for at each change
     * @param secrets where the secret that seals raw keys is kept (never the database)
     * @param zone the zone budget and quota periods are cut in
     */
    public static AccessServices open(Database database, PriceStore prices, Supplier<CpaClient> cpa,
            ManagementKeyStore secrets, Supplier<ZoneId> zone, Clock clock) {
        AuditLog audit = new AuditLog(database, clock);
        UserStore userStore = new UserStore(database, clock);
        ManagedKeyStore keyStore = new ManagedKeyStore(database);
        Supplier<KeyCipher> cipher = new Supplier<>() {
            private KeyCipher loaded;

            @Override
            public synchronized KeyCipher get() {
                if (loaded == null) {
                    // A new secret would make every sealed key unreadable, so a missing one is an error.
                    if (secrets.load().isEmpty() && keyStore.hasSealedValues()) {
                        throw new KeyException("The key encryption secret is missing from " + secrets.location()
                                + "; the stored keys cannot be opened without it. Restore it from a backup");
                    }
                    loaded = KeyCipher.load(secrets);
                }
                return loaded;
            }
        };
        KeyService keys = new KeyService(database, userStore, keyStore,
                new KeyUsageQuery(keyStore, new CostQuery(database)), prices,
                new CpaKeyList(cpa, READ_BACK_PAUSE, ACCEPTANCE_WINDOW), cipher, audit, clock, zone);
        return new AccessServices(new UserService(userStore, new PasswordHasher(), audit), keys, audit);
    }
}
