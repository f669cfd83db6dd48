package dev.cpaconsole.keys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {
    private static final String PASSWORD = "correct horse battery staple";

    // Made by the Argon2 reference implementation's command-line tool, not by this class:
    //   printf %s 'correct horse battery staple' | argon2 cpa-console-salt -id -t 2 -k 19456 -p 1 -l 32 -e
    private static final String REFERENCE_HASH =
            "$argon2id$v=19$m=19456,t=2,p=1$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkw";
    //   printf %s '密码🚀' | argon2 'unicode salt 16b' -id -t 2 -k 19456 -p 1 -l 32 -e
    private static final String REFERENCE_UNICODE_HASH =
            "$argon2id$v=19$m=19456,t=2,p=1$dW5pY29kZSBzYWx0IDE2Yg$yicB4MBi1pd1F+YOVXnudugM+sVcCEg2a0JL2ZQzNpA";
    //   printf %s 'correct horse battery staple' | argon2 'another--salt-16' -id -t 3 -k 65536 -p 4 -l 32 -e
    private static final String REFERENCE_STRONGER_HASH =
            "$argon2id$v=19$m=65536,t=3,p=4$YW5vdGhlci0tc2FsdC0xNg$0prED7zNrkYNCUkBmnFLJCA8ngYkyGO4wTIU7Ns4Q8Y";

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void verifiesThePasswordItHashed() {
        String encoded = hasher.hash(PASSWORD.toCharArray());

        assertThat(hasher.verify(PASSWORD.toCharArray(), encoded)).isTrue();
    }

    @Test
    void writesAPhcStringAtTheRecommendedCost() {
        String encoded = hasher.hash(PASSWORD.toCharArray());

        assertThat(encoded).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @Test
    void rejectsAWrongPassword() {
        String encoded = hasher.hash(PASSWORD.toCharArray());

        assertThat(hasher.verify("correct horse battery stapler".toCharArray(), encoded)).isFalse();
        assertThat(hasher.verify("Correct horse battery staple".toCharArray(), encoded)).isFalse();
    }

    @Test
    void verifiesUnicodePasswords() {
        String encoded = hasher.hash("密码🚀".toCharArray());

        assertThat(hasher.verify("密码🚀".toCharArray(), encoded)).isTrue();
        assertThat(hasher.verify("密码".toCharArray(), encoded)).isFalse();
    }

    @Test
    void hashesCombiningCharactersExactlyAsTyped() {
        String decomposed = "Cafe\u0301 au lait";
        String precomposed = "Caf\u00e9 au lait";
        String encoded = hasher.hash(decomposed.toCharArray());

        assertThat(hasher.verify(decomposed.toCharArray(), encoded)).isTrue();
        assertThat(hasher.verify(precomposed.toCharArray(), encoded)).isFalse();
    }

    @Test
    void twoHashesOfOnePasswordDiffer() {
        String first = hasher.hash(PASSWORD.toCharArray());
        String second = hasher.hash(PASSWORD.toCharArray());

        assertThat(first).isNotEqualTo(second);
        assertThat(first.split("\\$")[4]).isNotEqualTo(second.split("\\$")[4]);
    }

    @Test
    void refusesToHashAnEmptyPassword() {
        assertThatThrownBy(() -> hasher.hash(new char[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hasher.hash(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToHashAPasswordThatIsNotValidUnicode() {
        char[] loneSurrogate = {'a', 'b', '\uD83D', 'c'};

        assertThatThrownBy(() -> hasher.hash(loneSurrogate)).isInstanceOf(IllegalArgumentException.class);
        assertThat(hasher.verify(loneSurrogate, REFERENCE_HASH)).isFalse();
    }

    @Test
    void anEmptyPasswordNeverVerifies() {
        assertThat(hasher.verify(new char[0], REFERENCE_HASH)).isFalse();
        assertThat(hasher.verify(null, REFERENCE_HASH)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "correct horse battery staple",
        "$argon2id$v=19$m=19456,t=2,p=1$Y3BhLWNvbnNvbGUtc2FsdA",
        "$argon2id$v=19$m=19456,t=2,p=1$Y3BhLWNvbnNvbGUtc2FsdA$",
        "$argon2id$v=19$m=19456,t=2,p=1$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkw$",
        "$argon2id$v=19$m=19456,t=2,p=1$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkw=",
        "$argon2id$v=19$m=19456,t=2,p=1$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQDNLSoHUjA15zduLeH-mWuWu4fu5l5uVkw",
        "$argon2id$v=19$m=19456,t=2,p=1$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkwAB",
        "$argon2i$v=19$m=19456,t=2,p=1$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkw",
        "$argon2id$v=16$m=19456,t=2,p=1$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkw",
        "$argon2id$m=19456,t=2,p=1$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkw",
        "$argon2id$v=19$t=2,m=19456,p=1$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkw",
        "$argon2id$v=19$m=019456,t=2,p=1$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkw",
        "$argon2id$v=19$m=0,t=2,p=1$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkw",
        "$argon2id$v=19$m=7,t=2,p=1$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkw",
        "$argon2id$v=19$m=999999999,t=2,p=1$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkw",
        "$argon2id$v=19$m=19456,t=0,p=1$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkw",
        "$argon2id$v=19$m=19456,t=2,p=1,data=abcd$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkw",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkw",
        "$argon2id$v=19$m=19456,t=2,p=1$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQ",
        " $argon2id$v=19$m=19456,t=2,p=1$Y3BhLWNvbnNvbGUtc2FsdA$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkw",
    })
    void aMalformedStringVerifiesNothingAndNeverThrows(String encoded) {
        assertThat(hasher.verify(PASSWORD.toCharArray(), encoded)).isFalse();
    }

    @Test
    void verifiesHashesMadeByTheReferenceImplementation() {
        assertThat(hasher.verify(PASSWORD.toCharArray(), REFERENCE_HASH)).isTrue();
        assertThat(hasher.verify("密码🚀".toCharArray(), REFERENCE_UNICODE_HASH)).isTrue();
        assertThat(hasher.verify(PASSWORD.toCharArray(), REFERENCE_STRONGER_HASH)).isTrue();
    }

    @Test
    void rejectsAWrongPasswordAgainstTheReferenceHash() {
        assertThat(hasher.verify("correct horse battery stapl".toCharArray(), REFERENCE_HASH)).isFalse();
    }

    @Test
    void aHashBelowTheRecommendedCostNeedsRehashing() {
        String weaker = new PasswordHasher(8_192, 1, 1).hash(PASSWORD.toCharArray());

        assertThat(hasher.needsRehash(weaker)).isTrue();
        assertThat(hasher.needsRehash(weaker.replace("m=8192,t=1", "m=19456,t=1"))).isTrue();
        assertThat(hasher.needsRehash(weaker.replace("m=8192,t=1", "m=8192,t=2"))).isTrue();
    }

    @Test
    void aHashAtOrAboveTheRecommendedCostDoesNotNeedRehashing() {
        assertThat(hasher.needsRehash(hasher.hash(PASSWORD.toCharArray()))).isFalse();
        assertThat(hasher.needsRehash(REFERENCE_HASH)).isFalse();
        assertThat(hasher.needsRehash(REFERENCE_STRONGER_HASH)).isFalse();
    }

    @Test
    void aHashWithAShortSaltNeedsRehashing() {
        String eightByteSalt = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$dReQhn98tQDNLSoHUjA15zduLeH+mWuWu4fu5l5uVkw";

        assertThat(hasher.needsRehash(eightByteSalt)).isTrue();
    }

    @Test
    void anUnreadableStringNeedsRehashing() {
        assertThat(hasher.needsRehash("not a hash")).isTrue();
        assertThat(hasher.needsRehash(null)).isTrue();
    }

    /**
     * RFC 9106, section 5.3: guards that the Bouncy Castle build in use computes standard
     * Argon2id version 1.3, the function this class relies on.
     */
    @Test
    void bouncyCastleArgon2idMatchesTheRfc9106TestVector() {
        byte[] password = new byte[32];
        Arrays.fill(password, (byte) 0x01);
        byte[] salt = new byte[16];
        Arrays.fill(salt, (byte) 0x02);
        byte[] secret = new byte[8];
        Arrays.fill(secret, (byte) 0x03);
        byte[] associatedData = new byte[12];
        Arrays.fill(associatedData, (byte) 0x04);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(32)
                .withIterations(3)
                .withParallelism(4)
                .withSalt(salt)
                .withSecret(secret)
                .withAdditional(associatedData)
                .build());
        byte[] tag = new byte[32];

        generator.generateBytes(password, tag);

        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }
}
