package dev.cpaconsole.keys.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientKeyGeneratorTest {
    private final ClientKeyGenerator generator = new ClientKeyGenerator();

    @Test
    void generatesSkFollowedBy43UrlSafeCharacters() {
        String key = generator.generate();

        assertThat(key).matches("sk-[A-Za-z0-9_-]{43}");
    }

    @Test
    void generatedKeysCarry256Bits() {
        String key = generator.generate();

        assertThat(Base64.getUrlDecoder().decode(key.substring(3))).hasSize(32);
    }

    @Test
    void neverGeneratesTheSameKeyTwice() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            keys.add(generator.generate());
        }

        assertThat(keys).hasSize(1_000);
    }

    @Test
    void acceptsTheKeysItGenerates() {
        for (int i = 0; i < 100; i++) {
            assertThat(ClientKeyGenerator.refusal(generator.generate())).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk-test-client-alice-0001", "team-build-server-2025-key", "0123456789abcdefghij"})
    void acceptsOrdinaryKeysOfTwentyCharactersOrMore(String key) {
        assertThat(ClientKeyGenerator.refusal(key)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "   \t", "\n"})
    void refusesABlankKey(String key) {
        assertThat(ClientKeyGenerator.refusal(key)).hasValue("The key is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {" sk-test-client-alice-0001", "sk-test-client-alice-0001 ", "sk-test-client-alice-0001\n",
        "\tsk-test-client-alice-0001"})
    void refusesAKeyWithSpaceAtEitherEnd(String key) {
        assertThat(ClientKeyGenerator.refusal(key)).hasValue("The key starts or ends with a space");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk-short", "abc", "0123456789abcdefghi",
        "密码🚀密码🚀密码🚀密码🚀密码🚀密码"})
    void refusesAKeyShorterThanTwentyCharacters(String key) {
        assertThat(ClientKeyGenerator.refusal(key)).hasValue("The key is shorter than 20 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk-t…0001", "sk-test-client…alice-0001", "sk-test-client...alice-0001",
        "sk-test-client-***-alice-0001", "sk-test-client-••••-alice-0001", "***"})
    void refusesAKeyThatLooksMasked(String key) {
        assertThat(ClientKeyGenerator.refusal(key)).hasValue("The key looks masked; paste the whole key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"your-api-key-1", "your-api-key-2", "your-api-key-3", "your-api-key-42",
        "YOUR-API-KEY-1", "Your-Api-Key-7"})
    void refusesTheSampleKeysOfCpasExampleConfiguration(String key) {
        assertThat(ClientKeyGenerator.refusal(key)).hasValue("This is a sample key from CPA's example configuration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "sk-XXXXXXXXXXXXXXXXXXXXXXXX", "sk-xxxx",
        "xxxxxxxxxxxxxxxxxxxxxxxx", "sk-xxxx-xxxx-xxxx-xxxx-xxxx"})
    void refusesPlaceholdersMadeOfXs(String key) {
        assertThat(ClientKeyGenerator.refusal(key)).hasValue("This is a placeholder, not a key");
    }

    @Test
    void aKeyThatMerelyContainsTheSampleTextIsJudgedOnItsOwn() {
        assertThat(ClientKeyGenerator.refusal("my-own-your-api-key-1-for-ci")).isEmpty();
        assertThat(ClientKeyGenerator.refusal("sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1")).isEmpty();
    }
}
