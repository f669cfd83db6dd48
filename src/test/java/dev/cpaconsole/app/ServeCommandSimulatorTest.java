package dev.cpaconsole.app;

import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cpaconsole.app.cli.ServeCommand;
import dev.cpaconsole.collector.core.CollectorSettings.Transport;
import dev.cpaconsole.collector.core.CollectorState;
import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.keys.core.CreatedKey;
import dev.cpaconsole.keys.core.KeyLimits;
import dev.cpaconsole.keys.core.ManagedKeyStore;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.HistoryMaintenance;
import dev.cpaconsole.usage.core.UsageEventStore;
import dev.cpaconsole.users.core.Role;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserDetails;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

class ServeCommandSimulatorTest {
    @TempDir
    Path dataDir;

    private CpaSimulator simulator;
    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @BeforeEach
    void startSimulator() {
        simulator = CpaSimulator.start(SimulatorOptions.builder()
                .managementKey(CollectorSimulatorTest.KEY)
                .usageStatisticsEnabled(true)
                .apiKeys(List.of("sk-test-client-alice-0001"))
                .build());
        simulator.authFiles().addCodex("alice@example.com", "plus");
    }

    @AfterEach
    void stopSimulator() {
        runner.shutdownNow();
        simulator.close();
    }

    @Test
    void sigtermStopsCleanlyWritesEverythingAndExitsWithZero() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ServeSignalProbe.class.getName(),
                "--cpa-url", simulator.baseUri().toString(), "--data-dir", dataDir.toString(), "--mode", "http")
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("serve.log").toFile());
        builder.environment().put(ServeCommand.KEY_VARIABLE, CollectorSimulatorTest.KEY);
        Process serve = builder.start();
        try {
            CollectorSimulatorTest.await(() -> simulator.queuedCount() == 0 && logged("Collecting usage from"));
            List<String> records = simulator.traffic().emit(30);
            CollectorSimulatorTest.await(() -> simulator.queuedCount() == 0);

            serve.destroy();

            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(serve.exitValue()).isZero();
            try (Database database = Database.open(dataDir)) {
                int stored = database.read(dsl -> dsl.fetchCount(USAGE_EVENT));
                assertThat(stored).isEqualTo(records.size());
            }
        } finally {
            serve.destroyForcibly();
        }
    }

    @Test
    void aWrongKeyCostsOneAttemptAndServeSaysHowToFixItOnceAndNamesTheVersion() throws Exception {
        ch.qos.logback.classic.Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory())
                .getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        try {
            ServeCommand serve = new ServeCommand(Map.of(ServeCommand.KEY_VARIABLE, "not-the-key"),
                    database -> new UsageEventStore(database)::write, CollectorSimulatorTest.fast(Transport.AUTO),
                    false);
            Future<Integer> status = runner.submit(() -> new CommandLine(serve).execute("--cpa-url",
                    simulator.baseUri().toString(), "--data-dir", dataDir.toString()));
            CollectorSimulatorTest.await(() -> serve.collector() != null
                    && serve.collector().health().state() == CollectorState.KEY_REJECTED);
            // Several reconnect periods pass: a serve that retried would cost more attempts.
            Thread.sleep(1500);

            assertThat(serve.collector().health().state()).isEqualTo(CollectorState.KEY_REJECTED);
            assertThat(simulator.failedAuthAttempts()).isEqualTo(1);
            assertThat(serve.collector().health().cpaVersion()).isEqualTo(simulator.version());
            assertThat(status.isDone()).as("serve keeps running").isFalse();
            serve.requestStop();
            assertThat(status.get(30, TimeUnit.SECONDS)).isZero();

            List<ILoggingEvent> events = List.copyOf(log.list);
            assertThat(events).filteredOn(event -> event.getLevel() == Level.ERROR)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .singleElement().asString().contains("set CPA_MANAGEMENT_KEY").contains("restart serve");
            assertThat(events).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(message -> message.contains("Settings"))
                    .filteredOn(message -> message.startsWith("Collector "))
                    .last().asString().contains("CPA " + simulator.version()).doesNotContain("unknown");
        } finally {
            root.detachAppender(log);
        }
    }

    private boolean logged(String text) {
        try {
            return Files.exists(dataDir.resolve("serve.log")) && Files.readString(dataDir.resolve("serve.log"))
                    .contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void storesWhatItReceivedKeepsTheGivenRetentionAndExitsWithZeroOnStop() throws Exception {
        ServeCommand serve = new ServeCommand(Map.of(ServeCommand.KEY_VARIABLE, CollectorSimulatorTest.KEY),
                database -> new UsageEventStore(database)::write, CollectorSimulatorTest.fast(Transport.AUTO), false);
        CommandLine command = new CommandLine(serve);

        Future<Integer> status = runner.submit(() -> command.execute("--cpa-url", simulator.baseUri().toString(),
                "--data-dir", dataDir.toString(), "--mode", "http", "--retention-days", "90"));
        CollectorSimulatorTest.await(() -> serve.collector() != null
                && serve.collector().health().state() == CollectorState.COLLECTING);
        List<String> records = simulator.traffic().emit(40);
        CollectorSimulatorTest.await(() -> serve.collector().health().receivedTotal() == records.size());
        serve.requestStop();

        assertThat(status.get(30, TimeUnit.SECONDS)).isZero();
        try (Database database = Database.open(dataDir)) {
            int stored = database.read(dsl -> dsl.fetchCount(USAGE_EVENT));
            assertThat(stored).isEqualTo(records.size());
            assertThat(new HistoryMaintenance(database, Clock.systemUTC()).retentionDays()).isEqualTo(90);
        }
    }

    @Test
    void putsAKeyCreatedWhileCpaWasUnreachableIntoCpaAndStopsChecking() throws Exception {
        CreatedKey created;
        try (Database database = Database.open(dataDir); ServerSocket closed = new ServerSocket(0)) {
            CpaClient unreachable = new CpaClient(URI.create("http://127.0.0.1:" + closed.getLocalPort()),
                    CollectorSimulatorTest.KEY);
            AccessServices access = AccessServices.open(database, new PriceStore(database, Clock.systemUTC()),
                    () -> unreachable, new FileManagementKeyStore(dataDir, KeyKind.KEY_ENCRYPTION),
                    () -> ZoneOffset.UTC, Clock.systemUTC());
            User alice = access.users().create("test", UserDetails.named("alice", Role.USER), null);
            created = access.keys().create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        }
        assertThat(simulator.apiKeys()).doesNotContain(created.value());
        ServeCommand serve = new ServeCommand(Map.of(ServeCommand.KEY_VARIABLE, CollectorSimulatorTest.KEY),
                database -> new UsageEventStore(database)::write, CollectorSimulatorTest.fast(Transport.AUTO), false,
                directory -> new FileManagementKeyStore(directory, KeyKind.KEY_ENCRYPTION));

        Future<Integer> status = runner.submit(() -> new CommandLine(serve).execute("--cpa-url",
                simulator.baseUri().toString(), "--data-dir", dataDir.toString(), "--mode", "http"));
        CollectorSimulatorTest.await(() -> simulator.apiKeys().contains(created.value()));
        serve.requestStop();

        assertThat(status.get(30, TimeUnit.SECONDS)).isZero();
        int reads = simulator.apiKeyRequestLog().size();
        Thread.sleep(200);
        assertThat(simulator.apiKeyRequestLog()).hasSize(reads);
        try (Database database = Database.open(dataDir)) {
            assertThat(new ManagedKeyStore(database).byId(created.key().id()).orElseThrow().inCpa()).isTrue();
        }
    }
}
