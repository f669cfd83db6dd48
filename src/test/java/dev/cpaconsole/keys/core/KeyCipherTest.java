package dev.cpaconsole.keys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.usage.core.ClientKeys;

class KeyCipherTest {
    private static final String KEY = "sk-test-client-alice-0001";
    private static final String ROW = ClientKeys.hash(KEY);

    @TempDir
    Path dataDir;

    private FileManagementKeyStore secretStore() {
        return new FileManagementKeyStore(dataDir, KeyKind.KEY_ENCRYPTION);
    }

    @Test
    void decryptsWhatItEncrypted() {
        KeyCipher cipher = KeyCipher.load(secretStore());

        byte[] sealed = cipher.encrypt(KEY, ROW);

        assertThat(cipher.decrypt(sealed, ROW)).isEqualTo(KEY);
    }

    @Test
    void decryptsUnicodeKeys() {
        KeyCipher cipher = KeyCipher.load(secretStore());

        assertThat(cipher.decrypt(cipher.encrypt("密码🚀-key", ROW), ROW)).isEqualTo("密码🚀-key");
    }

    @Test
    void sealsAsVersionNonceAndCiphertextWithTag() {
        byte[] sealed = KeyCipher.load(secretStore()).encrypt(KEY, ROW);

        assertThat(sealed[0]).isEqualTo(KeyCipher.VERSION);
        assertThat(sealed).hasSize(1 + 12 + KEY.length() + 16);
    }

    @Test
    void sealedBytesDoNotContainTheKey() {
        byte[] sealed = KeyCipher.load(secretStore()).encrypt(KEY, ROW);

        String asText = new String(sealed, StandardCharsets.ISO_8859_1);
        assertThat(asText).doesNotContain(KEY).doesNotContain("alice");
        assertThat(Base64.getEncoder().encodeToString(sealed)).doesNotContain(Base64.getEncoder()
                .encodeToString(KEY.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void encryptingOneKeyTwiceGivesDifferentBytes() {
        KeyCipher cipher = KeyCipher.load(secretStore());

        assertThat(cipher.encrypt(KEY, ROW)).isNotEqualTo(cipher.encrypt(KEY, ROW));
    }

    @Test
    void createsTheSecretOnFirstUseInTheKeyEncryptionFile() {
        FileManagementKeyStore store = secretStore();

        KeyCipher.load(store);

        assertThat(store.file()).isEqualTo(dataDir.resolve("key-encryption-secret"));
        assertThat(store.load()).hasValueSatisfying(
                secret -> assertThat(Base64.getDecoder().decode(secret)).hasSize(32));
    }

    @Test
    void reusesTheSavedSecretOnLaterLoads() {
        byte[] sealed = KeyCipher.load(secretStore()).encrypt(KEY, ROW);
        String secret = secretStore().load().orElseThrow();

        KeyCipher later = KeyCipher.load(secretStore());

        assertThat(later.decrypt(sealed, ROW)).isEqualTo(KEY);
        assertThat(secretStore().load()).hasValue(secret);
    }

    @Test
    void detectsAChangedByteAnywhere() {
        KeyCipher cipher = KeyCipher.load(secretStore());
        byte[] sealed = cipher.encrypt(KEY, ROW);

        for (int i = 1; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> cipher.decrypt(tampered, ROW))
                    .as("byte %d changed", i)
                    .isInstanceOf(KeyCipherException.class)
                    .hasMessageContaining("cannot be decrypted");
        }
    }

    @Test
    void refusesTruncatedBytes() {
        KeyCipher cipher = KeyCipher.load(secretStore());
        byte[] sealed = cipher.encrypt(KEY, ROW);

        assertThatThrownBy(() -> cipher.decrypt(Arrays.copyOf(sealed, sealed.length - 1), ROW))
                .isInstanceOf(KeyCipherException.class);
        assertThatThrownBy(() -> cipher.decrypt(Arrays.copyOf(sealed, 20), ROW))
                .isInstanceOf(KeyCipherException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void refusesAnUnknownFormatVersion() {
        KeyCipher cipher = KeyCipher.load(secretStore());
        byte[] sealed = cipher.encrypt(KEY, ROW);
        sealed[0] = 2;

        assertThatThrownBy(() -> cipher.decrypt(sealed, ROW))
                .isInstanceOf(KeyCipherException.class)
                .hasMessageContaining("unknown format");
    }

    @Test
    void aKeyMovedToAnotherRowDoesNotDecrypt() {
        KeyCipher cipher = KeyCipher.load(secretStore());
        byte[] sealed = cipher.encrypt(KEY, ROW);

        assertThatThrownBy(() -> cipher.decrypt(sealed, ClientKeys.hash("sk-test-client-bob-0002")))
                .isInstanceOf(KeyCipherException.class)
                .hasMessageContaining("belongs to another row");
    }

    @Test
    void anotherSecretCannotDecrypt(@TempDir Path otherDataDir) {
        byte[] sealed = KeyCipher.load(secretStore()).encrypt(KEY, ROW);
        KeyCipher other = KeyCipher.load(new FileManagementKeyStore(otherDataDir, KeyKind.KEY_ENCRYPTION));

        assertThatThrownBy(() -> other.decrypt(sealed, ROW))
                .isInstanceOf(KeyCipherException.class)
                .hasMessageContaining("different key encryption secret");
    }

    @Test
    void refusesASavedSecretOfTheWrongSize() {
        secretStore().save(Base64.getEncoder().encodeToString(new byte[16]));

        assertThatThrownBy(() -> KeyCipher.load(secretStore()))
                .isInstanceOf(KeyCipherException.class)
                .hasMessageContaining("16 bytes instead of 32");
    }

    @Test
    void refusesASavedSecretThatIsNotBase64() {
        secretStore().save("not base64 at all!");

        assertThatThrownBy(() -> KeyCipher.load(secretStore()))
                .isInstanceOf(KeyCipherException.class)
                .hasMessageContaining("not base64");
    }
}
