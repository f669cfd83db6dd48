package dev.cpaconsole.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageQueueTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SimulatorFixture fixture = SimulatorFixture.start(b -> b.usageStatisticsEnabled(true));

    @AfterEach
    void close() {
        fixture.close();
    }

    private static String record(int n) {
        return "{\"request_id\":\"0000000" + n + "\",\"auth_index\":\"\",\"failed\":false}";
    }

    private JsonNode pop(String query) throws Exception {
        HttpResponse<String> response = fixture.mgmt("GET", "/usage-queue" + query);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void popsOldestFirstAndNeverTwice() throws Exception {
        for (int i = 1; i <= 3; i++) {
            fixture.sim.publish(record(i));
        }

        JsonNode first = pop("?count=2");
        JsonNode second = pop("?count=500");
        JsonNode third = pop("?count=5");

        assertThat(first).extracting(n -> n.get("request_id").asText()).containsExactly("00000001", "00000002");
        assertThat(second).extracting(n -> n.get("request_id").asText()).containsExactly("00000003");
        assertThat(third.isArray()).isTrue();
        assertThat(third).isEmpty();
    }

    @Test
    void countDefaultsToOne() throws Exception {
        fixture.sim.publish(record(1));
        fixture.sim.publish(record(2));

        assertThat(pop("")).hasSize(1);
        assertThat(fixture.sim.queuedCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "1.5", "9999999999999999999999"})
    void rejectsCountsThatAreNotPositiveIntegers(String count) {
        fixture.sim.publish(record(1));

        HttpResponse<String> response = fixture.mgmt("GET", "/usage-queue?count=" + count);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"count must be a positive integer\"}");
        assertThat(fixture.sim.queuedCount()).isEqualTo(1);
    }

    @Test
    void itemsExpireAfterRetentionMeasuredFromEnqueueTime() throws Exception {
        fixture.sim.setRetentionSeconds(60);
        fixture.sim.publish(record(1));
        fixture.clock.advance(Duration.ofSeconds(30));
        fixture.sim.publish(record(2));
        fixture.clock.advance(Duration.ofSeconds(31));

        JsonNode popped = pop("?count=10");

        assertThat(popped).extracting(n -> n.get("request_id").asText()).containsExactly("00000002");
    }

    @Test
    void retentionAtOrBelowZeroMeansSixtySeconds() throws Exception {
        fixture.sim.setRetentionSeconds(0);
        fixture.sim.publish(record(1));
        fixture.clock.advance(Duration.ofSeconds(59));

        assertThat(pop("?count=10")).hasSize(1);
    }

    @Test
    void retentionIsClampedToAnHour() {
        fixture.sim.setRetentionSeconds(100_000);
        fixture.sim.publish(record(1));
        fixture.clock.advance(Duration.ofSeconds(3601));

        assertThat(fixture.sim.queuedCount()).isZero();
    }

    @Test
    void nothingIsProducedWhileStatisticsAreOff() throws Exception {
        fixture.sim.setUsageStatisticsEnabled(false);
        fixture.sim.publish(record(1));

        assertThat(pop("?count=10")).isEmpty();
    }

    @Test
    void statisticsFlagIsReadAndWrittenThroughTheApi() throws Exception {
        HttpResponse<String> initially = fixture.mgmt("GET", "/usage-statistics-enabled");
        HttpResponse<String> put = fixture.mgmt("PUT", "/usage-statistics-enabled", "{\"value\":false}");
        HttpResponse<String> invalid = fixture.mgmt("PATCH", "/usage-statistics-enabled", "{\"value\":\"yes\"}");
        HttpResponse<String> missing = fixture.mgmt("PUT", "/usage-statistics-enabled", "{}");

        assertThat(initially.body()).isEqualTo("{\"usage-statistics-enabled\":true}");
        assertThat(put.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(fixture.sim.usageStatisticsEnabled()).isFalse();
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).isEqualTo("{\"error\":\"invalid body\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
    }

    @Test
    void statisticsAreOffByDefaultAsInCpa() {
        try (SimulatorFixture plain = SimulatorFixture.start()) {
            assertThat(plain.mgmt("GET", "/usage-statistics-enabled").body())
                    .isEqualTo("{\"usage-statistics-enabled\":false}");
        }
    }

    @Test
    void malformedItemIsReturnedAsJsonString() throws Exception {
        fixture.sim.publish("not json {");

        JsonNode popped = pop("");

        assertThat(popped.get(0).isTextual()).isTrue();
        assertThat(popped.get(0).asText()).isEqualTo("not json {");
    }

    @Test
    void recordsAreEmbeddedAsObjectsNotStrings() throws Exception {
        fixture.sim.publish("{\n  \"model\": \"gpt-5.4\",\n  \"fail\": {\"body\": \"<html>\"}\n}");

        HttpResponse<String> response = fixture.mgmt("GET", "/usage-queue");

        assertThat(response.body()).isEqualTo("[{\"model\":\"gpt-5.4\",\"fail\":{\"body\":\"\\u003chtml\\u003e\"}}]");
    }

    @Test
    void configReportsRetentionAndStatisticsButNoSecrets() throws Exception {
        fixture.sim.setRetentionSeconds(120);

        JsonNode config = JSON.readTree(fixture.mgmt("GET", "/config").body());

        assertThat(config.get("redis-usage-queue-retention-seconds").asInt()).isEqualTo(120);
        assertThat(config.get("usage-statistics-enabled").asBoolean()).isTrue();
        assertThat(config.has("request-retry")).isTrue();
        assertThat(config.get("routing").get("strategy").asText()).isEqualTo("round-robin");
        assertThat(config.has("api-keys")).isTrue();
        assertThat(config.has("host")).isFalse();
        assertThat(config.has("port")).isFalse();
        assertThat(config.has("auth-dir")).isFalse();
        assertThat(config.has("remote-management")).isFalse();
    }

    @Test
    void scalarTogglesFollowTheValuePattern() {
        HttpResponse<String> put = fixture.mgmt("PUT", "/request-retry", "{\"value\":5}");
        HttpResponse<String> get = fixture.mgmt("GET", "/request-retry");
        HttpResponse<String> wrongType = fixture.mgmt("PUT", "/request-retry", "{\"value\":true}");
        HttpResponse<String> badStrategy = fixture.mgmt("PUT", "/routing/strategy", "{\"value\":\"random\"}");

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("{\"request-retry\":5}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(badStrategy.body()).isEqualTo("{\"error\":\"invalid strategy\"}");
    }
}
