package dev.cpaconsole.settings.core;

import java.util.Optional;

/**
 * Keeps CPA's management key outside the console's database: in the operating system's
 * keychain where there is one, otherwise in a file only the user can read. The optional client
 * key and the secret that encrypts stored client keys are kept the same way, each in a store of
 * its own {@link KeyKind}. Implementations never log the key.
 */
public interface ManagementKeyStore {
    /** The saved key, or empty when none was saved. */
    Optional<String> load();

    /** Saves {@code key}, replacing any previous one. */
    void save(String key);

    /** Forgets the saved key; does nothing when there is none. */
    void clear();

    /** Where the key is kept, in words for the settings screen ("file ...", "login keychain"). */
    String location();
}
