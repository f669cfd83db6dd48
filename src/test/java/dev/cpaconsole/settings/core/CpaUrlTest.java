package dev.cpaconsole.settings.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CpaUrlTest {
    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8317", "https://cpa.example.com", " http://localhost:8317/ "})
    void acceptsHttpAddressesWithAHost(String url) {
        assertThat(CpaUrl.problem(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "127.0.0.1:8317", "ftp://cpa.local", "http://", "http://exa mple.com"})
    void explainsWhatIsWrongWithOtherText(String url) {
        assertThat(CpaUrl.problem(url)).isPresent();
    }
}
