package dev.cpaconsole.usage.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsageRecordReaderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ALICE = "sk-test-client-alice-0001";
    private static final String V6_10_8_RECORD = Examples.text("usage-queue.v6.10.8-record.json");

    private static UsageEvent accepted(String text) {
        ReadOutcome outcome = UsageRecordReader.read(text);
        assertThat(outcome).isInstanceOf(ReadOutcome.Accepted.class);
        return ((ReadOutcome.Accepted) outcome).event();
    }

    private static ReadOutcome.Rejected rejected(String text) {
        ReadOutcome outcome = UsageRecordReader.read(text);
        assertThat(outcome).isInstanceOf(ReadOutcome.Rejected.class);
        return (ReadOutcome.Rejected) outcome;
    }

    private static ObjectNode exampleRecord(int index) throws Exception {
        return (ObjectNode) MAPPER.readTree(Examples.queueRecords().get(index));
    }

    private static long nanos(String instant) {
        return CpaTimestamps.toEpochNanos(Instant.parse(instant));
    }

    @Nested
    class CurrentRecords {

        @Test
        void readsAFailedAttemptWithItsStatus() {
            UsageEvent event = accepted(Examples.queueRecords().get(0));

            assertThat(event.timestampNanos()).isEqualTo(nanos("2026-08-22T06:05:07.104318822Z"));
            assertThat(event.failed()).isTrue();
            assertThat(event.statusCode()).isEqualTo(429);
            assertThat(event.tokens()).isEqualTo(new TokenBuckets(0, 0, 0, 0, 0, 0, 0, false,
                    TokenAccountingSource.BREAKDOWN));
            assertThat(event.requestId()).isEqualTo("3fa94c1e");
        }

        @Test
        void readsEveryFieldOfASuccessfulCodexAttempt() {
            UsageEvent event = accepted(Examples.queueRecords().get(1));

            assertThat(event.timestampNanos()).isEqualTo(nanos("2026-08-22T06:05:07.931007415Z"));
            assertThat(event.provider()).isEqualTo("codex");
            assertThat(event.model()).isEqualTo("gpt-5.4");
            assertThat(event.alias()).isEqualTo("gpt-5.4");
            assertThat(event.endpoint()).isEqualTo("POST /v1/responses");
            assertThat(event.authType()).isEqualTo("oauth");
            assertThat(event.authIndex()).isEqualTo("755481f9d70ed642");
            assertThat(event.source()).isEqualTo("user@example.com");
            assertThat(event.failed()).isFalse();
            assertThat(event.statusCode()).isEqualTo(200);
            assertThat(event.latencyMs()).isEqualTo(6240);
            assertThat(event.ttftMs()).isEqualTo(1310);
            assertThat(event.reasoningEffort()).isEqualTo("medium");
            assertThat(event.serviceTier()).isEqualTo("auto");
            assertThat(event.clientIp()).isEqualTo("192.0.2.10");
            assertThat(event.userAgent()).startsWith("codex_cli_rs/0.120.0");
            assertThat(event.tokens()).isEqualTo(new TokenBuckets(1_216, 11_264, 0, 463, 192, 0, 13_135, false,
                    TokenAccountingSource.BREAKDOWN));
        }

        @Test
        void readsTheClaudeBreakdownWithCacheWrites() {
            UsageEvent event = accepted(Examples.queueRecords().get(2));

            assertThat(event.timestampNanos()).isEqualTo(nanos("2026-08-22T06:05:09.500Z"));
            assertThat(event.tokens()).isEqualTo(new TokenBuckets(50, 20_000, 1_500, 400, 0, 0, 21_950, false,
                    TokenAccountingSource.BREAKDOWN));
            assertThat(event.clientKeyMasked()).isEqualTo("sk-t…0002");
        }

        @Test
        void replacesTheClientKeyByItsHashInTheStoredRecord() throws Exception {
            UsageEvent event = accepted(Examples.queueRecords().get(1));

            assertThat(event.clientKeyHash()).isEqualTo(ClientKeys.hash(ALICE));
            assertThat(event.clientKeyMasked()).isEqualTo("sk-t…0001");
            assertThat(event.storedRecord()).doesNotContain(ALICE);
            JsonNode stored = MAPPER.readTree(event.storedRecord());
            assertThat(stored.get("api_key").asText()).isEqualTo(ClientKeys.hash(ALICE));
            assertThat(stored.get("token_breakdown")).isEqualTo(exampleRecord(1).get("token_breakdown"));
        }

        @Test
        void identifiesTheRecordByTheHashOfItsRedactedCanonicalForm() throws Exception {
            UsageEvent event = accepted(Examples.queueRecords().get(1));
            ObjectNode redacted = exampleRecord(1).put("api_key", ClientKeys.hash(ALICE));

            assertThat(event.storedRecord()).isEqualTo(RecordIdentity.canonical(redacted));
            assertThat(HexFormat.of().formatHex(event.recordHash()))
                    .isEqualTo(HexFormat.of().formatHex(RecordIdentity.hash(redacted)));
        }

        @Test
        void anUpstreamKeyReportedAsTheSourceOfAnApiKeyCredentialIsStoredMasked() throws Exception {
            String upstreamKey = "sk-upstream-provider-secret-9876";
            UsageEvent event = accepted(exampleRecord(1).put("auth_type", "apikey").put("source", upstreamKey)
                    .toString());

            assertThat(event.source()).isEqualTo("sk-u…9876");
            assertThat(event.storedRecord()).doesNotContain(upstreamKey);
            assertThat(MAPPER.readTree(event.storedRecord()).get("source").asText()).isEqualTo("sk-u…9876");
        }

        @Test
        void anOauthSourceIsKeptAsCpaSentIt() throws Exception {
            UsageEvent event = accepted(Examples.queueRecords().get(1));

            assertThat(event.source()).isEqualTo("user@example.com");
        }

        @Test
        void aRecordWithoutClientKeyHasNoKeyHash() throws Exception {
            UsageEvent event = accepted(exampleRecord(1).put("api_key", "").toString());

            assertThat(event.hasClientKey()).isFalse();
            assertThat(event.clientKeyMasked()).isEmpty();
        }
    }

    @Nested
    class OlderRecords {

        @Test
        void readsTheV6108RecordWithProviderRules() {
            UsageEvent event = accepted(V6_10_8_RECORD);

            assertThat(event.timestampNanos()).isEqualTo(nanos("2026-05-05T02:11:12.345678901Z"));
            assertThat(event.tokens()).isEqualTo(new TokenBuckets(388, 512, 0, 56, 64, 0, 1_020, false,
                    TokenAccountingSource.PROVIDER_RULES));
            assertThat(event.statusCode()).isNull();
            assertThat(event.ttftMs()).isNull();
            assertThat(event.reasoningEffort()).isEmpty();
        }

        @Test
        void anAbsentAliasFallsBackToTheModel() throws Exception {
            ObjectNode record = (ObjectNode) MAPPER.readTree(V6_10_8_RECORD);
            record.remove("alias");

            assertThat(accepted(record.toString()).alias()).isEqualTo("gpt-5.4");
        }

        @Test
        void aNumericAuthIndexOfOldBuildsIsKeptAsItsDigits() throws Exception {
            ObjectNode record = ((ObjectNode) MAPPER.readTree(V6_10_8_RECORD)).put("auth_index", 3);

            assertThat(accepted(record.toString()).authIndex()).isEqualTo("3");
        }

        @Test
        void aMinimalRecordTakesCpaDefaults() {
            UsageEvent event = accepted("{\"timestamp\":\"2026-05-05T10:11:12Z\"}");

            assertThat(event.provider()).isEqualTo("unknown");
            assertThat(event.model()).isEqualTo("unknown");
            assertThat(event.authType()).isEqualTo("unknown");
            assertThat(event.tokens().total()).isZero();
            assertThat(event.failed()).isFalse();
        }
    }

    @Nested
    class StringElements {

        @Test
        void aJsonStringHoldingARecordIsThatRecord() throws Exception {
            String asString = MAPPER.writeValueAsString(Examples.queueRecords().get(1));

            UsageEvent fromString = accepted(asString);
            UsageEvent fromObject = accepted(Examples.queueRecords().get(1));
            assertThat(fromString.recordHash()).isEqualTo(fromObject.recordHash());
            assertThat(fromString.timestampNanos()).isEqualTo(fromObject.timestampNanos());
        }

        @Test
        void aJsonStringHoldingAnythingElseIsRejected() {
            ReadOutcome.Rejected rejected = rejected("\"not a record\"");

            assertThat(rejected.reason()).isEqualTo("a JSON string, not a record object");
            assertThat(rejected.payload()).isEqualTo("\"not a record\"");
        }

        @Test
        void aRejectedRecordInsideAStringHasItsKeyRedacted() throws Exception {
            ObjectNode record = exampleRecord(1).put("failed", "no");

            ReadOutcome.Rejected rejected = rejected(MAPPER.writeValueAsString(record.toString()));

            assertThat(rejected.reason()).isEqualTo("failed is not a boolean");
            assertThat(rejected.payload()).doesNotContain(ALICE).contains(ClientKeys.hash(ALICE));
        }
    }

    @Nested
    class Control {

        @Test
        void recognisesTheSubscriptionControlMessages() {
            assertThat(UsageRecordReader.read("{\"support_refresh\":true}"))
                    .isEqualTo(new ReadOutcome.Control("support_refresh"));
            assertThat(UsageRecordReader.read("{\"refresh\":true}")).isEqualTo(new ReadOutcome.Control("refresh"));
        }
    }

    @Nested
    class Rejections {

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"timestamp\":                        | not JSON",
            "{} {}                                  | not JSON",
            "``                                     | empty item",
            "[1,2]                                  | not a JSON object but an array",
            "42                                     | not a JSON object but a number",
            "null                                   | not a JSON object but null",
            "{\"model\":\"gpt-5\"}                  | timestamp is missing",
            "{\"timestamp\":1755842707}             | timestamp is not a string",
            "{\"timestamp\":\"yesterday\"}          | timestamp is not an RFC 3339 timestamp: 'yesterday'",
        })
        void rejectsItemsThatAreNotRecords(String text, String reason) {
            assertThat(rejected(text).reason()).isEqualTo(reason);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "failed       | \"true\"     | failed is not a boolean",
            "model        | 5            | model is not a string",
            "provider     | false        | provider is not a string",
            "latency_ms   | \"fast\"     | latency_ms is not an integer",
            "tokens       | [1]          | tokens is not an object",
            "fail         | \"oops\"     | fail is not an object",
            "api_key      | 7            | api_key is not a string",
            "auth_index   | {}           | auth_index is not a string",
        })
        void rejectsFieldsOfTheWrongType(String field, String value, String reason) throws Exception {
            ObjectNode record = exampleRecord(1);
            record.set(field, MAPPER.readTree(value));

            assertThat(rejected(record.toString()).reason()).isEqualTo(reason);
        }

        @Test
        void rejectsTokenCountsThatAreNotIntegers() throws Exception {
            ObjectNode record = exampleRecord(1);
            ((ObjectNode) record.get("tokens")).put("input_tokens", "12480");

            assertThat(rejected(record.toString()).reason()).isEqualTo("tokens.input_tokens is not an integer");
        }

        @Test
        void rejectsAStatusCodeThatIsNotAnInteger() throws Exception {
            ObjectNode record = exampleRecord(1);
            ((ObjectNode) record.get("fail")).put("status_code", "200");

            assertThat(rejected(record.toString()).reason()).isEqualTo("fail.status_code is not an integer");
        }

        @Test
        void redactsTheClientKeyOfARejectedRecord() throws Exception {
            ObjectNode record = exampleRecord(1);
            record.remove("timestamp");

            ReadOutcome.Rejected rejected = rejected(record.toString());

            assertThat(rejected.payload()).doesNotContain(ALICE).contains(ClientKeys.hash(ALICE));
            assertThat(MAPPER.readTree(rejected.payload()).get("model").asText()).isEqualTo("gpt-5.4");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"k\":\"sk-hidden-in-object-0001\"}", "[\"sk-hidden-in-object-0001\"]"})
        void aClientKeyOfTheWrongTypeIsRejectedAndStillRedacted(String value) throws Exception {
            ObjectNode record = exampleRecord(1);
            record.set("api_key", MAPPER.readTree(value));

            ReadOutcome.Rejected rejected = rejected(record.toString());

            assertThat(rejected.reason()).isEqualTo("api_key is not a string");
            assertThat(rejected.payload()).doesNotContain("sk-hidden-in-object-0001");
        }

        @Test
        void redactsClientKeysOfRecordsInsideAnArray() {
            String array = "[{\"api_key\":\"" + ALICE + "\"},{\"api_key\":{\"k\":\"" + ALICE + "\"}}]";

            ReadOutcome.Rejected rejected = rejected(array);

            assertThat(rejected.reason()).isEqualTo("not a JSON object but an array");
            assertThat(rejected.payload()).doesNotContain(ALICE).contains(ClientKeys.hash(ALICE));
        }

        @Test
        void redactsAClientKeyFoundInTextThatIsNotJson() {
            String broken = "{\"model\":\"gpt-5\",\"api_key\":\"" + ALICE + "\",\"tokens\":{";

            ReadOutcome.Rejected rejected = rejected(broken);

            assertThat(rejected.reason()).isEqualTo("not JSON");
            assertThat(rejected.payload())
                    .isEqualTo("{\"model\":\"gpt-5\",\"api_key\":\"" + ClientKeys.hash(ALICE) + "\",\"tokens\":{");
        }

        @Test
        void redactsAClientKeyCutOffAtTheEndOfTheText() {
            ReadOutcome.Rejected rejected = rejected("{\"api_key\":\"" + ALICE.substring(0, 12));

            assertThat(rejected.payload()).doesNotContain(ALICE.substring(0, 12));
        }

        @Test
        void redactsKeysInsideArrays() {
            ReadOutcome.Rejected rejected = rejected("[{\"api_key\":\"" + ALICE + "\"}]");

            assertThat(rejected.payload()).doesNotContain(ALICE);
        }

        @Test
        void neverThrowsOnOddInput() {
            List<String> odd = List.of("\u0000", "{\"timestamp\":\"2300-01-01T00:00:00Z\"}", "[[[[[[[[[[",
                    "{\"timestamp\":\"2026-05-05T10:11:12Z\",\"tokens\":{\"input_tokens\":1e400}}",
                    "{\"timestamp\":\"2026-05-05T10:11:12Z\",\"tokens\":{\"input_tokens\":99999999999999999999}}",
                    "{\"timestamp\":\"2026-05-05T10:11:12Z\",\"tokens\":{\"input_tokens\":9223372036854775807,"
                            + "\"output_tokens\":9223372036854775807}}");

            for (String text : odd) {
                assertThat(UsageRecordReader.read(text)).as(text).isInstanceOf(ReadOutcome.Rejected.class);
            }
        }
    }

    @Nested
    class Breakdowns {

        @Test
        void anUnreadableBreakdownFallsBackToTheFlatCountsFlagged() throws Exception {
            ObjectNode record = exampleRecord(1);
            ((ObjectNode) record.get("token_breakdown").get("input")).put("uncached_tokens", "many");

            UsageEvent event = accepted(record.toString());

            assertThat(event.tokens()).isEqualTo(new TokenBuckets(1_216, 11_264, 0, 463, 192, 0, 13_135, true,
                    TokenAccountingSource.PROVIDER_RULES));
        }

        @Test
        void aContradictoryBreakdownIsFlagged() throws Exception {
            ObjectNode record = exampleRecord(1);
            ((ObjectNode) record.get("token_breakdown").get("output")).put("reasoning_tokens", 300);

            assertThat(accepted(record.toString()).tokens().inconsistent()).isTrue();
        }
    }
}
