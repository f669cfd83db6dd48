package dev.cpaconsole.requests.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.UsageRecord;
import dev.cpaconsole.usage.core.ClientKeys;

class RequestQueryTest {
    private static final Instant T0 = Instant.parse("2026-08-22T06:00:00Z");
    private static final String CLIENT_KEY = "sk-test-client-alice-0001";

    @TempDir
    Path dataDir;

    private Database database;
    private RequestQuery query;

    @BeforeEach
    void openDatabase() {
        database = Database.open(dataDir);
        query = new RequestQuery(database);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    private static UsageRecord event(int second) {
        return UsageRecord.at(T0.plusSeconds(second)).requestId(String.format("%08x", second));
    }

    @Test
    void listsNewestFirst() {
        UsageRecord.store(database, event(1), event(3), event(2));

        RequestPage page = query.page(RequestFilter.ALL, null, 10);

        assertThat(page.rows()).extracting(RequestRow::time)
                .containsExactly(T0.plusSeconds(3), T0.plusSeconds(2), T0.plusSeconds(1));
        assertThat(page.next()).isNull();
    }

    @Test
    void pagesContinueWithoutGapsOrRepeatsEvenAcrossEqualInstants() {
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Several events share an instant; only their id orders them.
            records.add(UsageRecord.at(T0.plusSeconds(i / 3)).requestId(String.format("%08x", i)));
        }
        UsageRecord.store(database, records.toArray(UsageRecord[]::new));

        List<Long> seen = new ArrayList<>();
        RequestCursor cursor = null;
        do {
            RequestPage page = query.page(RequestFilter.ALL, cursor, 2);
            page.rows().forEach(row -> seen.add(row.id()));
            cursor = page.next();
        } while (cursor != null);

        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        List<RequestRow> all = query.page(RequestFilter.ALL, null, 100).rows();
        assertThat(seen).containsExactlyElementsOf(all.stream().map(RequestRow::id).toList());
    }

    @Test
    void filtersByModelFailureAndTime() {
        UsageRecord.store(database,
                event(1).model("gpt-5.4"),
                event(2).model("claude-sonnet-4-5").failedWith(429),
                event(3).model("gpt-5.4").failedWith(500),
                event(4).model("gpt-5.4"));

        assertThat(query.page(RequestFilter.ALL.withModel("gpt-5.4"), null, 10).rows()).hasSize(3);
        assertThat(query.page(RequestFilter.ALL.withOutcome(RequestOutcome.FAILED), null, 10).rows())
                .extracting(RequestRow::statusCode).containsExactly(500, 429);
        assertThat(query.page(RequestFilter.ALL.between(T0.plusSeconds(2), T0.plusSeconds(4)), null, 10).rows())
                .extracting(RequestRow::time).containsExactly(T0.plusSeconds(3), T0.plusSeconds(2));
    }

    @Test
    void storedAfterFindsLaterStoredEventsEvenWhenTheyStartedEarlier() {
        UsageRecord.store(database, event(5));
        long newest = query.newestStoredId();
        UsageRecord.store(database, event(2), event(7));

        List<RequestRow> stored = query.storedAfter(RequestFilter.ALL, newest, 10);

        assertThat(stored).extracting(RequestRow::time).containsExactly(T0.plusSeconds(2), T0.plusSeconds(7));
    }

    @Test
    void storedAfterAppliesTheFilter() {
        UsageRecord.store(database, event(5));
        long newest = query.newestStoredId();
        UsageRecord.store(database, event(2).model("gpt-5.4"), event(3).model("claude-sonnet-4-5"));

        assertThat(query.storedAfter(RequestFilter.ALL.withModel("gpt-5.4"), newest, 10))
                .extracting(RequestRow::model).containsExactly("gpt-5.4");
    }

    @Test
    void countsMatchingEventsStoredUpToAnId() {
        UsageRecord.store(database, event(1), event(2).failedWith(500), event(3));
        long newest = query.newestStoredId();
        UsageRecord.store(database, event(4));

        assertThat(query.count(RequestFilter.ALL, newest)).isEqualTo(3);
        assertThat(query.count(RequestFilter.ALL.withOutcome(RequestOutcome.FAILED), newest)).isEqualTo(1);
        assertThat(query.count(RequestFilter.ALL.between(T0.plusSeconds(2), null), query.newestStoredId()))
                .isEqualTo(3);
    }

    @Test
    void newestStoredIdIsZeroWhenNothingIsStored() {
        assertThat(query.newestStoredId()).isZero();
    }

    @Test
    void offersEachModelAndAliasOnceInOrder() {
        UsageRecord.store(database, event(1).model("gpt-5.4"), event(2).model("claude-sonnet-4-5"),
                event(3).model("gpt-5.4").alias("codex-latest"), event(4).model("gemini-2.5-pro"));

        assertThat(query.choices().models()).extracting(FilterChoice::value)
                .containsExactly("claude-sonnet-4-5", "codex-latest", "gemini-2.5-pro", "gpt-5.4");
    }

    @Test
    void offersStatusCodesInNumericOrderAndValuesSeenPerKind() {
        UsageRecord.store(database, event(1).failedWith(503), event(2), event(3).failedWith(429),
                event(4).endpoint("POST /v1/chat/completions").reasoningEffort("").serviceTier("flex")
                        .provider("claude").account("0c1d2e3f", "bob@example.com"));

        RequestChoices choices = query.choices();

        assertThat(choices.statusCodes()).extracting(FilterChoice::value).containsExactly("200", "429", "503");
        assertThat(choices.providers()).extracting(FilterChoice::value).containsExactly("claude", "codex");
        assertThat(choices.endpoints()).extracting(FilterChoice::value)
                .containsExactly("POST /v1/chat/completions", "POST /v1/responses");
        assertThat(choices.reasoningEfforts()).extracting(FilterChoice::label).containsExactly("(none)", "medium");
        assertThat(choices.serviceTiers()).extracting(FilterChoice::value).containsExactly("auto", "flex");
        assertThat(choices.accounts()).containsExactly(
                new FilterChoice("0c1d2e3f", "0c1d2e3f (bob@example.com)"),
                new FilterChoice("755481f9d70ed642", "755481f9d70ed642 (alice@example.com)"));
    }

    @Test
    void rowShowsTheMaskedClientKeyAndTokenBuckets() {
        UsageRecord.store(database, event(1).clientKey(CLIENT_KEY).tokens(100, 20, 5, 30, 10));

        RequestRow row = query.page(RequestFilter.ALL, null, 1).rows().getFirst();

        assertThat(row.clientKeyMasked()).isEqualTo(ClientKeys.mask(CLIENT_KEY)).doesNotContain("alice");
        assertThat(row.tokens().uncachedInput()).isEqualTo(100);
        assertThat(row.tokens().cacheRead()).isEqualTo(20);
        assertThat(row.tokens().cacheWrite()).isEqualTo(5);
        assertThat(row.tokens().output()).isEqualTo(30);
        assertThat(row.tokens().reasoning()).isEqualTo(10);
        assertThat(row.tokens().total()).isEqualTo(165);
    }

    @Test
    void storedRecordHoldsTheKeyHashNeverTheKey() {
        UsageRecord.store(database, event(1).clientKey(CLIENT_KEY));
        long id = query.page(RequestFilter.ALL, null, 1).rows().getFirst().id();

        RequestDetail detail = query.detail(id).orElseThrow();

        assertThat(query.rawRecord(id)).hasValueSatisfying(raw -> assertThat(raw).doesNotContain(CLIENT_KEY));
        assertThat(detail.record()).doesNotContain(CLIENT_KEY).contains(ClientKeys.hash(CLIENT_KEY))
                .contains("\n  \"model\"");
    }

    @Test
    void upstreamApiKeyReportedAsSourceIsMaskedInRowAndDetail() {
        String upstreamKey = "sk-upstream-provider-secret-9999";
        UsageRecord.store(database, event(1).upstreamApiKey(upstreamKey));
        long id = query.page(RequestFilter.ALL, null, 1).rows().getFirst().id();

        RequestDetail detail = query.detail(id).orElseThrow();

        assertThat(detail.row().source()).isEqualTo(ClientKeys.mask(upstreamKey));
        assertThat(detail.record()).doesNotContain(upstreamKey);
    }

    @Test
    void detailOfAMissingEventIsEmpty() {
        assertThat(query.detail(42)).isEmpty();
    }
}
