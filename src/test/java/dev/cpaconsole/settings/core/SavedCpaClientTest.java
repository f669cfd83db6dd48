package dev.cpaconsole.settings.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.store.Database;

class SavedCpaClientTest {
    @TempDir
    Path dataDir;

    private Database database;
    private SettingsStore settings;
    private FileManagementKeyStore keys;
    private SavedCpaClient saved;

    @BeforeEach
    void open() {
        database = Database.open(dataDir);
        settings = new SettingsStore(database);
        keys = new FileManagementKeyStore(dataDir);
        saved = new SavedCpaClient(settings, keys);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void saveAddress(String url) {
        settings.save(new ConnectionSettings(url, ModePreference.AUTOMATIC, true, Theme.LIGHT));
    }

    @Test
    void sameClientWhileAddressAndKeyStayTheSame() {
        saveAddress("http://127.0.0.1:8317");
        keys.save("key-one");

        CpaClient first = saved.current();
        first.keyLatch().reject(401, "invalid management key");

        assertThat(saved.current()).isSameAs(first);
        assertThat(saved.current().isKeyRejected()).isTrue();
    }

    @Test
    void newKeyGetsAFreshClient() {
        saveAddress("http://127.0.0.1:8317");
        keys.save("key-one");
        CpaClient first = saved.current();
        first.keyLatch().reject(401, "invalid management key");

        keys.save("key-two");

        assertThat(saved.current()).isNotSameAs(first);
        assertThat(saved.current().isKeyRejected()).isFalse();
    }

    @Test
    void newAddressGetsAFreshClient() {
        saveAddress("http://127.0.0.1:8317");
        keys.save("key-one");
        CpaClient first = saved.current();

        saveAddress("http://127.0.0.1:9317");

        assertThat(saved.current().baseUri().getPort()).isEqualTo(9317);
        assertThat(saved.current()).isNotSameAs(first);
    }

    @Test
    void nothingSavedSaysWhatToEnter() {
        assertThatThrownBy(saved::current).isInstanceOf(CpaNotConfiguredException.class)
                .hasMessageContaining("No CPA address saved");

        saveAddress("http://127.0.0.1:8317");

        assertThatThrownBy(saved::current).isInstanceOf(CpaNotConfiguredException.class)
                .hasMessageContaining("No management key saved");
    }
}
