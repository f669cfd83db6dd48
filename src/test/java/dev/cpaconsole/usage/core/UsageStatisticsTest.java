package dev.cpaconsole.usage.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.UsageStatistics.Group;
import dev.cpaconsole.usage.core.UsageStatistics.GroupBy;
import dev.cpaconsole.usage.core.UsageStatistics.Totals;

class UsageStatisticsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ZoneId UTC = ZoneOffset.UTC;

    @TempDir
    Path dataDir;

    private Database database;
    private UsageEventStore store;
    private UsageStatistics statistics;

    @BeforeEach
    void openDatabase() {
        database = Database.open(dataDir);
        store = new UsageEventStore(database);
        statistics = new UsageStatistics(database);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    /** A Codex record at {@code instant} with {@code input} uncached input and {@code output} output tokens. */
    private static ObjectNode record(String instant, long input, long output) {
        ObjectNode record = MAPPER.createObjectNode()
                .put("timestamp", instant)
                .put("provider", "codex")
                .put("model", "gpt-5.4")
                .put("auth_index", "755481f9d70ed642")
                .put("source", "user@example.com")
                .put("auth_type", "oauth")
                .put("api_key", "sk-test-client-alice-0001")
                .put("failed", false);
        record.putObject("tokens").put("input_tokens", input).put("output_tokens", output)
                .put("total_tokens", input + output);
        return record;
    }

    private void store(ObjectNode... records) {
        List<ReceivedItem> items = new ArrayList<>();
        for (ObjectNode record : records) {
            items.add(new ReceivedItem(record.toString(), Origin.IMPORT, Instant.parse("2026-09-01T00:00:00Z")));
        }
        assertThat(store.write(items).added()).isEqualTo(records.length);
    }

    private static Totals tokens(long requests, long input, long output) {
        return new Totals(requests, 0, input, 0, 0, output, 0, 0, input + output);
    }

    @Test
    void sumsEveryBucketOfTheExampleRecords() {
        List<ReceivedItem> items = new ArrayList<>();
        Examples.queueRecords().forEach(r -> items.add(new ReceivedItem(r, Origin.HTTP_QUEUE, Instant.now())));
        store.write(items);

        assertThat(statistics.totals(null, null))
                .isEqualTo(new Totals(3, 1, 1_266, 31_264, 1_500, 863, 192, 0, 35_085));
    }

    @Test
    void anEmptyHistorySumsToZero() {
        assertThat(statistics.totals(null, null)).isEqualTo(Totals.ZERO);
        assertThat(statistics.groups(null, null, GroupBy.MODEL, UTC)).isEmpty();
    }

    @Test
    void rangesIncludeTheirStartAndExcludeTheirEnd() {
        store(record("2026-03-08T10:00:00Z", 1, 0), record("2026-03-08T10:00:00.000000001Z", 10, 0),
                record("2026-03-08T11:00:00Z", 100, 0));

        assertThat(statistics.totals(Instant.parse("2026-03-08T10:00:00Z"), Instant.parse("2026-03-08T11:00:00Z")))
                .isEqualTo(tokens(2, 11, 0));
        assertThat(statistics.totals(Instant.parse("2026-03-08T10:00:00.000000001Z"), null))
                .isEqualTo(tokens(2, 110, 0));
        assertThat(statistics.totals(null, Instant.parse("2026-03-08T10:00:00.000000001Z")))
                .isEqualTo(tokens(1, 1, 0));
    }

    @Test
    void groupsByModelLargestFirst() {
        ObjectNode small = record("2026-03-08T10:00:00Z", 5, 5).put("model", "gpt-5-mini");
        ObjectNode failed = record("2026-03-08T10:01:00Z", 0, 0).put("failed", true);
        store(small, record("2026-03-08T10:02:00Z", 100, 20), failed);

        List<Group> groups = statistics.groups(null, null, GroupBy.MODEL, UTC);

        assertThat(groups).containsExactly(
                new Group("gpt-5.4", new Totals(2, 1, 100, 0, 0, 20, 0, 0, 120)),
                new Group("gpt-5-mini", tokens(1, 5, 5)));
    }

    @Test
    void groupsByProvider() {
        ObjectNode claude = record("2026-03-08T10:00:00Z", 500, 0).put("provider", "claude")
                .put("model", "claude-sonnet-4-6");
        store(claude, record("2026-03-08T10:02:00Z", 100, 20));

        assertThat(statistics.groups(null, null, GroupBy.PROVIDER, UTC)).extracting(Group::key)
                .containsExactly("claude", "codex");
    }

    @Test
    void groupsByMaskedClientKey() {
        ObjectNode bob = record("2026-03-08T10:00:00Z", 500, 0).put("api_key", "sk-test-client-bob-0002");
        ObjectNode none = record("2026-03-08T10:01:00Z", 1, 0).put("api_key", "");
        store(bob, none, record("2026-03-08T10:02:00Z", 100, 20));

        assertThat(statistics.groups(null, null, GroupBy.KEY, UTC)).containsExactly(
                new Group("sk-t…0002", tokens(1, 500, 0)),
                new Group("sk-t…0001", tokens(1, 100, 20)),
                new Group(UsageStatistics.NO_KEY, tokens(1, 1, 0)));
    }

    @Test
    void keysSharingAMaskStayApart() {
        ObjectNode twin = record("2026-03-08T10:00:00Z", 500, 0).put("api_key", "sk-t-another-key-0001");
        store(twin, record("2026-03-08T10:02:00Z", 100, 20));

        assertThat(statistics.groups(null, null, GroupBy.KEY, UTC)).extracting(Group::key).containsExactly(
                "sk-t…0001 #" + ClientKeys.hash("sk-t-another-key-0001").substring(0, 8),
                "sk-t…0001 #" + ClientKeys.hash("sk-test-client-alice-0001").substring(0, 8));
    }

    @Test
    void groupsByCredentialShowingItsSourceButMaskingUpstreamKeys() {
        ObjectNode apiKey = record("2026-03-08T10:00:00Z", 500, 0).put("auth_index", "0123456789abcdef")
                .put("auth_type", "apikey").put("source", "sk-upstream-secret-key-9999");
        ObjectNode noCredential = record("2026-03-08T10:01:00Z", 1, 0).put("auth_index", "").put("source", "");
        store(apiKey, noCredential, record("2026-03-08T10:02:00Z", 100, 20));

        assertThat(statistics.groups(null, null, GroupBy.AUTH, UTC)).extracting(Group::key).containsExactly(
                "0123456789abcdef (sk-u…9999)", "755481f9d70ed642 (user@example.com)", UsageStatistics.NO_CREDENTIAL);
    }

    @Test
    void cutsDaysAcrossTheSpringForwardInBerlin() {
        // 2026-03-29: clocks go from 02:00 CET to 03:00 CEST, at 01:00 UTC.
        store(record("2026-03-28T22:30:00Z", 1, 0),     // 23:30 CET, 28 March
                record("2026-03-28T23:10:00Z", 10, 0),  // 00:10 CET, 29 March
                record("2026-03-29T21:30:00Z", 100, 0), // 23:30 CEST, 29 March
                record("2026-03-29T22:15:00Z", 1000, 0)); // 00:15 CEST, 30 March

        List<Group> days = statistics.groups(null, null, GroupBy.DAY, ZoneId.of("Europe/Berlin"));

        assertThat(days).containsExactly(
                new Group("2026-03-28", tokens(1, 1, 0)),
                new Group("2026-03-29", tokens(2, 110, 0)),
                new Group("2026-03-30", tokens(1, 1000, 0)));
    }

    @Test
    void cutsDaysAtAQuarterHourOffset() {
        // Kathmandu is at +05:45: local midnight of 9 March is 18:15 UTC on 8 March.
        store(record("2026-03-08T18:14:59.999999999Z", 1, 0), record("2026-03-08T18:15:00Z", 10, 0),
                record("2026-03-08T18:20:00Z", 100, 0));

        assertThat(statistics.groups(null, null, GroupBy.DAY, ZoneId.of("Asia/Kathmandu"))).containsExactly(
                new Group("2026-03-08", tokens(1, 1, 0)),
                new Group("2026-03-09", tokens(2, 110, 0)));
        assertThat(statistics.groups(null, null, GroupBy.DAY, ZoneId.of("+05:45"))).extracting(Group::key)
                .containsExactly("2026-03-08", "2026-03-09");
    }

    @Test
    void cutsDaysExactlyEvenAtAnOffsetOffTheQuarterHour() {
        // At +00:19:32 local midnight falls at 23:40:28 UTC, inside a quarter hour.
        store(record("2026-03-08T23:31:00Z", 1, 0), record("2026-03-08T23:40:27Z", 10, 0),
                record("2026-03-08T23:40:28Z", 100, 0), record("2026-03-08T23:44:00Z", 1000, 0));

        assertThat(statistics.groups(null, null, GroupBy.DAY, ZoneId.of("+00:19:32"))).containsExactly(
                new Group("2026-03-08", tokens(2, 11, 0)),
                new Group("2026-03-09", tokens(2, 1100, 0)));
        assertThat(statistics.groups(Instant.parse("2026-03-08T23:35:00Z"), Instant.parse("2026-03-08T23:41:00Z"),
                GroupBy.DAY, ZoneId.of("+00:19:32"))).containsExactly(
                new Group("2026-03-08", tokens(1, 10, 0)),
                new Group("2026-03-09", tokens(1, 100, 0)));
    }

    @Test
    void daysRespectTheRange() {
        store(record("2026-03-08T10:00:00Z", 1, 0), record("2026-03-09T10:00:00Z", 10, 0),
                record("2026-03-10T10:00:00Z", 100, 0));

        assertThat(statistics.groups(Instant.parse("2026-03-09T00:00:00Z"), Instant.parse("2026-03-10T00:00:00Z"),
                GroupBy.DAY, UTC)).containsExactly(new Group("2026-03-09", tokens(1, 10, 0)));
    }
}
