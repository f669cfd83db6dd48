package dev.cpaconsole.usage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageImportReaderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-09-01T00:00:00Z");
    private static final String ALICE = "sk-test-client-alice-0001";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static List<ReceivedItem> readAll(Path file) {
        List<ReceivedItem> items = new ArrayList<>();
        try (UsageImportReader reader = UsageImportReader.open(file, NOW)) {
            reader.forEachRemaining(items::add);
        }
        return items;
    }

    private static UsageImportReader.Format formatOf(Path file) {
        try (UsageImportReader reader = UsageImportReader.open(file, NOW)) {
            return reader.format();
        }
    }

    private static UsageEvent event(ReceivedItem item) {
        ReadOutcome outcome = UsageRecordReader.read(item.text());
        assertThat(outcome).isInstanceOf(ReadOutcome.Accepted.class);
        return ((ReadOutcome.Accepted) outcome).event();
    }

    private static byte[] hashOf(String recordText) {
        return ((ReadOutcome.Accepted) UsageRecordReader.read(recordText)).event().recordHash();
    }

    @Test
    void readsEachElementOfASavedQueueResponse() throws IOException {
        Path file = write("saved.txt", Examples.text("usage-queue.response.json"));

        List<ReceivedItem> items = readAll(file);

        assertThat(formatOf(file)).isEqualTo(UsageImportReader.Format.QUEUE_ARRAY);
        assertThat(items).hasSize(3);
        assertThat(items).extracting(ReceivedItem::origin).containsOnly(Origin.IMPORT);
        assertThat(items).extracting(ReceivedItem::receivedAt).containsOnly(NOW);
        for (int i = 0; i < 3; i++) {
            assertThat(event(items.get(i)).recordHash()).isEqualTo(hashOf(Examples.queueRecords().get(i)));
        }
    }

    @Test
    void keepsStringElementsOfAQueueResponseForTheReader() throws IOException {
        String record = Examples.queueRecords().get(1);
        Path file = write("strings.json", "[" + MAPPER.writeValueAsString(record) + ", 17]");

        List<ReceivedItem> items = readAll(file);

        assertThat(items).hasSize(2);
        assertThat(event(items.get(0)).recordHash()).isEqualTo(hashOf(record));
        assertThat(items.get(1).text()).isEqualTo("17");
    }

    @Test
    void readsJsonLinesSkippingBlankLinesAndKeepingBrokenOnes() throws IOException {
        List<String> records = Examples.queueRecords();
        Path file = write("records.json", "\uFEFF" + records.get(0) + "\n\n" + records.get(1) + "\r\n"
                + "{\"timestamp\": broken\n   \n" + records.get(2) + "\n");

        List<ReceivedItem> items = readAll(file);

        assertThat(formatOf(file)).isEqualTo(UsageImportReader.Format.JSON_LINES);
        assertThat(items).extracting(ReceivedItem::text)
                .containsExactly(records.get(0), records.get(1), "{\"timestamp\": broken", records.get(2));
    }

    @Test
    void recognisesJsonLinesWhoseFirstLineIsBroken() throws IOException {
        Path file = write("records.jsonl", "oops\n" + Examples.queueRecords().get(0) + "\n");

        assertThat(readAll(file)).extracting(ReceivedItem::text)
                .containsExactly("oops", Examples.queueRecords().get(0));
    }

    @Test
    void readsASingleRecordSpreadOverSeveralLines() throws IOException {
        Path file = write("one.json", Examples.text("usage-queue.v6.10.8-record.json"));

        List<ReceivedItem> items = readAll(file);

        assertThat(items).hasSize(1);
        assertThat(event(items.get(0)).model()).isEqualTo("gpt-5.4");
    }

    @Test
    void turnsLegacyExportDetailsIntoRecords() throws IOException {
        Path file = write("export.bin", Examples.text("legacy-usage-export.response.json"));

        List<ReceivedItem> items = readAll(file);

        assertThat(formatOf(file)).isEqualTo(UsageImportReader.Format.LEGACY_SNAPSHOT);
        assertThat(items).hasSize(2);
        JsonNode first = MAPPER.readTree(items.get(0).text());
        assertThat(first.get("api_key").asText()).isEqualTo(ALICE);
        assertThat(first.get("model").asText()).isEqualTo("gpt-5.4");
        assertThat(first.get("timestamp").asText()).isEqualTo("2026-04-30T09:12:01.482113+08:00");
        assertThat(first.get("latency_ms").asInt()).isEqualTo(5120);
        assertThat(first.get("source").asText()).isEqualTo("user@example.com");
        assertThat(first.get("auth_index").asText()).isEqualTo("755481f9d70ed642");
        assertThat(first.has("provider")).isFalse();

        UsageEvent success = event(items.get(0));
        assertThat(success.clientKeyHash()).isEqualTo(ClientKeys.hash(ALICE));
        assertThat(success.provider()).isEqualTo("unknown");
        assertThat(success.tokens()).isEqualTo(new TokenBuckets(776, 1024, 0, 292, 128, 0, 2220, false,
                TokenAccountingSource.PROVIDER_RULES));
        UsageEvent failure = event(items.get(1));
        assertThat(failure.failed()).isTrue();
        assertThat(failure.authIndex()).isEqualTo("ea8c7b6e9b336a3c");
        assertThat(failure.timestampNanos())
                .isEqualTo(CpaTimestamps.toEpochNanos(Instant.parse("2026-04-30T01:20:44.007Z")));
    }

    @Test
    void aSavedUsageResponseGivesTheSameRecordsAsTheExport() throws IOException {
        List<ReceivedItem> fromExport = readAll(write("a.json", Examples.text("legacy-usage-export.response.json")));
        List<ReceivedItem> fromResponse = readAll(write("b.json", Examples.text("legacy-usage.response.json")));

        assertThat(fromResponse).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(event(fromResponse.get(i)).recordHash()).isEqualTo(event(fromExport.get(i)).recordHash());
        }
    }

    @Test
    void legacyRequestsWithoutClientKeyKeepTheirEndpointOrProvider() throws IOException {
        String detail = "{\"timestamp\":\"2026-04-30T09:12:01+08:00\",\"tokens\":{\"total_tokens\":5},"
                + "\"failed\":false}";
        String snapshot = "{\"failed_requests\":0,\"usage\":{\"total_requests\":2,\"apis\":{"
                + "\"POST /v1/chat/completions\":{\"models\":{\"gpt-5\":{\"details\":[" + detail + "]}}},"
                + "\"claude\":{\"models\":{\"claude-sonnet-4-6\":{\"details\":[" + detail + "]}}}}}}";

        List<ReceivedItem> items = readAll(write("snapshot.json", snapshot));

        assertThat(items).hasSize(2);
        UsageEvent byEndpoint = event(items.get(0));
        assertThat(byEndpoint.endpoint()).isEqualTo("POST /v1/chat/completions");
        assertThat(byEndpoint.hasClientKey()).isFalse();
        UsageEvent byProvider = event(items.get(1));
        assertThat(byProvider.provider()).isEqualTo("claude");
        assertThat(byProvider.hasClientKey()).isFalse();
    }

    @Test
    void findsDetailsWhereverTheSnapshotPutsItsOtherFields() throws IOException {
        String snapshot = "{\"usage\":{\"requests_by_day\":{\"2026-04-30\":1},\"apis\":{\"sk-a-key-0123456789\":{"
                + "\"models\":{\"m\":{\"total_requests\":1,\"details\":[{\"timestamp\":\"2026-04-30T09:12:01Z\","
                + "\"usage\":{\"apis\":{}}}, \"not a detail\"]}},\"total_tokens\":0}}},\"version\":1,"
                + "\"exported_at\":\"2026-04-30T02:00:00Z\"}";

        List<ReceivedItem> items = readAll(write("odd.json", snapshot));

        assertThat(items).hasSize(2);
        assertThat(event(items.get(0)).model()).isEqualTo("m");
        assertThat(UsageRecordReader.read(items.get(1).text())).isInstanceOf(ReadOutcome.Rejected.class);
    }

    @Test
    void anEmptyFileHasNoItems() throws IOException {
        assertThat(readAll(write("empty.json", ""))).isEmpty();
        assertThat(readAll(write("empty-array.json", "[]"))).isEmpty();
    }

    @Test
    void aMissingFileIsReportedClearly() {
        Path missing = dir.resolve("missing.json");

        assertThatThrownBy(() -> UsageImportReader.open(missing, NOW))
                .isInstanceOf(UsageImportException.class)
                .hasMessage("Cannot import " + missing + ": no such file");
    }

    @Test
    void aDirectoryIsReportedClearly() {
        assertThatThrownBy(() -> UsageImportReader.open(dir, NOW))
                .isInstanceOf(UsageImportException.class)
                .hasMessage("Cannot import " + dir + ": it is a directory");
    }

    @Test
    void aFileWithoutUsageIsRefused() throws IOException {
        Path text = write("notes.txt", "these are my notes\nnothing here\n");

        assertThatThrownBy(() -> UsageImportReader.open(text, NOW))
                .isInstanceOf(UsageImportException.class)
                .hasMessageContaining("not a usage file");
    }

    @Test
    void aTruncatedArrayStopsWithItsPosition() throws IOException {
        String full = Examples.text("usage-queue.response.json");
        Path file = write("cut.json", full.substring(0, full.indexOf("\"timestamp\": \"2026-08-22T14:05:09")));

        List<ReceivedItem> items = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (UsageImportReader reader = UsageImportReader.open(file, NOW)) {
                reader.forEachRemaining(items::add);
            }
        }).isInstanceOf(UsageImportException.class).hasMessageContaining("broken JSON at line");
        assertThat(items).hasSize(2);
    }
}
