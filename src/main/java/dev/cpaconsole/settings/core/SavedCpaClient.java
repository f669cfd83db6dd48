package dev.cpaconsole.settings.core;

import java.net.URI;
import java.util.Optional;

import dev.cpaconsole.cpa.CpaClient;

/**
 * The CPA client for the saved address and management key, for services that call CPA now and
 * then (the model inventory, scheduled checks). The same client is handed out while both stay
 * the same, so a key CPA refused stays refused in its latch and costs one failed login rather
 * than one per use; a changed address or key gets a fresh client. Thread-safe.
 */
public final class SavedCpaClient {
    private final SettingsStore settings;
    private final ManagementKeyStore keys;
    private CpaClient client;
    private String clientUrl;
    private String clientKey;

    public SavedCpaClient(SettingsStore settings, ManagementKeyStore keys) {
        this.settings = settings;
        this.keys = keys;
    }

    /**
     * The client for what is saved now. Reads the settings and the key store, so call it off the
     * JavaFX thread.
     *
     * @throws CpaNotConfiguredException when no usable address or no management key is saved
     */
    public synchronized CpaClient current() {
        String url = settings.load().cpaUrl();
        if (url.isEmpty()) {
            throw new CpaNotConfiguredException("No CPA address saved \u2013 enter it in Settings");
        }
        Optional<String> urlProblem = CpaUrl.problem(url);
        if (urlProblem.isPresent()) {
            throw new CpaNotConfiguredException(urlProblem.get() + " \u2013 correct it in Settings");
        }
        String key = keys.load().orElseThrow(
                () -> new CpaNotConfiguredException("No management key saved \u2013 enter it in Settings"));
        if (client == null || !url.equals(clientUrl) || !key.equals(clientKey)) {
            client = new CpaClient(URI.create(url), key);
            clientUrl = url;
            clientKey = key;
        }
        return client;
    }
}
