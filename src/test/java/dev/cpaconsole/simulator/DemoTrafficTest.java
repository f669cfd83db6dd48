package dev.cpaconsole.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seeded demo under sustained traffic: it has to look like a healthy shared CPA for hours. */
class DemoTrafficTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SEEDED_DEAD = Set.of("expired@example.com");
    private static final String EXHAUSTED_TEAM = "team@example.com";

    /** Demo seed with a manual clock; the generator is driven by hand, never by its timer. */
    private final SimulatorFixture fixture = SimulatorFixture.start(b -> b.demo(true).trafficRate(0));

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Emits requests one by one as a client load of {@code perSecond} would, moving the clock along. */
    private List<JsonNode> run(int requests, double perSecond) {
        Duration step = Duration.ofNanos((long) (1_000_000_000L / perSecond));
        List<JsonNode> records = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            fixture.sim.traffic().emit(1).forEach(text -> records.add(parse(text)));
            fixture.clock.advance(step);
        }
        return records;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> oauthProviders(List<JsonNode> records) {
        return records.stream().filter(r -> r.get("auth_type").asText().equals("oauth"))
                .map(r -> r.get("provider").asText()).collect(Collectors.toSet());
    }

    private static long oauthShare(List<JsonNode> records) {
        return 100 * records.stream().filter(r -> r.get("auth_type").asText().equals("oauth")).count()
                / records.size();
    }

    @Test
    void sustainedTrafficStaysMostlyOnOauthAccountsOfEveryProvider() {
        List<JsonNode> records = run(3000, 20);
        List<JsonNode> lastMinute = records.subList(records.size() - 1200, records.size());

        assertThat(oauthProviders(records)).containsExactlyInAnyOrder("codex", "claude", "gemini");
        assertThat(oauthProviders(lastMinute)).containsExactlyInAnyOrder("codex", "claude", "gemini");
        assertThat(oauthShare(records)).isBetween(80L, 95L);
        assertThat(oauthShare(lastMinute)).isBetween(80L, 95L);
    }

    @Test
    void failoversStillHappenAndShareTheRequestId() {
        List<JsonNode> records = run(3000, 20);

        Map<String, List<JsonNode>> byRequest = records.stream()
                .collect(Collectors.groupingBy(r -> r.get("request_id").asText()));
        List<List<JsonNode>> failovers = byRequest.values().stream()
                .filter(attempts -> attempts.size() == 2)
                .filter(attempts -> attempts.get(0).get("failed").asBoolean()
                        && !attempts.get(1).get("failed").asBoolean())
                .toList();

        assertThat(failovers).isNotEmpty();
        assertThat(records).filteredOn(r -> r.get("failed").asBoolean())
                .extracting(r -> r.get("fail").get("status_code").asInt())
                .contains(429).allMatch(status -> status == 429 || status >= 500);
    }

    @Test
    void randomFailoversNeverLeaveADemoAccountUnavailable() {
        fixture.sim.traffic().setFailoverProbability(0.3);
        run(600, 20);
        fixture.sim.traffic().setFailoverProbability(0.01);

        fixture.clock.advance(Duration.ofMinutes(2));
        List<JsonNode> afterwards = run(600, 20);

        assertThat(fixture.sim.authFiles().list())
                .filteredOn(f -> !SEEDED_DEAD.contains(f.email()) && !f.email().equals(EXHAUSTED_TEAM))
                .hasSize(4)
                .allSatisfy(f -> assertThat(f.unavailable()).as(f.name()).isFalse());
        assertThat(afterwards).extracting(r -> r.get("source").asText())
                .contains("user@example.com", "pro@example.com", "dev@example.com", "research@example.com");
    }

    @Test
    void seededExhaustedTeamAccountServesAgainAtItsResetTimeWhileTheExpiredOneStaysOut() {
        List<JsonNode> before = run(200, 2);
        fixture.clock.advance(Duration.ofMinutes(90));
        List<JsonNode> after = run(400, 2);

        assertThat(before).extracting(r -> r.get("source").asText())
                .doesNotContain(EXHAUSTED_TEAM, "expired@example.com");
        assertThat(after).extracting(r -> r.get("source").asText())
                .contains(EXHAUSTED_TEAM).doesNotContain("expired@example.com");
        AuthFile team = fixture.sim.authFiles().list().stream().filter(f -> f.email().equals(EXHAUSTED_TEAM))
                .findFirst().orElseThrow();
        AuthFile expired = fixture.sim.authFiles().list().stream().filter(f -> f.email().equals("expired@example.com"))
                .findFirst().orElseThrow();
        assertThat(team.unavailable()).isFalse();
        assertThat(expired.unavailable()).isTrue();
        assertThat(expired.statusMessage()).isEqualTo("unauthorized");
    }
}
