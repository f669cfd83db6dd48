package dev.cpaconsole.settings.core;

/**
 * The keys the console keeps outside its database, each under its own name in the keychain and
 * in its own owner-only file.
 */
public enum KeyKind {
    /** CPA's management key: the console's login to the management API. */
    MANAGEMENT_KEY("management-key", "management key"),
    /**
     * A client key the operator chose for the console's own calls to CPA's proxy API
     * ({@code /v1/models}); optional.
     */
    CLIENT_KEY("client-key", "client key"),
    /**
     * The secret that encrypts the client keys the console keeps in its database, so that the
     * database file alone reveals none of them.
     */
    KEY_ENCRYPTION("key-encryption-secret", "key encryption secret");

    private final String name;
    private final String noun;

    KeyKind(String name, String noun) {
        this.name = name;
        this.noun = noun;
    }

    /** The file name in the data directory and the account name in the keychain. */
    public String storageName() {
        return name;
    }

    /** How messages name the key, e.g. "management key". */
    public String noun() {
        return noun;
    }
}
