package dev.cpaconsole.usage.core;

import static dev.cpaconsole.store.schema.Tables.CLIENT_KEY;
import static dev.cpaconsole.store.schema.Tables.QUARANTINE;
import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;
import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT_RAW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jooq.Record;
import org.jooq.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.store.Database;

class UsageEventStoreTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-08-22T06:05:10.000000001Z");
    private static final String ALICE = "sk-test-client-alice-0001";
    private static final String BOB = "sk-test-client-bob-0002";

    @TempDir
    Path dataDir;

    private Database database;
    private UsageEventStore store;

    @BeforeEach
    void openDatabase() {
        database = Database.open(dataDir);
        store = new UsageEventStore(database);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    private int count(Table<?> table) {
        return database.read(dsl -> dsl.fetchCount(table));
    }

    private static List<ReceivedItem> items(Origin origin, String... texts) {
        List<ReceivedItem> items = new ArrayList<>();
        for (String text : texts) {
            items.add(new ReceivedItem(text, origin, RECEIVED));
        }
        return items;
    }

    private static List<ReceivedItem> exampleItems() {
        return items(Origin.HTTP_QUEUE, Examples.queueRecords().toArray(String[]::new));
    }

    @Test
    void storesEachRecordAsAnEventWithItsRedactedRawRecord() {
        WriteResult result = store.write(exampleItems());

        assertThat(result).isEqualTo(new WriteResult(3, 0, 0, 0));
        List<Record> rows = database.read(dsl -> List.copyOf(dsl.select(USAGE_EVENT.asterisk(), USAGE_EVENT_RAW.RECORD)
                .from(USAGE_EVENT).join(USAGE_EVENT_RAW).on(USAGE_EVENT_RAW.EVENT_ID.eq(USAGE_EVENT.ID))
                .orderBy(USAGE_EVENT.TS_NS).fetch()));
        assertThat(rows).hasSize(3);
        Record codex = rows.get(1);
        assertThat(codex.get(USAGE_EVENT.TS_NS))
                .isEqualTo(CpaTimestamps.toEpochNanos(Instant.parse("2026-08-22T06:05:07.931007415Z")));
        assertThat(codex.get(USAGE_EVENT.RECEIVED_NS)).isEqualTo(CpaTimestamps.toEpochNanos(RECEIVED));
        assertThat(codex.get(USAGE_EVENT.ORIGIN)).isEqualTo("http-queue");
        assertThat(codex.get(USAGE_EVENT.MODEL)).isEqualTo("gpt-5.4");
        assertThat(codex.get(USAGE_EVENT.STATUS_CODE)).isEqualTo(200);
        assertThat(codex.get(USAGE_EVENT.TTFT_MS)).isEqualTo(1310);
        assertThat(codex.get(USAGE_EVENT.UNCACHED_INPUT_TOKENS)).isEqualTo(1_216L);
        assertThat(codex.get(USAGE_EVENT.CACHE_READ_TOKENS)).isEqualTo(11_264L);
        assertThat(codex.get(USAGE_EVENT.OUTPUT_TOKENS)).isEqualTo(463L);
        assertThat(codex.get(USAGE_EVENT.REASONING_TOKENS)).isEqualTo(192L);
        assertThat(codex.get(USAGE_EVENT.TOTAL_TOKENS)).isEqualTo(13_135L);
        assertThat(codex.get(USAGE_EVENT.ACCOUNTING)).isEqualTo("breakdown");
        assertThat(codex.get(USAGE_EVENT.INCONSISTENT)).isZero();
        assertThat(codex.get(USAGE_EVENT.FAILED)).isZero();
        assertThat(rows.get(0).get(USAGE_EVENT.FAILED)).isOne();
        assertThat(codex.get(USAGE_EVENT_RAW.RECORD))
                .isEqualTo(((ReadOutcome.Accepted) UsageRecordReader.read(Examples.queueRecords().get(1)))
                        .event().storedRecord());
    }

    @Test
    void keepsOneRowPerClientKeyWithItsMaskAndFirstSighting() {
        store.write(exampleItems());

        var keys = database.read(dsl -> dsl.selectFrom(CLIENT_KEY).orderBy(CLIENT_KEY.MASKED).fetch());
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0).getKeyHash()).isEqualTo(ClientKeys.hash(ALICE));
        assertThat(keys.get(0).getMasked()).isEqualTo("sk-t…0001");
        assertThat(keys.get(0).getFirstSeenNs())
                .isEqualTo(CpaTimestamps.toEpochNanos(Instant.parse("2026-08-22T06:05:07.104318822Z")));
        assertThat(keys.get(1).getKeyHash()).isEqualTo(ClientKeys.hash(BOB));
        Integer aliceId = keys.get(0).getId();
        int aliceEvents = database.read(dsl -> dsl.fetchCount(USAGE_EVENT, USAGE_EVENT.CLIENT_KEY_ID.eq(aliceId)));
        assertThat(aliceEvents).isEqualTo(2);
    }

    @Test
    void anEarlierSightingMovesTheFirstSeenInstantBack() throws Exception {
        store.write(exampleItems());
        ObjectNode earlier = ((ObjectNode) MAPPER.readTree(Examples.text("usage-queue.v6.10.8-record.json")));

        store.write(items(Origin.IMPORT, earlier.toString()));

        long firstSeen = database.read(dsl -> dsl.select(CLIENT_KEY.FIRST_SEEN_NS).from(CLIENT_KEY)
                .where(CLIENT_KEY.KEY_HASH.eq(ClientKeys.hash(ALICE))).fetchOne(CLIENT_KEY.FIRST_SEEN_NS));
        assertThat(firstSeen).isEqualTo(CpaTimestamps.toEpochNanos(Instant.parse("2026-05-05T02:11:12.345678901Z")));
    }

    @Test
    void theSameRecordTwiceIsStoredOnce() {
        String record = Examples.queueRecords().get(1);

        WriteResult result = store.write(items(Origin.IMPORT, record, record));

        assertThat(result).isEqualTo(new WriteResult(1, 1, 0, 0));
        assertThat(count(USAGE_EVENT)).isOne();
        assertThat(count(USAGE_EVENT_RAW)).isOne();
    }

    @Test
    void writingTheSameItemsAgainAddsNothing() {
        store.write(exampleItems());

        WriteResult again = store.write(exampleItems());

        assertThat(again).isEqualTo(new WriteResult(0, 3, 0, 0));
        assertThat(count(USAGE_EVENT)).isEqualTo(3);
        assertThat(count(CLIENT_KEY)).isEqualTo(2);
    }

    @Test
    void quarantinesBadItemsAndStoresTheRestOfTheBatch() {
        List<String> records = Examples.queueRecords();
        List<ReceivedItem> batch = items(Origin.RESP_POP, records.get(0), "not json at all",
                "{\"support_refresh\":true}", records.get(1), "{\"timestamp\":\"soon\"}", "[]", records.get(2));

        WriteResult result = store.write(batch);

        assertThat(result).isEqualTo(new WriteResult(3, 0, 3, 1));
        var quarantined = database.read(dsl -> dsl.selectFrom(QUARANTINE).orderBy(QUARANTINE.ID).fetch());
        assertThat(quarantined).extracting(r -> r.getReason()).containsExactly(
                "not JSON", "timestamp is not an RFC 3339 timestamp: 'soon'", "not a JSON object but an array");
        assertThat(quarantined).extracting(r -> r.getOrigin()).containsOnly("resp-pop");
        assertThat(quarantined).extracting(r -> r.getFetchedNs()).containsOnly(CpaTimestamps.toEpochNanos(RECEIVED));
        assertThat(quarantined.get(0).getPayload()).isEqualTo("not json at all");
    }

    @Test
    void theRawClientKeyNeverReachesTheDatabase() throws Exception {
        ObjectNode broken = (ObjectNode) MAPPER.readTree(Examples.queueRecords().get(1));
        broken.put("failed", "maybe");
        String bobRecord = Examples.queueRecords().get(2);
        String truncated = bobRecord.substring(0, bobRecord.indexOf(BOB) + BOB.length() + 20);
        assertThat(truncated).contains(BOB);
        List<ReceivedItem> batch = new ArrayList<>(exampleItems());
        batch.addAll(items(Origin.IMPORT, broken.toString(), MAPPER.writeValueAsString(broken.toString()),
                truncated, Examples.text("usage-queue.v6.10.8-record.json")));

        WriteResult result = store.write(batch);
        database.close();

        assertThat(result.quarantined()).isEqualTo(3);
        Path file = dataDir.resolve(Database.FILE_NAME);
        assertThat(DatabaseContents.allValues(file)).isNotEmpty()
                .noneMatch(value -> value.contains(ALICE) || value.contains(BOB));
        assertThat(DatabaseContents.rawFiles(file)).doesNotContain(ALICE).doesNotContain(BOB)
                .contains(ClientKeys.hash(ALICE));
    }

    @Test
    void writesLargeBatchesInOneCall() {
        List<ReceivedItem> batch = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String timestamp = String.format("2026-08-22T14:%02d:%02d.%09d+08:00", i / 60 % 60, i % 60, i);
            batch.add(new ReceivedItem("{\"timestamp\":\"" + timestamp + "\",\"model\":\"gpt-5.4\",\"provider\":"
                    + "\"codex\",\"api_key\":\"sk-load-" + (i % 7) + "-abcdefghijklmnop\",\"tokens\":{\"input_tokens\":"
                    + i + ",\"output_tokens\":1,\"total_tokens\":" + (i + 1) + "}}", Origin.HTTP_QUEUE, RECEIVED));
        }

        assertThat(store.write(batch)).isEqualTo(new WriteResult(5_000, 0, 0, 0));
        assertThat(count(USAGE_EVENT_RAW)).isEqualTo(5_000);
        assertThat(count(CLIENT_KEY)).isEqualTo(7);
    }

    @Test
    void anEmptyBatchWritesNothing() {
        assertThat(store.write(List.of())).isEqualTo(WriteResult.NONE);
    }
}
