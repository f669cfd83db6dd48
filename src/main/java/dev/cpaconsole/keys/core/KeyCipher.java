package dev.cpaconsole.keys.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.settings.core.KeyStoreException;
import dev.cpaconsole.settings.core.ManagementKeyStore;

/**
 * Encrypts client keys for the console's database, so that the database file alone reveals no
 * key. The secret lives where the management key does (a store of kind
 * {@link KeyKind#KEY_ENCRYPTION}: the keychain or an owner-only file), never in the database.
 *
 * <p>Each key is sealed with AES-256-GCM under a fresh random 12-byte nonce, as
 * {@code version (1 byte) || nonce (12 bytes) || ciphertext and 16-byte tag}. The caller supplies
 * associated data that names the row the key belongs to (its hash from
 * {@code ClientKeys.hash}), so a sealed key copied into another row no longer decrypts.
 *
 * <p>Losing the secret loses every stored key: they cannot be decrypted with a new one, only
 * entered again. Instances are immutable and safe to share between threads.
 */
public final class KeyCipher {
    private static final Logger LOG = LoggerFactory.getLogger(KeyCipher.class);

    /** The first byte of everything this class seals; a later format gets another. */
    static final byte VERSION = 1;

    private static final int SECRET_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER_BYTES = 1 + NONCE_BYTES;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKeySpec secret;
    // Random nonces are safe for far more keys than a console will ever store: the chance of a
    // repeat stays negligible below billions of encryptions under one secret.
    private final SecureRandom random;

    private KeyCipher(byte[] secret, SecureRandom random) {
        this.secret = new SecretKeySpec(secret, "AES");
        this.random = random;
    }

    /**
     * The cipher for the secret in {@code store}. The first time, when the store holds none, a
     * new random 256-bit secret is created and saved there as base64.
     *
     * @throws KeyCipherException when the store holds something that is not a base64 32-byte
     *                            secret
     * @throws KeyStoreException  when the store can be neither read nor written
     */
    public static KeyCipher load(ManagementKeyStore store) {
        SecureRandom random = new SecureRandom();
        Optional<String> saved = store.load();
        if (saved.isPresent()) {
            return new KeyCipher(decodeSecret(saved.get(), store), random);
        }
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        store.save(Base64.getEncoder().encodeToString(secret));
        LOG.info("Created a new key encryption secret in {}", store.location());
        return new KeyCipher(secret, random);
    }

    /** {@code key} sealed for the row that {@code associatedData} names. */
    public byte[] encrypt(String key, String associatedData) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(associatedData, "associatedData");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plain = key.getBytes(StandardCharsets.UTF_8);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, associatedData);
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(HEADER_BYTES + sealed.length)
                    .put(VERSION)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * The key {@link #encrypt} sealed for {@code associatedData}.
     *
     * @throws KeyCipherException when {@code sealed} was changed or truncated, was sealed for
     *                            another row, or was sealed under another secret
     */
    public String decrypt(byte[] sealed, String associatedData) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(associatedData, "associatedData");
        if (sealed.length < HEADER_BYTES + TAG_BITS / Byte.SIZE) {
            throw new KeyCipherException("The stored client key is truncated (" + sealed.length + " bytes)");
        }
        if (sealed[0] != VERSION) {
            throw new KeyCipherException("The stored client key has an unknown format (version " + sealed[0] + ")");
        }
        byte[] nonce = Arrays.copyOfRange(sealed, 1, HEADER_BYTES);
        byte[] plain = null;
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, associatedData);
            plain = cipher.doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new KeyCipherException("The stored client key cannot be decrypted: it was changed, belongs to"
                    + " another row, or was encrypted with a different key encryption secret", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String associatedData) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, secret, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static byte[] decodeSecret(String encoded, ManagementKeyStore store) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            // Without the cause: the decoder's message quotes a character of the secret.
            throw new KeyCipherException("The key encryption secret in " + store.location() + " is not base64");
        }
        if (secret.length != SECRET_BYTES) {
            throw new KeyCipherException("The key encryption secret in " + store.location() + " has "
                    + secret.length + " bytes instead of " + SECRET_BYTES);
        }
        return secret;
    }
}
