package dev.cpaconsole.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{0,8}[1-9])?\\+08:00";
    private SimulatorFixture fixture = SimulatorFixture.start(b -> b.usageStatisticsEnabled(true));

    @AfterEach
    void close() {
        fixture.close();
    }

    private List<JsonNode> emit(int requests) {
        List<JsonNode> out = new ArrayList<>();
        for (String record : fixture.sim.traffic().emit(requests)) {
            try {
                out.add(JSON.readTree(record));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    private static long tokens(JsonNode record, String field) {
        return record.get("tokens").get(field).asLong();
    }

    private static void assertBreakdownConsistent(JsonNode record) {
        JsonNode breakdown = record.get("token_breakdown");
        JsonNode input = breakdown.get("input");
        JsonNode output = breakdown.get("output");
        assertThat(input.get("total_tokens").asLong()).isEqualTo(input.get("uncached_tokens").asLong()
                + input.get("cache_read_tokens").asLong() + input.get("cache_write_tokens").asLong());
        assertThat(output.get("total_tokens").asLong()).isEqualTo(output.get("non_reasoning_tokens").asLong()
                + output.get("reasoning_tokens").asLong());
        assertThat(breakdown.get("total_tokens").asLong()).isEqualTo(input.get("total_tokens").asLong()
                + output.get("total_tokens").asLong() + breakdown.get("unclassified_tokens").asLong());
        assertThat(breakdown.get("quality").asText()).isEqualTo("complete");
        assertThat(breakdown.get("unclassified_tokens").asLong()).isZero();
        assertThat(record.get("tokens").get("total_tokens").asLong()).isEqualTo(breakdown.get("total_tokens").asLong());
    }

    @Test
    void codexCountsCacheInsideInputAndReasoningInsideOutput() {
        fixture.sim.authFiles().addCodex("user@example.com", "plus");
        fixture.sim.traffic().setFailoverProbability(0);

        List<JsonNode> records = emit(40);

        assertThat(records).allSatisfy(record -> {
            assertThat(record.get("provider").asText()).isEqualTo("codex");
            JsonNode breakdown = record.get("token_breakdown");
            assertThat(tokens(record, "input_tokens")).isEqualTo(breakdown.get("input").get("total_tokens").asLong())
                    .isGreaterThanOrEqualTo(tokens(record, "cached_tokens"));
            assertThat(tokens(record, "output_tokens")).isEqualTo(breakdown.get("output").get("total_tokens").asLong())
                    .isGreaterThanOrEqualTo(tokens(record, "reasoning_tokens"));
            assertThat(tokens(record, "total_tokens"))
                    .isEqualTo(tokens(record, "input_tokens") + tokens(record, "output_tokens"));
            assertBreakdownConsistent(record);
        });
        assertThat(records).anyMatch(r -> tokens(r, "cached_tokens") > 0)
                .anyMatch(r -> tokens(r, "reasoning_tokens") > 0);
    }

    @Test
    void claudeKeepsInputCacheReadAndCacheCreationSeparate() {
        fixture.sim.authFiles().addClaude("dev@example.com");
        fixture.sim.traffic().setFailoverProbability(0);

        List<JsonNode> records = emit(40);

        assertThat(records).allSatisfy(record -> {
            JsonNode input = record.get("token_breakdown").get("input");
            assertThat(tokens(record, "input_tokens")).isEqualTo(input.get("uncached_tokens").asLong());
            assertThat(tokens(record, "cache_read_tokens")).isEqualTo(input.get("cache_read_tokens").asLong());
            assertThat(tokens(record, "cache_creation_tokens")).isEqualTo(input.get("cache_write_tokens").asLong());
            assertThat(tokens(record, "total_tokens")).isEqualTo(tokens(record, "input_tokens")
                    + tokens(record, "cache_read_tokens") + tokens(record, "cache_creation_tokens")
                    + tokens(record, "output_tokens"));
            assertBreakdownConsistent(record);
        });
        assertThat(records).anyMatch(r -> tokens(r, "cache_read_tokens") > tokens(r, "input_tokens"))
                .anyMatch(r -> tokens(r, "cache_creation_tokens") > 0);
    }

    @Test
    void geminiCountsCacheInsideInputAndReasoningOutsideOutput() {
        fixture.sim.authFiles().addGemini("g@example.com", "p-1");
        fixture.sim.traffic().setFailoverProbability(0);

        List<JsonNode> records = emit(40);

        assertThat(records).allSatisfy(record -> {
            JsonNode breakdown = record.get("token_breakdown");
            assertThat(tokens(record, "input_tokens")).isEqualTo(breakdown.get("input").get("total_tokens").asLong());
            assertThat(tokens(record, "output_tokens"))
                    .isEqualTo(breakdown.get("output").get("non_reasoning_tokens").asLong());
            assertThat(tokens(record, "total_tokens")).isEqualTo(tokens(record, "input_tokens")
                    + tokens(record, "output_tokens") + tokens(record, "reasoning_tokens"));
            assertBreakdownConsistent(record);
        });
        assertThat(records).anyMatch(r -> tokens(r, "reasoning_tokens") > 0 && tokens(r, "cached_tokens") > 0);
    }

    @Test
    void failoverSharesTheRequestIdAcrossAttempts() {
        fixture.sim.authFiles().addCodex("a@example.com", "plus");
        fixture.sim.authFiles().addCodex("b@example.com", "plus");
        fixture.sim.traffic().setFailoverProbability(1);

        List<JsonNode> records = emit(1);

        assertThat(records).hasSize(2);
        JsonNode failed = records.get(0);
        JsonNode retried = records.get(1);
        assertThat(failed.get("request_id").asText()).matches("[0-9a-f]{8}").isEqualTo(retried.get("request_id")
                .asText());
        assertThat(failed.get("failed").asBoolean()).isTrue();
        assertThat(failed.get("fail").get("status_code").asInt()).isIn(429, 401, 500);
        assertThat(failed.get("tokens").get("total_tokens").asLong()).isZero();
        assertThat(retried.get("failed").asBoolean()).isFalse();
        assertThat(retried.get("fail").toString()).isEqualTo("{\"status_code\":200,\"body\":\"\"}");
        assertThat(retried.get("auth_index").asText()).isNotEqualTo(failed.get("auth_index").asText());
        assertThat(OffsetDateTime.parse(retried.get("timestamp").asText()))
                .isAfter(OffsetDateTime.parse(failed.get("timestamp").asText()));
    }

    @Test
    void forcedFailoverUsesTheRequestedStatusAndMarksTheCredential() throws Exception {
        fixture.sim.authFiles().addCodex("a@example.com", "plus");
        fixture.sim.authFiles().addCodex("b@example.com", "plus");

        List<String> records = fixture.sim.traffic().emitFailover(401);

        JsonNode failed = JSON.readTree(records.get(0));
        assertThat(failed.get("fail").get("status_code").asInt()).isEqualTo(401);
        AuthFile marked = fixture.sim.authFiles().findByAuthIndex(failed.get("auth_index").asText()).orElseThrow();
        assertThat(marked.statusMessage()).isEqualTo("unauthorized");
        assertThat(marked.failed()).isEqualTo(1);
    }

    @Test
    void forcedCodexLimitCoolsTheModelDownUntilTheAdvertisedReset() throws Exception {
        fixture.sim.authFiles().addCodex("a@example.com", "plus");
        fixture.sim.authFiles().addCodex("b@example.com", "plus");

        JsonNode failed = JSON.readTree(fixture.sim.traffic().emitFailover(429).get(0));

        AuthFile limited = fixture.sim.authFiles().findByAuthIndex(failed.get("auth_index").asText()).orElseThrow();
        assertThat(failed.get("fail").get("body").asText()).contains("\"resets_in_seconds\":5400");
        assertThat(limited.nextRetryAfter()).isEqualTo(SimulatorFixture.T0.plusSeconds(5400));
    }

    @Test
    void randomFailuresAreThrottlingOrServerErrorsNeverRevokedTokens() {
        fixture.sim.authFiles().addCodex("a@example.com", "plus");
        fixture.sim.authFiles().addClaude("dev@example.com");
        fixture.sim.authFiles().addGemini("g@example.com", "p-1");
        fixture.sim.traffic().setFailoverProbability(1);

        List<JsonNode> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            records.addAll(emit(1));
            fixture.clock.advance(Duration.ofMinutes(2));
        }

        assertThat(records).filteredOn(r -> r.get("failed").asBoolean())
                .extracting(r -> r.get("fail").get("status_code").asInt())
                .contains(429).allMatch(status -> status == 429 || status >= 500);
    }

    @Test
    void timestampsCarryTheServerOffsetAndNanosecondsWithoutTrailingZeros() {
        fixture.sim.authFiles().addCodex("user@example.com", "plus");

        List<JsonNode> records = emit(60);

        Set<Integer> fractionLengths = new TreeSet<>();
        for (JsonNode record : records) {
            String timestamp = record.get("timestamp").asText();
            assertThat(timestamp).matches(TIMESTAMP);
            assertThat(OffsetDateTime.parse(timestamp).getOffset().getTotalSeconds()).isEqualTo(8 * 3600);
            int dot = timestamp.indexOf('.');
            fractionLengths.add(dot < 0 ? 0 : timestamp.indexOf('+') - dot - 1);
        }
        assertThat(fractionLengths).contains(9);
    }

    @Test
    void goTimestampDropsTrailingZerosAndWritesZForUtc() {
        assertThat(GoText.timestamp(java.time.Instant.parse("2026-08-22T06:05:09.500Z"),
                java.time.ZoneId.of("Asia/Shanghai"))).isEqualTo("2026-08-22T14:05:09.5+08:00");
        assertThat(GoText.timestamp(java.time.Instant.parse("2026-08-22T06:05:09Z"), java.time.ZoneOffset.UTC))
                .isEqualTo("2026-08-22T06:05:09Z");
    }

    @Test
    void currentShapeHasEveryFieldOfV72111() {
        fixture.sim.authFiles().addCodex("user@example.com", "plus");
        fixture.sim.setApiKeys(List.of("sk-demo-alice"));
        fixture.sim.traffic().setFailoverProbability(0);

        JsonNode record = emit(1).get(0);

        assertThat(record.get("accounting_version").asInt()).isEqualTo(2);
        assertThat(record.get("token_breakdown").get("schema_version").asInt()).isEqualTo(2);
        assertThat(record.get("tokens").get("cache_read_tokens_present").asBoolean()).isTrue();
        assertThat(record.get("access_token_sha256").asText()).matches("[0-9a-f]{64}");
        for (String field : List.of("ttft_ms", "client_ip", "x_forwarded_for", "user_agent", "generate", "fail",
                "executor_type", "alias", "reasoning_effort", "service_tier", "endpoint", "auth_type")) {
            assertThat(record.has(field)).as(field).isTrue();
        }
        assertThat(record.get("api_key").asText()).isEqualTo("sk-demo-alice");
        assertThat(record.get("auth_type").asText()).isEqualTo("oauth");
        assertThat(record.get("source").asText()).isEqualTo("user@example.com");
    }

    @Test
    void flatShapeOfV610HasOnlyTheOriginalFields() {
        fixture.sim.authFiles().addCodex("user@example.com", "plus");
        fixture.sim.traffic().setFailoverProbability(0);
        fixture.sim.traffic().setRecordShapeVersion("v6.10.5");

        JsonNode old = emit(1).get(0);
        fixture.sim.traffic().setRecordShapeVersion("v6.10.8");
        JsonNode withAlias = emit(1).get(0);

        assertThat(fieldNames(old)).containsExactly("timestamp", "latency_ms", "source", "auth_index", "tokens",
                "failed", "provider", "model", "endpoint", "auth_type", "api_key", "request_id");
        assertThat(fieldNames(old.get("tokens"))).containsExactly("input_tokens", "output_tokens",
                "reasoning_tokens", "cached_tokens", "total_tokens");
        assertThat(fieldNames(withAlias)).contains("alias").doesNotContain("fail", "token_breakdown");
    }

    @Test
    void shapeFollowsTheSimulatorVersionByDefault() {
        fixture.sim.setVersion("v6.10.5");

        JsonNode record = emit(1).get(0);

        assertThat(record.has("alias")).isFalse();
        assertThat(record.has("token_breakdown")).isFalse();
    }

    @Test
    void sameSeedAndClockGiveTheSameRecords() {
        fixture.sim.authFiles().addCodex("user@example.com", "plus");
        List<String> first = fixture.sim.traffic().emit(10);
        fixture.close();
        fixture = SimulatorFixture.start(b -> b.usageStatisticsEnabled(true));
        fixture.sim.authFiles().addCodex("user@example.com", "plus");

        assertThat(fixture.sim.traffic().emit(10)).isEqualTo(first);
    }

    @Test
    void recordsTakeThePublishPathAndCountOnTheCredential() {
        AuthFile file = fixture.sim.authFiles().addClaude("dev@example.com");
        fixture.sim.traffic().setFailoverProbability(0);

        fixture.sim.traffic().emit(3);
        fixture.sim.setUsageStatisticsEnabled(false);
        fixture.sim.traffic().emit(2);

        assertThat(fixture.sim.queuedCount()).isEqualTo(3);
        assertThat(fixture.sim.authFiles().find(file.name()).orElseThrow().success()).isEqualTo(5);
    }

    @Test
    void configApiKeysServeSomeRequestsAndAreCounted() throws Exception {
        fixture.sim.addUpstreamApiKey(new UpstreamApiKey("codex", "https://api.example.com/v1", "sk-up-1"));
        fixture.sim.traffic().setFailoverProbability(0);

        List<JsonNode> records = emit(5);
        JsonNode usage = JSON.readTree(fixture.mgmt("GET", "/api-key-usage").body());

        assertThat(records).allSatisfy(r -> {
            assertThat(r.get("auth_type").asText()).isEqualTo("apikey");
            assertThat(r.get("source").asText()).isEqualTo("sk-up-1");
        });
        JsonNode counters = usage.get("codex").get("https://api.example.com/v1|sk-up-1");
        assertThat(counters.get("success").asInt()).isEqualTo(5);
        assertThat(counters.get("recent_requests")).hasSize(20);
    }

    @Test
    void runningGeneratorProducesAtItsRate() {
        fixture.sim.authFiles().addCodex("user@example.com", "plus");
        fixture.sim.traffic().setRate(50);
        fixture.sim.traffic().start();

        SimulatorFixture.await("generated traffic", () -> fixture.sim.queuedCount() >= 3);
        fixture.sim.traffic().stop();

        assertThat(fixture.sim.traffic().isRunning()).isFalse();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
