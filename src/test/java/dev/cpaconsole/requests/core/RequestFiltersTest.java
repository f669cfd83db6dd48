package dev.cpaconsole.requests.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.ManagedKeyRows;
import dev.cpaconsole.testing.UsageRecord;

/**
 * Every filter and order of the requests list over one varied history, written through the real
 * event store: each filter selects exactly the events it names, every order pages through each
 * of them once, and each filter's first page seeks an index instead of scanning the events.
 */
class RequestFiltersTest {
    private static final Instant T0 = Instant.parse("2026-08-22T06:00:00Z");
    private static final int EVENTS = 96;
    private static final String ALICE_KEY = "sk-test-alice-laptop-0000000000001";
    private static final String BOB_OLD_KEY = "sk-test-bob-ci-old-00000000000002";
    private static final String BOB_NEW_KEY = "sk-test-bob-ci-new-00000000000003";
    private static final String STRANGER_KEY = "sk-test-unmanaged-000000000000004";
    private static final String[] CLIENT_KEYS = {ALICE_KEY, BOB_OLD_KEY, BOB_NEW_KEY, STRANGER_KEY};
    private static final String[] PROVIDERS = {"codex", "claude", "gemini"};
    private static final String[] MODELS = {"gpt-5.4", "claude-sonnet-4-5", "gemini-2.5-pro", "gpt-5.4-mini"};
    private static final String[] ENDPOINTS = {"POST /v1/responses", "POST /v1/chat/completions"};
    private static final String[] ACCOUNTS = {"aaaa000000000001", "bbbb000000000002", "cccc000000000003"};
    private static final String[] EFFORTS = {"", "low", "high"};
    private static final String[] TIERS = {"auto", "flex", "priority", "auto"};

    @TempDir
    static Path dataDir;

    private static Database database;
    private static RequestQuery query;
    private static List<RequestRow> all;
    private static long aliceId;
    private static long bobId;
    private static long aliceKeyId;
    private static long bobKeyId;

    @BeforeAll
    static void storeHistory() {
        database = Database.open(dataDir);
        query = new RequestQuery(database);
        aliceId = ManagedKeyRows.user(database, "alice");
        bobId = ManagedKeyRows.user(database, "bob");
        aliceKeyId = ManagedKeyRows.key(database, aliceId, "laptop", "Alice's work laptop", ALICE_KEY);
        bobKeyId = ManagedKeyRows.key(database, bobId, "ci", "build server", BOB_OLD_KEY, BOB_NEW_KEY);
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            String model = MODELS[i % MODELS.length];
            // Some requests ask for an alias: a name of their own, or another model's name.
            String alias = i % 5 == 0 ? "smart" : i % 7 == 0 ? "gpt-5.4" : model;
            int status = i % 6 == 0 ? 429 : i % 6 == 1 ? 500 : 200;
            records.add(UsageRecord.at(T0.plusSeconds(i / 3))
                    .requestId(i % 11 == 0 ? "" : String.format("req-%04d", i / 2))
                    .provider(PROVIDERS[i % PROVIDERS.length])
                    .model(model).alias(alias)
                    .endpoint(ENDPOINTS[i % ENDPOINTS.length])
                    .account(ACCOUNTS[(i / 2) % ACCOUNTS.length], "user" + (i / 2) % ACCOUNTS.length + "@example.com")
                    .clientKey(CLIENT_KEYS[i % CLIENT_KEYS.length])
                    .failedWith(status)
                    .reasoningEffort(EFFORTS[i % EFFORTS.length])
                    .serviceTier(TIERS[(i / 3) % TIERS.length])
                    .latency(100 * ((i * 37) % 11))
                    .tokens(10 * ((i * 13) % 7), 0, 0, 5, 0));
        }
        // Written in two batches, the second out of time order, as the collector may.
        UsageRecord.store(database, records.subList(EVENTS / 2, EVENTS).toArray(UsageRecord[]::new));
        UsageRecord.store(database, records.subList(0, EVENTS / 2).toArray(UsageRecord[]::new));
        all = query.page(RequestFilter.ALL, null, EVENTS + 1).rows();
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    /** Each filter with what it should match; JUnit asks for them once the history is stored. */
    static Stream<Arguments> filters() {
        Instant from = T0.plusSeconds(5);
        Instant to = T0.plusSeconds(20);
        return Stream.of(
                filter("time range", RequestFilter.ALL.between(from, to),
                        row -> !row.time().isBefore(from) && row.time().isBefore(to)),
                filter("user", RequestFilter.ALL.withUser(bobId), row -> row.userName().equals("bob")),
                filter("key", RequestFilter.ALL.withKey(aliceKeyId), row -> row.keyName().equals("laptop")),
                filter("provider", RequestFilter.ALL.withProvider("claude"), row -> row.provider().equals("claude")),
                filter("model or alias", RequestFilter.ALL.withModel("gpt-5.4"),
                        row -> row.model().equals("gpt-5.4") || row.alias().equals("gpt-5.4")),
                filter("alias only", RequestFilter.ALL.withModel("smart"), row -> row.alias().equals("smart")),
                filter("endpoint", RequestFilter.ALL.withEndpoint("POST /v1/chat/completions"),
                        row -> row.endpoint().equals("POST /v1/chat/completions")),
                filter("account", RequestFilter.ALL.withAccount("bbbb000000000002"),
                        row -> row.authIndex().equals("bbbb000000000002")),
                filter("outcome ok", RequestFilter.ALL.withOutcome(RequestOutcome.OK), row -> !row.failed()),
                filter("outcome failed", RequestFilter.ALL.withOutcome(RequestOutcome.FAILED), RequestRow::failed),
                filter("status code", RequestFilter.ALL.withOutcome(RequestOutcome.status(429)),
                        row -> Integer.valueOf(429).equals(row.statusCode())),
                filter("reasoning effort", RequestFilter.ALL.withReasoningEffort("low"),
                        row -> row.reasoningEffort().equals("low")),
                filter("no reasoning effort", RequestFilter.ALL.withReasoningEffort(""),
                        row -> row.reasoningEffort().isEmpty()),
                filter("service tier", RequestFilter.ALL.withServiceTier("flex"),
                        row -> row.serviceTier().equals("flex")),
                filter("request id", RequestFilter.ALL.withRequestId(" req-0007 "),
                        row -> row.requestId().equals("req-0007")),
                filter("user and model", RequestFilter.ALL.withUser(bobId).withModel("gpt-5.4"),
                        row -> row.userName().equals("bob")
                                && (row.model().equals("gpt-5.4") || row.alias().equals("gpt-5.4"))),
                filter("user and key", RequestFilter.ALL.withUser(aliceId).withKey(bobKeyId),
                        row -> false),
                filter("provider, failed and range", RequestFilter.ALL.withProvider("codex")
                        .withOutcome(RequestOutcome.FAILED).between(from, to),
                        row -> row.provider().equals("codex") && row.failed() && !row.time().isBefore(from)
                                && row.time().isBefore(to)));
    }

    private static Arguments filter(String name, RequestFilter filter, Predicate<RequestRow> matches) {
        return Arguments.of(name, filter, matches);
    }

    private static List<Long> idsInOrder(Predicate<RequestRow> matches, RequestSort sort) {
        return all.stream().filter(matches).sorted(sort::compare).map(RequestRow::id).toList();
    }

    private static List<Long> paged(RequestFilter filter, RequestSort sort, int pageSize) {
        List<Long> seen = new ArrayList<>();
        RequestCursor cursor = null;
        do {
            RequestPage page = query.page(filter, sort, cursor, pageSize);
            assertThat(page.rows().size()).isLessThanOrEqualTo(pageSize);
            page.rows().forEach(row -> seen.add(row.id()));
            cursor = page.next();
        } while (cursor != null);
        return seen;
    }

    private static List<RequestSort> everySort() {
        List<RequestSort> sorts = new ArrayList<>();
        for (RequestSort.Column column : RequestSort.Column.values()) {
            sorts.add(new RequestSort(column, true));
            sorts.add(new RequestSort(column, false));
        }
        return sorts;
    }

    @Test
    void theHistoryHoldsEveryEvent() {
        assertThat(all).hasSize(EVENTS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void eachFilterSelectsExactlyItsEvents(String name, RequestFilter filter, Predicate<RequestRow> matches) {
        List<Long> expected = idsInOrder(matches, RequestSort.NEWEST_FIRST);

        assertThat(paged(filter, RequestSort.NEWEST_FIRST, 1_000)).containsExactlyElementsOf(expected);
        assertThat(query.count(filter, query.newestStoredId())).isEqualTo(expected.size());
        if (!name.equals("user and key")) {
            assertThat(expected).isNotEmpty().hasSizeLessThan(EVENTS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void pagingInEveryOrderVisitsEachMatchingEventOnce(String name, RequestFilter filter,
            Predicate<RequestRow> matches) {
        for (RequestSort sort : everySort()) {
            assertThat(paged(filter, sort, 4)).as(sort.toString())
                    .containsExactlyElementsOf(idsInOrder(matches, sort));
        }
    }

    @Test
    void equalSortValuesAreOrderedByIdInTheSortsDirection() {
        RequestSort slowestFirst = new RequestSort(RequestSort.Column.LATENCY, true);

        List<RequestRow> rows = query.page(RequestFilter.ALL, slowestFirst, null, EVENTS).rows();

        assertThat(rows).isSortedAccordingTo(Comparator.comparingLong(RequestRow::latencyMs)
                .thenComparingLong(RequestRow::id).reversed());
        assertThat(rows.stream().map(RequestRow::latencyMs).distinct().count()).isLessThan(EVENTS / 4);
    }

    @Test
    void storedAfterAppliesEveryFilter() {
        long before = all.stream().mapToLong(RequestRow::id).min().orElseThrow() - 1;

        List<RequestRow> stored = query.storedAfter(RequestFilter.ALL.withUser(bobId).withModel("gpt-5.4"),
                before, EVENTS);

        assertThat(stored).extracting(RequestRow::id).containsExactlyElementsOf(all.stream()
                .filter(row -> row.userName().equals("bob")
                        && (row.model().equals("gpt-5.4") || row.alias().equals("gpt-5.4")))
                .map(RequestRow::id).sorted().toList());
    }

    /**
     * Each filter alone, the indexes its first page should seek, and whether they give the rows in
     * order: a filter that merges several reads sorts at most a page per read, and the attempts
     * of a request id are few.
     */
    static Stream<Arguments> singleFilters() {
        return Stream.of(
                Arguments.of(RequestFilter.ALL.between(T0, T0.plusSeconds(20)), List.of("usage_event_identity"), true),
                Arguments.of(RequestFilter.ALL.withUser(bobId), List.of("usage_event_client_key_time"), false),
                Arguments.of(RequestFilter.ALL.withKey(aliceKeyId), List.of("usage_event_client_key_time"), true),
                Arguments.of(RequestFilter.ALL.withProvider("claude"), List.of("usage_event_provider_time"), true),
                Arguments.of(RequestFilter.ALL.withModel("gpt-5.4"),
                        List.of("usage_event_model_time", "usage_event_alias_time"), false),
                Arguments.of(RequestFilter.ALL.withEndpoint("POST /v1/responses"), List.of("usage_event_endpoint_time"),
                        true),
                Arguments.of(RequestFilter.ALL.withAccount("aaaa000000000001"), List.of("usage_event_auth_time"), true),
                Arguments.of(RequestFilter.ALL.withOutcome(RequestOutcome.FAILED), List.of("usage_event_failed_time"),
                        true),
                Arguments.of(RequestFilter.ALL.withOutcome(RequestOutcome.status(429)),
                        List.of("usage_event_status_time"), true),
                Arguments.of(RequestFilter.ALL.withReasoningEffort("high"), List.of("usage_event_effort_time"), true),
                Arguments.of(RequestFilter.ALL.withServiceTier("flex"), List.of("usage_event_tier_time"), true),
                Arguments.of(RequestFilter.ALL.withRequestId("req-0007"), List.of("usage_event_request"), false));
    }

    @ParameterizedTest
    @MethodSource("singleFilters")
    void eachFiltersFirstPageSeeksItsOwnIndexInsteadOfScanningTheEvents(RequestFilter filter, List<String> indexes,
            boolean inIndexOrder) {
        List<String> plan = query.firstPagePlan(filter, RequestSort.NEWEST_FIRST);

        String shown = String.join("\n", plan);
        List<String> eventReads = plan.stream().filter(line -> line.matches(".* usage_event( .*|$)")).toList();
        assertThat(eventReads).as(shown).isNotEmpty().allSatisfy(line -> assertThat(line)
                .matches("SEARCH usage_event USING (INTEGER PRIMARY KEY|(COVERING )?INDEX ("
                        + String.join("|", indexes) + ")) \\(.*|SCAN usage_event USING INDEX usage_event_failed_time"));
        for (String index : indexes) {
            assertThat(eventReads).as(shown).anyMatch(line -> line.contains(index));
        }
        if (inIndexOrder) {
            // Nothing to sort but events of the same instant.
            assertThat(plan).as(shown).doesNotContain("USE TEMP B-TREE FOR ORDER BY");
        }
    }

    @Test
    void succeededRequestsAreReadNewestFirstAlongTheTimeIndexWithoutSorting() {
        // Most requests succeed, so the newest page of them lies among the newest events; an index
        // of successes would hold nearly every event again and slow every insert down.
        List<String> plan = query.firstPagePlan(RequestFilter.ALL.withOutcome(RequestOutcome.OK),
                RequestSort.NEWEST_FIRST);

        assertThat(plan).contains("SCAN usage_event USING INDEX usage_event_identity")
                .doesNotContain("USE TEMP B-TREE FOR ORDER BY", "SCAN usage_event");
    }

    @Test
    void aFilterThatCanMatchNothingReadsNoEvents() {
        assertThat(query.firstPagePlan(RequestFilter.ALL.withUser(aliceId).withKey(bobKeyId), RequestSort.NEWEST_FIRST))
                .isEmpty();
        assertThat(query.page(RequestFilter.ALL.withUser(aliceId).withKey(bobKeyId), null, 10).rows()).isEmpty();
    }
}
