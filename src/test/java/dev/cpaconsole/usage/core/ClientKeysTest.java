package dev.cpaconsole.usage.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientKeysTest {

    @Test
    void hashesToLowercaseHexSha256() {
        assertThat(ClientKeys.hash("sk-test-client-alice-0001"))
                .isEqualTo("972d508207fccf6b5c4babc18057991d5e0c49e8085f82140cbc5aa945fdfcf9");
        assertThat(ClientKeys.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void masksLongKeysToFourCharactersAtEachEnd() {
        assertThat(ClientKeys.mask("sk-test-client-alice-0001")).isEqualTo("sk-t…0001");
    }

    @Test
    void revealsLessOfShorterKeys() {
        assertThat(ClientKeys.mask("sk-abcdefgh12")).isEqualTo("sk…12");
        assertThat(ClientKeys.mask("secret1")).isEqualTo("s…1");
        assertThat(ClientKeys.mask("abc")).isEqualTo("…");
    }

    @Test
    void masksNothingToNothing() {
        assertThat(ClientKeys.mask("")).isEmpty();
    }

    @Test
    void neverShowsMoreThanHalfOfAKey() {
        for (int length = 1; length <= 40; length++) {
            String key = "k".repeat(length);
            int shown = ClientKeys.mask(key).replace("…", "").length();
            assertThat(shown).as("characters shown of a %d-character key", length).isLessThanOrEqualTo(length / 2);
        }
    }
}
