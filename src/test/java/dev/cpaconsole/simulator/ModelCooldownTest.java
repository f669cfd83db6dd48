package dev.cpaconsole.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CPA keeps cooldowns per credential and model; a failed attempt never takes the whole account out. */
class ModelCooldownTest {
    private final SimulatorFixture fixture = SimulatorFixture.start();
    private final AuthFiles files = fixture.sim.authFiles();
    private final AuthFile plus = files.addCodex("user@example.com", "plus");

    @AfterEach
    void close() {
        fixture.close();
    }

    private Instant now() {
        return fixture.clock.instant();
    }

    private List<String> servableModels() {
        return files.available(now()).stream().filter(c -> c.authIndex().equals(plus.authIndex()))
                .flatMap(c -> c.models().stream()).map(ModelCatalog.Model::id).toList();
    }

    private AuthFile plus() {
        return files.find(plus.name()).orElseThrow();
    }

    @Test
    void aFailedAttemptCoolsDownOnlyThatModel() {
        files.markAttemptSucceeded(plus.authIndex(), "gpt-5.4-mini", now());

        files.markAttemptFailed(plus.authIndex(), 500, "gpt-5.4", now(), null);

        assertThat(servableModels()).containsExactly("gpt-5.4-mini");
        assertThat(plus().unavailable()).isFalse();
        assertThat(plus().nextRetryAfter()).isNull();
        assertThat(plus().status()).isEqualTo("error");
        assertThat(plus().statusMessage()).isEqualTo("transient upstream error");
    }

    @Test
    void serverErrorCooldownEndsAfterOneMinuteAndASuccessMakesTheAccountActive() {
        files.markAttemptSucceeded(plus.authIndex(), "gpt-5.4-mini", now());
        files.markAttemptFailed(plus.authIndex(), 503, "gpt-5.4", now(), null);

        fixture.clock.advance(Duration.ofSeconds(59));
        List<String> justBefore = servableModels();
        fixture.clock.advance(Duration.ofSeconds(1));
        List<String> after = servableModels();
        String statusBeforeSuccess = plus().status();
        files.markAttemptSucceeded(plus.authIndex(), "gpt-5.4", now());

        assertThat(justBefore).containsExactly("gpt-5.4-mini");
        assertThat(after).containsExactly("gpt-5.4", "gpt-5.4-mini");
        assertThat(statusBeforeSuccess).isEqualTo("error");
        assertThat(plus().status()).isEqualTo("active");
        assertThat(plus().statusMessage()).isEmpty();
    }

    @Test
    void accountIsUnavailableOnlyWhileEveryModelItServedCoolsDown() {
        files.markAttemptFailed(plus.authIndex(), 429, "gpt-5.4", now(), null);
        boolean afterFirstModel = plus().unavailable();
        files.markAttemptSucceeded(plus.authIndex(), "gpt-5.4-mini", now());

        assertThat(afterFirstModel).isTrue();
        assertThat(plus().unavailable()).isFalse();
        assertThat(servableModels()).containsExactly("gpt-5.4-mini");
    }

    @Test
    void hintless429BacksOffFromOneSecondDoublingUntilASuccess() {
        Instant start = now();
        files.markAttemptFailed(plus.authIndex(), 429, "gpt-5.4", now(), null);
        Instant first = plus().nextRetryAfter();
        fixture.clock.advance(Duration.ofSeconds(1));
        files.markAttemptFailed(plus.authIndex(), 429, "gpt-5.4", now(), null);
        Instant second = plus().nextRetryAfter();
        fixture.clock.advance(Duration.ofSeconds(2));
        files.markAttemptSucceeded(plus.authIndex(), "gpt-5.4", now());
        files.markAttemptFailed(plus.authIndex(), 429, "gpt-5.4", now(), null);

        assertThat(first).isEqualTo(start.plusSeconds(1));
        assertThat(second).isEqualTo(start.plusSeconds(1 + 2));
        assertThat(plus().nextRetryAfter()).isEqualTo(now().plusSeconds(1));
        assertThat(plus().statusMessage()).isEqualTo("quota exhausted");
    }

    @Test
    void retryHintOf429SetsTheCooldown() {
        files.markAttemptFailed(plus.authIndex(), 429, "gpt-5.4", now(), Duration.ofMinutes(90));

        assertThat(plus().nextRetryAfter()).isEqualTo(now().plus(Duration.ofMinutes(90)));
    }

    @Test
    void unauthorizedModelRecoversAfterThirtyMinutes() {
        files.markAttemptFailed(plus.authIndex(), 401, "gpt-5.4", now(), null);
        files.markAttemptFailed(plus.authIndex(), 401, "gpt-5.4-mini", now(), null);
        boolean whileCooling = plus().unavailable();

        fixture.clock.advance(Duration.ofMinutes(30));

        assertThat(whileCooling).isTrue();
        assertThat(plus().unavailable()).isFalse();
        assertThat(servableModels()).containsExactly("gpt-5.4", "gpt-5.4-mini");
    }

    @Test
    void resetQuotaListsOnlyModelsWithAnError() {
        files.markAttemptSucceeded(plus.authIndex(), "gpt-5.4-mini", now());
        files.markAttemptFailed(plus.authIndex(), 429, "gpt-5.4", now(), null);

        assertThat(files.resetQuota(plus.authIndex())).contains(List.of("gpt-5.4"));
        assertThat(plus().status()).isEqualTo("active");
        assertThat(servableModels()).containsExactly("gpt-5.4", "gpt-5.4-mini");
    }

    @Test
    void restartForgetsModelCooldowns() {
        files.markAttemptFailed(plus.authIndex(), 401, "gpt-5.4", now(), null);

        fixture.sim.restart();

        assertThat(plus().unavailable()).isFalse();
        assertThat(servableModels()).containsExactly("gpt-5.4", "gpt-5.4-mini");
    }
}
