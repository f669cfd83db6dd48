package dev.cpaconsole.requests.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceSnapshot;
import dev.cpaconsole.pricing.core.PriceSource;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.pricing.core.Rates;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.ManagedKeyRows;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.UsageRecord;
import dev.cpaconsole.usage.core.ClientKeys;

class RequestExportTest {
    private static final Instant T0 = Instant.parse("2026-03-08T06:30:00.123456789Z");
    private static final String CLIENT_KEY = "sk-test-client-secret-alice-0001";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private Database database;
    private RequestQuery query;
    private RequestExport export;
    private PriceSnapshot prices;

    @BeforeEach
    void openDatabase() {
        database = Database.open(dataDir);
        query = new RequestQuery(database);
        export = new RequestExport(query);
        PriceStore store = new PriceStore(database, new TestClock(T0));
        store.save(PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL));
        prices = PriceSnapshot.of(store);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    private String write(RequestFilter filter, RequestSort sort, RequestExport.Format format, boolean bom,
            ZoneId zone) throws IOException {
        StringWriter out = new StringWriter();
        export.write(new RequestExport.Request(filter, sort, format, bom, zone), prices, out);
        return out.toString();
    }

    private static List<CSVRecord> csv(String text) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text)).getRecords();
    }

    @Test
    void csvHasTheHeaderAndOneRowPerRequestWithTimesInTheZonesOffsetAndKeysMasked() throws IOException {
        long alice = ManagedKeyRows.user(database, "alice");
        ManagedKeyRows.key(database, alice, "laptop", "", CLIENT_KEY);
        UsageRecord.store(database, UsageRecord.at(T0).clientKey(CLIENT_KEY).requestId("req-1").latency(850)
                .tokens(1_000_000, 0, 0, 100_000, 0));

        String text = write(RequestFilter.ALL, RequestSort.NEWEST_FIRST, RequestExport.Format.CSV, false,
                ZoneId.of("Asia/Kathmandu"));

        assertThat(text).startsWith(String.join(",", RequestExport.COLUMNS) + "\r\n")
                .doesNotContain(CLIENT_KEY).doesNotStartWith("\uFEFF");
        CSVRecord row = csv(text).getFirst();
        assertThat(row.get("time")).isEqualTo("2026-03-08T12:15:00.123456789+05:45");
        assertThat(row.get("client_key")).isEqualTo(ClientKeys.mask(CLIENT_KEY));
        assertThat(row.get("client_key_hint")).isEqualTo(ClientKeys.hash(CLIENT_KEY).substring(0, 8));
        assertThat(row.get("user")).isEqualTo("alice");
        assertThat(row.get("key")).isEqualTo("laptop");
        assertThat(row.get("request_id")).isEqualTo("req-1");
        assertThat(row.get("outcome")).isEqualTo("ok");
        assertThat(row.get("status_code")).isEqualTo("200");
        assertThat(row.get("latency_ms")).isEqualTo("850");
        assertThat(row.get("total_tokens")).isEqualTo("1100000");
        assertThat(row.get("cost_usd")).isEqualTo("2.25");
    }

    @Test
    void theOffsetFollowsDaylightSavingTimeRowByRow() throws IOException {
        // 2026-03-08 is the day New York moves its clocks forward, at 07:00 UTC.
        UsageRecord.store(database, UsageRecord.at(Instant.parse("2026-03-08T06:59:00Z")).requestId("before"),
                UsageRecord.at(Instant.parse("2026-03-08T07:01:00Z")).requestId("after"));

        List<CSVRecord> rows = csv(write(RequestFilter.ALL, RequestSort.NEWEST_FIRST, RequestExport.Format.CSV, false,
                ZoneId.of("America/New_York")));

        assertThat(rows).extracting(r -> r.get("time")).containsExactly("2026-03-08T03:01:00.000000000-04:00",
                "2026-03-08T01:59:00.000000000-05:00");
    }

    @Test
    void csvStartsWithTheByteOrderMarkOnlyWhenAsked() throws IOException {
        UsageRecord.store(database, UsageRecord.at(T0));

        byte[] bytes = write(RequestFilter.ALL, RequestSort.NEWEST_FIRST, RequestExport.Format.CSV, true,
                ZoneId.of("UTC")).getBytes(StandardCharsets.UTF_8);

        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF, 't');
    }

    @Test
    void textThatASpreadsheetWouldRunIsNeutralisedInCsvAndKeptAsIsInJsonLines() throws IOException {
        long user = ManagedKeyRows.user(database, "@admin");
        ManagedKeyRows.key(database, user, "-1+2", "", CLIENT_KEY);
        UsageRecord.store(database, UsageRecord.at(T0).clientKey(CLIENT_KEY).model("gpt-5.4")
                .alias("=HYPERLINK(\"http://evil.example\",\"x\")").requestId("+1+1").endpoint("\tPOST /v1/x"));

        CSVRecord row = csv(write(RequestFilter.ALL, RequestSort.NEWEST_FIRST, RequestExport.Format.CSV, false,
                ZoneId.of("UTC"))).getFirst();
        JsonNode line = JSON.readTree(write(RequestFilter.ALL, RequestSort.NEWEST_FIRST,
                RequestExport.Format.JSON_LINES, false, ZoneId.of("UTC")));

        assertThat(row.get("alias")).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"x\")");
        assertThat(row.get("request_id")).isEqualTo("'+1+1");
        assertThat(row.get("key")).isEqualTo("'-1+2");
        assertThat(row.get("user")).isEqualTo("'@admin");
        assertThat(row.get("endpoint")).isEqualTo("'\tPOST /v1/x");
        assertThat(row.get("model")).isEqualTo("gpt-5.4");
        assertThat(line.get("alias").asText()).isEqualTo("=HYPERLINK(\"http://evil.example\",\"x\")");
        assertThat(line.get("request_id").asText()).isEqualTo("+1+1");
    }

    @Test
    void jsonLinesHasOneObjectPerLineWithNumbersAsNumbersAndNullWhereThereIsNone() throws IOException {
        UsageRecord.store(database, UsageRecord.at(T0).model("gpt-5.4").tokens(1_000_000, 0, 0, 100_000, 0),
                UsageRecord.at(T0.plusSeconds(1)).model("unpriced-model").failedWith(503).requestId("r-2"));

        String text = write(RequestFilter.ALL, RequestSort.NEWEST_FIRST, RequestExport.Format.JSON_LINES, false,
                ZoneId.of("Europe/Berlin"));

        String[] lines = text.split("\n", -1);
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).isEmpty();
        JsonNode failed = JSON.readTree(lines[0]);
        JsonNode priced = JSON.readTree(lines[1]);
        assertThat(failed.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyElementsOf(RequestExport.COLUMNS);
        assertThat(failed.get("time").asText()).isEqualTo("2026-03-08T07:30:01.123456789+01:00");
        assertThat(failed.get("outcome").asText()).isEqualTo("failed");
        assertThat(failed.get("status_code").isInt()).isTrue();
        assertThat(failed.get("status_code").asInt()).isEqualTo(503);
        assertThat(failed.get("cost_usd").isNull()).isTrue();
        assertThat(priced.get("total_tokens").isNumber()).isTrue();
        assertThat(priced.get("cost_usd").decimalValue()).isEqualByComparingTo("2.25");
        assertThat(priced.get("cost_usd").toString()).isEqualTo("2.25");
    }

    @Test
    void jsonLinesNeverStartsWithAByteOrderMark() {
        assertThatThrownBy(() -> new RequestExport.Request(RequestFilter.ALL, RequestSort.NEWEST_FIRST,
                RequestExport.Format.JSON_LINES, true, ZoneId.of("UTC")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CSV only");
    }

    @Test
    void exportsExactlyTheRowsOfTheListInItsOrderAcrossManyPages() throws IOException {
        List<UsageRecord> records = new ArrayList<>();
        int events = RequestExport.PAGE_SIZE * 2 + 345;
        for (int i = 0; i < events; i++) {
            records.add(UsageRecord.at(T0.plusSeconds(i / 4)).requestId(String.format("req-%05d", i))
                    .latency(10 * (i % 97)).failedWith(i % 3 == 0 ? 500 : 200));
        }
        UsageRecord.store(database, records.toArray(UsageRecord[]::new));
        RequestFilter failed = RequestFilter.ALL.withOutcome(RequestOutcome.FAILED);
        RequestSort slowestFirst = new RequestSort(RequestSort.Column.LATENCY, true);
        List<String> listed = new ArrayList<>();
        RequestCursor cursor = null;
        do {
            RequestPage page = query.page(failed, slowestFirst, cursor, 250);
            page.rows().forEach(row -> listed.add(row.requestId()));
            cursor = page.next();
        } while (cursor != null);

        List<CSVRecord> csvRows = csv(write(failed, slowestFirst, RequestExport.Format.CSV, false, ZoneId.of("UTC")));
        List<String> jsonIds = new ArrayList<>();
        for (String line : write(failed, slowestFirst, RequestExport.Format.JSON_LINES, false, ZoneId.of("UTC"))
                .split("\n")) {
            jsonIds.add(JSON.readTree(line).get("request_id").asText());
        }

        assertThat(listed).hasSize((events + 2) / 3);
        assertThat(csvRows).extracting(r -> r.get("request_id")).containsExactlyElementsOf(listed);
        assertThat(jsonIds).containsExactlyElementsOf(listed);
    }

    @Test
    void theFileFormatFollowsTheFileName() {
        assertThat(RequestExport.Format.forFileName("requests.JSONL")).isEqualTo(RequestExport.Format.JSON_LINES);
        assertThat(RequestExport.Format.forFileName("requests.ndjson")).isEqualTo(RequestExport.Format.JSON_LINES);
        assertThat(RequestExport.Format.forFileName("requests.csv")).isEqualTo(RequestExport.Format.CSV);
        assertThat(RequestExport.Format.forFileName("requests")).isEqualTo(RequestExport.Format.CSV);
    }
}
