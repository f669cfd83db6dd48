package dev.cpaconsole.usage.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class RecordIdentityTest {

    @Test
    void reproducesTheExampleHashOfTheUnredactedRecord() throws Exception {
        JsonNode record = UsageJson.MAPPER.readTree(Examples.queueRecords().get(1));
        String expected = Examples.json("usage-queue.dedupe-key.example.json").get("raw_sha256").asText()
                .substring("raw:".length());

        assertThat(HexFormat.of().formatHex(RecordIdentity.hash(record))).isEqualTo(expected);
    }

    @Test
    void sortsKeysByCodePointAndEscapesLikePython() throws Exception {
        JsonNode node = UsageJson.MAPPER.readTree(
                "{\"z\":\"caf\\u00e9 \\u2028 \\ud83d\\ude00\", \"a\":[1, -2, {\"y\":null,\"b\":true}],"
                        + " \"ctl\":\"a\\\"b\\\\c\\n\\t\\u0001\\u007f/\", \"\\uff5e\":1, \"\\ud83d\\ude00\":2}");

        assertThat(RecordIdentity.canonical(node)).isEqualTo(
                "{\"a\":[1,-2,{\"b\":true,\"y\":null}],\"ctl\":\"a\\\"b\\\\c\\n\\t\\u0001\u007f/\","
                        + "\"z\":\"caf\u00e9 \u2028 \ud83d\ude00\",\"\uff5e\":1,\"\ud83d\ude00\":2}");
        // json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False) of the same object.
        assertThat(HexFormat.of().formatHex(RecordIdentity.hash(node)))
                .isEqualTo("00fe4718389af93f0e0bdc694280d9818331bef545fe21d82194ff3859e007ed");
    }

    @Test
    void ignoresKeyOrderAndWhitespace() throws Exception {
        JsonNode a = UsageJson.MAPPER.readTree("{\"b\": {\"y\": 2, \"x\": 1}, \"a\": [1, 2]}");
        JsonNode b = UsageJson.MAPPER.readTree("{\"a\":[1,2],\"b\":{\"x\":1,\"y\":2}}");

        assertThat(RecordIdentity.hash(a)).isEqualTo(RecordIdentity.hash(b)).hasSize(32);
    }

    @Test
    void keepsNumbersAsWritten() throws Exception {
        JsonNode node = UsageJson.MAPPER.readTree("{\"big\":123456789012345678901234567890,\"d\":1.50,\"n\":-7}");

        assertThat(RecordIdentity.canonical(node))
                .isEqualTo("{\"big\":123456789012345678901234567890,\"d\":1.50,\"n\":-7}");
    }

    @Test
    void distinguishesRecordsThatDifferInOneValue() throws Exception {
        ObjectNode record = (ObjectNode) UsageJson.MAPPER.readTree(Examples.queueRecords().get(1));
        ObjectNode changed = record.deepCopy().put("latency_ms", 6241);

        assertThat(RecordIdentity.hash(changed)).isNotEqualTo(RecordIdentity.hash(record));
    }
}
