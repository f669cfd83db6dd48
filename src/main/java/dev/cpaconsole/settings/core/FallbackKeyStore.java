package dev.cpaconsole.settings.core;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prefers the operating system's keychain and falls back to the owner-only file whenever the
 * keychain does not answer. A key once saved to the file is still found after the keychain
 * comes back, and is removed from the file once the keychain has taken it.
 */
public final class FallbackKeyStore implements ManagementKeyStore {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackKeyStore.class);

    private final ManagementKeyStore keychain;
    private final FileManagementKeyStore file;
    private volatile boolean keychainFailed;

    public FallbackKeyStore(ManagementKeyStore keychain, FileManagementKeyStore file) {
        this.keychain = keychain;
        this.file = file;
    }

    @Override
    public Optional<String> load() {
        try {
            Optional<String> key = keychain.load();
            if (key.isPresent()) {
                return key;
            }
        } catch (KeyStoreException e) {
            fellBack(e);
        }
        return file.load();
    }

    @Override
    public void save(String key) {
        try {
            keychain.save(key);
            keychainFailed = false;
            file.clear();
        } catch (KeyStoreException e) {
            fellBack(e);
            file.save(key);
        }
    }

    @Override
    public void clear() {
        try {
            keychain.clear();
        } catch (KeyStoreException e) {
            fellBack(e);
        }
        file.clear();
    }

    @Override
    public String location() {
        return keychainFailed ? file.location() : keychain.location();
    }

    private void fellBack(KeyStoreException e) {
        if (!keychainFailed) {
            LOG.warn("The keychain is unavailable, keeping the {} in {} instead: {}", file.kind().noun(),
                    file.file(), e.getMessage());
        }
        keychainFailed = true;
    }
}
