package dev.cpaconsole.app;

import static dev.cpaconsole.store.schema.Tables.QUARANTINE;
import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import dev.cpaconsole.collector.core.Collector;
import dev.cpaconsole.collector.core.CollectorMode;
import dev.cpaconsole.collector.core.CollectorSettings;
import dev.cpaconsole.collector.core.CollectorSettings.Transport;
import dev.cpaconsole.collector.core.CollectorState;
import dev.cpaconsole.collector.core.GapRecorder;
import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.cpa.CpaUnavailableException;
import dev.cpaconsole.cpa.ManagementKeyRejectedException;
import dev.cpaconsole.cpa.RespUsageChannel;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.Origin;
import dev.cpaconsole.usage.core.ReceivedItem;
import dev.cpaconsole.usage.core.UsageEventStore;
import dev.cpaconsole.usage.core.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The collector between the CPA simulator and a real SQLite file, through each transport. */
class CollectorSimulatorTest {
    static final String KEY = "mgmt-test-secret-00001";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private CpaSimulator simulator;
    private Database database;
    private UsageEventStore store;
    private final List<Collector> collectors = new ArrayList<>();

    @BeforeEach
    void startSimulator() {
        simulator = CpaSimulator.start(SimulatorOptions.builder()
                .managementKey(KEY)
                .usageStatisticsEnabled(true)
                .apiKeys(List.of("sk-test-client-alice-0001", "sk-test-client-bob-0002"))
                .randomSeed(7)
                .build());
        simulator.authFiles().addCodex("alice@example.com", "plus");
        simulator.authFiles().addClaude("bob@example.com");
        database = Database.open(dataDir);
        store = new UsageEventStore(database);
    }

    @AfterEach
    void stopEverything() {
        collectors.forEach(Collector::stop);
        database.close();
        simulator.close();
    }

    static CollectorSettings fast(Transport transport) {
        return CollectorSettings.defaults()
                .withTransport(transport)
                .withPollInterval(Duration.ofMillis(100))
                .withHeartbeatInterval(Duration.ofSeconds(1))
                .withReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500));
    }

    private Collector collector(CollectorSettings settings, String key) {
        Collector collector = new Collector(new CpaClient(simulator.baseUri(), key), store::write, database,
                settings);
        collectors.add(collector);
        return collector;
    }

    private Collector started(Transport transport) throws InterruptedException {
        Collector collector = collector(fast(transport), KEY);
        collector.start();
        awaitCollecting(collector, modeOf(transport));
        return collector;
    }

    private void awaitCollecting(Collector collector, CollectorMode mode) throws InterruptedException {
        await(() -> collector.health().state() == CollectorState.COLLECTING && collector.health().mode() == mode);
        if (mode == CollectorMode.RESP_SUBSCRIBE) {
            await(() -> simulator.subscriberCount() >= 1);
        }
    }

    private static CollectorMode modeOf(Transport transport) {
        return switch (transport) {
            case RESP_SUBSCRIBE -> CollectorMode.RESP_SUBSCRIBE;
            case HTTP_QUEUE -> CollectorMode.HTTP_QUEUE;
            case RESP_POP -> CollectorMode.RESP_POP;
            case AUTO -> throw new IllegalArgumentException("AUTO has no fixed mode");
        };
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + PATIENCE.toSeconds() + " s");
            }
            Thread.sleep(25);
        }
    }

    private int storedEvents(Database db) {
        return db.read(dsl -> dsl.fetchCount(USAGE_EVENT));
    }

    private int quarantined() {
        return database.read(dsl -> dsl.fetchCount(QUARANTINE));
    }

    private Set<String> storedIdentities(Database db) {
        return new HashSet<>(db.read(dsl -> dsl.select(USAGE_EVENT.TS_NS, USAGE_EVENT.RECORD_HASH)
                .from(USAGE_EVENT)
                .fetch(row -> row.value1() + ":" + HexFormat.of().formatHex(row.value2()))));
    }

    private static List<ReceivedItem> asItems(List<String> records) {
        return records.stream().map(text -> new ReceivedItem(text, Origin.IMPORT, Instant.now())).toList();
    }

    private List<GapRecorder.Gap> gaps(String reason) {
        return new GapRecorder(database).all().stream().filter(gap -> gap.reason().equals(reason)).toList();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"RESP_SUBSCRIBE", "HTTP_QUEUE"})
    void everyGeneratedEventIsStoredExactlyOnce(Transport transport) throws InterruptedException {
        Collector collector = started(transport);

        List<String> records = simulator.traffic().emit(300);

        await(() -> storedEvents(database) == records.size());
        collector.stop();
        assertThat(storedEvents(database)).isEqualTo(records.size());
        assertThat(collector.health().storedTotal()).isEqualTo(records.size());
        assertThat(collector.health().receivedTotal())
                .as("control messages of the subscription are not usage").isEqualTo(records.size());
        assertThat(quarantined()).isZero();
        WriteResult replay = store.write(asItems(records));
        assertThat(replay.added()).isZero();
        assertThat(replay.duplicates()).isEqualTo(records.size());
    }

    @Test
    void eventsQueuedBeforeTheSubscriptionAreCollectedToo() throws InterruptedException {
        List<String> queuedBefore = simulator.traffic().emit(1234);
        assertThat(simulator.queuedCount()).isEqualTo(queuedBefore.size());

        Collector collector = started(Transport.RESP_SUBSCRIBE);
        List<String> afterwards = simulator.traffic().emit(80);

        int expected = queuedBefore.size() + afterwards.size();
        await(() -> storedEvents(database) == expected);
        collector.stop();
        assertThat(simulator.queuedCount()).isZero();
        assertThat(storedEvents(database)).isEqualTo(expected);
        assertThat(collector.health().receivedTotal()).isEqualTo(expected);
        List<String> all = new ArrayList<>(queuedBefore);
        all.addAll(afterwards);
        WriteResult replay = store.write(asItems(all));
        assertThat(replay.added()).isZero();
        assertThat(replay.duplicates()).isEqualTo(expected);
    }

    @Test
    void eventsQueuedWhileTheSubscriptionWasDownAreCollectedOnResubscribe() throws InterruptedException {
        Collector collector = started(Transport.RESP_SUBSCRIBE);
        List<String> all = new ArrayList<>(simulator.traffic().emit(20));
        await(() -> storedEvents(database) == all.size());

        simulator.restart();
        // Without a subscriber CPA queues these; the collector has to fetch them when it subscribes again.
        await(() -> simulator.subscriberCount() == 0);
        all.addAll(simulator.traffic().emit(60));
        awaitCollecting(collector, CollectorMode.RESP_SUBSCRIBE);
        all.addAll(simulator.traffic().emit(40));

        await(() -> storedEvents(database) == all.size());
        assertThat(simulator.queuedCount()).isZero();
        assertThat(store.write(asItems(all)).added()).isZero();
    }

    @Test
    void aSecondSubscriberTakesNothingAwayFromTheConsole() throws InterruptedException {
        Collector collector = started(Transport.RESP_SUBSCRIBE);
        List<String> seenByOther = new CopyOnWriteArrayList<>();
        RespUsageChannel other = RespUsageChannel.open(new CpaClient(simulator.baseUri(), KEY));
        other.subscribe(seenByOther::add, cause -> { });
        await(() -> simulator.subscriberCount() == 2);

        List<String> records = simulator.traffic().emit(200);

        await(() -> storedEvents(database) == records.size());
        await(() -> seenByOther.containsAll(records));
        other.unsubscribe();
        assertThat(collector.health().warning()).isNull();
    }

    @Test
    void anotherConsumerPoppingTheQueueIsReported() throws Exception {
        Collector collector = collector(fast(Transport.HTTP_QUEUE).withSplitCheckInterval(Duration.ofMillis(500)),
                KEY);
        collector.start();
        awaitCollecting(collector, CollectorMode.HTTP_QUEUE);
        CpaClient otherConsumer = new CpaClient(simulator.baseUri(), KEY);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger takenByOther = new AtomicInteger();
        Thread traffic = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                simulator.traffic().emit(10);
                sleep(50);
            }
        });
        Thread thief = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                takenByOther.addAndGet(otherConsumer.popUsageQueue(500).size());
                sleep(30);
            }
        });
        try {
            await(() -> collector.health().warning() != null);
        } finally {
            running.set(false);
            traffic.join();
            thief.join();
        }

        assertThat(takenByOther.get()).isPositive();
        assertThat(collector.health().warning())
                .startsWith("Another consumer is taking usage events from CPA: ")
                .containsPattern("\\d+ of \\d+ events missing in the last");
        assertThat(gaps(GapRecorder.STREAM_SPLIT)).isNotEmpty();
    }

    @Test
    void aConsoleAloneOnTheQueueSeesNoSplit() throws Exception {
        Collector collector = collector(fast(Transport.HTTP_QUEUE).withSplitCheckInterval(Duration.ofMillis(300)),
                KEY);
        List<String> records = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        // Traffic flows before, during and after the start, so the first counter reading meets a busy queue.
        Thread traffic = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                records.addAll(simulator.traffic().emit(10));
                sleep(40);
            }
        });
        Thread.sleep(200);
        collector.start();
        awaitCollecting(collector, CollectorMode.HTTP_QUEUE);
        Thread.sleep(2500);
        running.set(false);
        traffic.join();

        await(() -> storedEvents(database) == records.size());
        Thread.sleep(700);
        assertThat(collector.health().warning()).isNull();
        assertThat(gaps(GapRecorder.STREAM_SPLIT)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"RESP_SUBSCRIBE", "HTTP_QUEUE"})
    void aRestartOfCpaIsSurvivedAndRecordedAsAGap(Transport transport) throws InterruptedException {
        Collector collector = collector(fast(transport).withSplitCheckInterval(Duration.ofMillis(200)), KEY);
        collector.start();
        awaitCollecting(collector, modeOf(transport));
        List<String> before = simulator.traffic().emit(50);
        await(() -> storedEvents(database) == before.size());
        // Let a counter reading include the events above, so that a restart shows as counters going down.
        Thread.sleep(600);

        simulator.restart();

        await(() -> !gaps(GapRecorder.DISCONNECTED).isEmpty());
        awaitCollecting(collector, modeOf(transport));
        List<String> after = simulator.traffic().emit(50);
        await(() -> storedEvents(database) == before.size() + after.size());
        assertThat(collector.health().state()).isEqualTo(CollectorState.COLLECTING);
        assertThat(collector.health().warning()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"RESP_SUBSCRIBE", "HTTP_QUEUE"})
    void aWrongKeyCostsOneFailedAttemptAndStopsAllTraffic(Transport transport) throws InterruptedException {
        Collector collector = collector(fast(transport), "not-the-key");
        collector.start();

        await(() -> collector.health().state() == CollectorState.KEY_REJECTED);
        // Several reconnect periods pass: a collector that retried would show more attempts.
        Thread.sleep(1500);

        assertThat(simulator.failedAuthAttempts()).isEqualTo(1);
        assertThat(simulator.respCommandLog()).isEmpty();
        assertThat(collector.health().lastError()).contains("CPA refused the management key – check it in Settings");
        assertThat(gaps(GapRecorder.KEY_REJECTED)).singleElement().satisfies(gap -> assertThat(gap.end()).isNull());

        collector.replaceManagementKey(KEY);

        awaitCollecting(collector, modeOf(transport));
        List<String> records = simulator.traffic().emit(10);
        await(() -> storedEvents(database) == records.size());
        assertThat(gaps(GapRecorder.KEY_REJECTED).getFirst().end()).isNotNull();
    }

    @Test
    void aWrongKeyOnRespCostsOneAttemptAndIsTheOnlyCommandSent() {
        CpaClient client = new CpaClient(simulator.baseUri(), "not-the-key");

        assertThatThrownBy(() -> RespUsageChannel.open(client)).isInstanceOf(ManagementKeyRejectedException.class);
        assertThatThrownBy(() -> RespUsageChannel.open(client)).isInstanceOf(ManagementKeyRejectedException.class);
        assertThatThrownBy(client::usageStatisticsEnabled).isInstanceOf(ManagementKeyRejectedException.class);

        assertThat(simulator.failedAuthAttempts()).isEqualTo(1);
        assertThat(simulator.respCommandLog()).containsExactly("AUTH");
    }

    @Test
    void aCpaThatRefusesRespIsUnavailableThereButTheKeyStaysAccepted() {
        simulator.setVersion("v7.1.17");
        CpaClient client = new CpaClient(simulator.baseUri(), KEY);

        assertThatThrownBy(() -> RespUsageChannel.open(client))
                .isInstanceOf(CpaUnavailableException.class);

        assertThat(client.isKeyRejected()).isFalse();
        assertThat(simulator.failedAuthAttempts()).isZero();
    }

    @Test
    void respSendsAuthFirstAndNoHandshakeOfItsOwn() throws InterruptedException {
        Collector subscriber = started(Transport.RESP_SUBSCRIBE);
        subscriber.stop();
        Collector popper = started(Transport.RESP_POP);
        simulator.traffic().emit(5);
        await(() -> storedEvents(database) >= 5);
        popper.stop();

        List<String> commands = simulator.respCommandLog();
        assertThat(commands.getFirst()).isEqualTo("AUTH");
        assertThat(commands).contains("SUBSCRIBE", "LPOP").doesNotContain("HELLO", "CLIENT", "SELECT");
        assertThat(commands.subList(commands.indexOf("UNSUBSCRIBE") + 1, commands.size()).getFirst())
                .isEqualTo("AUTH");
        assertThat(simulator.failedAuthAttempts()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"RESP_SUBSCRIBE", "HTTP_QUEUE"})
    void malformedItemsAreQuarantinedWhileTheRestIsStored(Transport transport) throws InterruptedException {
        started(transport);

        List<String> records = new ArrayList<>(simulator.traffic().emit(20));
        simulator.publish("not json");
        simulator.publish("{\"timestamp\": 5, \"tokens\": \"many\", \"failed\": \"no\"}");
        records.addAll(simulator.traffic().emit(20));

        await(() -> storedEvents(database) == records.size() && quarantined() == 2);
    }

    @Test
    void aKilledCollectorLosesNothingCommittedAndDuplicatesNothingAfterRestart() throws Exception {
        Collector killed = started(Transport.HTTP_QUEUE);
        List<String> produced = new ArrayList<>(simulator.traffic().emit(200));
        await(() -> storedEvents(database) >= 50);
        produced.addAll(simulator.traffic().emit(200));

        killed.halt();
        Set<String> committedBeforeKill = storedIdentities(database);
        database.close();

        Database reopened = Database.open(dataDir);
        try {
            UsageEventStore reopenedStore = new UsageEventStore(reopened);
            Collector restarted = new Collector(new CpaClient(simulator.baseUri(), KEY), reopenedStore::write,
                    reopened, fast(Transport.HTTP_QUEUE));
            restarted.start();
            await(() -> restarted.health().state() == CollectorState.COLLECTING);
            List<String> afterRestart = simulator.traffic().emit(100);
            produced.addAll(afterRestart);
            await(() -> storedEvents(reopened) >= committedBeforeKill.size() + afterRestart.size()
                    && simulator.queuedCount() == 0);
            restarted.stop();

            assertThat(storedIdentities(reopened)).containsAll(committedBeforeKill);
            int stored = storedEvents(reopened);
            WriteResult replay = reopenedStore.write(asItems(produced));
            assertThat(replay.duplicates()).isEqualTo(stored);
            assertThat(replay.added()).isEqualTo(produced.size() - stored);
            assertThat(new GapRecorder(reopened).all())
                    .anySatisfy(gap -> assertThat(gap.reason()).isEqualTo(GapRecorder.CONSOLE_STOPPED));
        } finally {
            database = reopened;
        }
    }

    @Test
    void statisticsThatAreOffAreTurnedOnAndTheOperatorIsTold() throws InterruptedException {
        simulator.setUsageStatisticsEnabled(false);

        Collector collector = started(Transport.HTTP_QUEUE);

        assertThat(simulator.usageStatisticsEnabled()).isTrue();
        assertThat(collector.notices()).containsExactly(Collector.STATISTICS_TURNED_ON);
        List<String> records = simulator.traffic().emit(10);
        await(() -> storedEvents(database) == records.size());
    }

    @Test
    void statisticsStayOffWhenTheOperatorSaidSoAndTheGapIsRecorded() throws InterruptedException {
        simulator.setUsageStatisticsEnabled(false);
        Collector collector = collector(fast(Transport.HTTP_QUEUE).withEnableStatistics(false), KEY);

        collector.start();
        awaitCollecting(collector, CollectorMode.HTTP_QUEUE);

        assertThat(simulator.usageStatisticsEnabled()).isFalse();
        assertThat(collector.notices()).isEmpty();
        assertThat(collector.health().warning()).contains("Usage statistics are off in CPA");
        assertThat(gaps(GapRecorder.STATISTICS_DISABLED)).singleElement()
                .satisfies(gap -> assertThat(gap.end()).isNull());
    }

    @ParameterizedTest
    @CsvSource({"v7.2.140, RESP_SUBSCRIBE", "v6.10.9, HTTP_QUEUE", "v6.10.5, RESP_POP", "v7.1.17, HTTP_QUEUE"})
    void theVersionDecidesTheTransport(String version, CollectorMode expected) throws InterruptedException {
        simulator.setVersion(version);
        Collector collector = collector(fast(Transport.AUTO), KEY);

        collector.start();

        awaitCollecting(collector, expected);
        assertThat(collector.health().cpaVersion()).isEqualTo(version);
        List<String> records = simulator.traffic().emit(30);
        await(() -> storedEvents(database) == records.size());
        if (expected == CollectorMode.HTTP_QUEUE) {
            assertThat(simulator.respCommandLog()).isEmpty();
        }
    }

    @Test
    void aVersionWithoutALiveChannelIsUnsupported() throws InterruptedException {
        simulator.setVersion("v6.9.0");
        Collector collector = collector(fast(Transport.AUTO), KEY);

        collector.start();

        await(() -> collector.health().state() == CollectorState.UNSUPPORTED);
        assertThat(collector.health().lastError()).contains("v6.9.0").contains("import");
        assertThat(collector.health().mode()).isEqualTo(CollectorMode.NONE);
        assertThat(simulator.respCommandLog()).isEmpty();
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
