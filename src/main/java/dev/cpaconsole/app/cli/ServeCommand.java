package dev.cpaconsole.app.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.cpaconsole.app.AccessServices;
import dev.cpaconsole.collector.core.Collector;
import dev.cpaconsole.collector.core.CollectorHealth;
import dev.cpaconsole.collector.core.CollectorSettings;
import dev.cpaconsole.collector.core.CollectorSettings.Transport;
import dev.cpaconsole.collector.core.UsageSink;
import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.keys.core.KeyEnforcement;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.schedule.Schedules;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.settings.core.ManagementKeyStore;
import dev.cpaconsole.settings.core.ManagementKeyStores;
import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.store.DataDirectory;
import dev.cpaconsole.store.DataDirectoryLock;
import dev.cpaconsole.store.StoreException;
import dev.cpaconsole.usage.core.HistoryMaintenance;
import dev.cpaconsole.usage.core.UsageEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code serve}: collects usage from one CPA into the console's database without any window, and
 * checks the managed client keys against their rules and CPA every minute, until
 * the process is told to stop (SIGTERM/SIGINT) or {@link #requestStop()} is called. Everything
 * received before the stop is written before the command returns, and the process then ends with
 * status 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Collect CPA usage into the console's database without a window.",
            "Also checks the managed client keys every minute: a key that expires or runs over its budget or "
                    + "quota leaves CPA, and one whose limit clears goes back in."})
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    /** Environment variable with CPA's management key; never a command-line option (it would show in ps). */
    public static final String KEY_VARIABLE = "CPA_MANAGEMENT_KEY";
    static final String KEY_ADVICE = "set " + KEY_VARIABLE + " to the right key and restart serve";
    static final Duration SUMMARY_INTERVAL = Duration.ofMinutes(1);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

    @Spec
    private CommandSpec spec;

    @Option(names = "--cpa-url", required = true, paramLabel = "URL",
            description = "CPA's address, e.g. http://127.0.0.1:8317")
    private URI cpaUrl;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder of the console's database (default: the per-user application folder)")
    private Path dataDir;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "auto", converter = TransportConverter.class,
            description = "Transport: auto, subscribe, http or resp-pop (default: ${DEFAULT-VALUE})")
    private Transport transport;

    @Option(names = "--retention-days", paramLabel = "DAYS",
            description = {"Keep request-level usage events this many days (0: forever; 35 to 36500), and save "
                    + "it for later runs; daily, hourly and quarter-hour totals are kept forever",
                "(default: the saved value, or " + HistoryMaintenance.DEFAULT_RETENTION_DAYS + ")"})
    private Integer retentionDays;

    /**
     * How long after start the first key check waits, so the collector's login comes first and a
     * refused management key is reported once, by the collector.
     */
    static final Duration FIRST_KEY_CHECK = Duration.ofSeconds(3);

    private final Map<String, String> environment;
    private final Function<Database, UsageSink> sinkFactory;
    private final CollectorSettings baseSettings;
    private final boolean handleSignals;
    private final Function<Path, ManagementKeyStore> keyEncryptionSecrets;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Collector collector;

    /** The command as the console's launcher runs it: the process environment, signals handled. */
    public ServeCommand() {
        this(System.getenv(), database -> new UsageEventStore(database)::write, CollectorSettings.defaults(), true);
    }

    /**
     * @param environment where {@value #KEY_VARIABLE} and the data-directory variable are read
     * @param sinkFactory builds the usage store on the opened database
     * @param baseSettings collector settings; {@code --mode} replaces their transport
     * @param handleSignals end with status 0 after a clean stop on SIGTERM/SIGINT (off in tests)
     */
    public ServeCommand(Map<String, String> environment, Function<Database, UsageSink> sinkFactory,
            CollectorSettings baseSettings, boolean handleSignals) {
        this(environment, sinkFactory, baseSettings, handleSignals,
                directory -> ManagementKeyStores.forThisComputer(directory, KeyKind.KEY_ENCRYPTION));
    }

    /**
     * @param keyEncryptionSecrets where the secret that seals the data directory's client keys is
     *     kept, which key checks need to put a key back into CPA
     */
    public ServeCommand(Map<String, String> environment, Function<Database, UsageSink> sinkFactory,
            CollectorSettings baseSettings, boolean handleSignals,
            Function<Path, ManagementKeyStore> keyEncryptionSecrets) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.sinkFactory = Objects.requireNonNull(sinkFactory, "sinkFactory");
        this.baseSettings = Objects.requireNonNull(baseSettings, "baseSettings");
        this.handleSignals = handleSignals;
        this.keyEncryptionSecrets = Objects.requireNonNull(keyEncryptionSecrets, "keyEncryptionSecrets");
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String key = environment.get(KEY_VARIABLE);
        if (key == null || key.isBlank()) {
            err.println("serve: set " + KEY_VARIABLE + " to CPA's management key");
            err.flush();
            return 2;
        }
        CpaClient client;
        try {
            client = new CpaClient(cpaUrl, key.strip());
        } catch (IllegalArgumentException e) {
            err.println("serve: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (retentionDays != null) {
            try {
                HistoryMaintenance.checkRetention(retentionDays);
            } catch (IllegalArgumentException e) {
                err.println("serve: " + e.getMessage());
                err.flush();
                return 2;
            }
        }
        Path directory = DataDirectory.resolve(dataDir, environment, System.getProperty("os.name", ""),
                Path.of(System.getProperty("user.home")));
        DataDirectoryLock lock;
        try {
            lock = DataDirectoryLock.acquire(directory);
        } catch (StoreException e) {
            err.println("serve: " + e.getMessage());
            err.flush();
            return 1;
        }
        Thread shutdownHook = handleSignals ? new Thread(this::stopOnSignal, "serve-shutdown") : null;
        ScheduledExecutorService summaries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "serve-summary");
            thread.setDaemon(true);
            return thread;
        });
        try (lock; Database database = Database.open(directory); Schedules schedules = Schedules.start(2)) {
            HistoryMaintenance maintenance = new HistoryMaintenance(database, Clock.systemUTC(),
                    new SettingsStore(database)::timeZone);
            if (retentionDays != null) {
                maintenance.saveRetentionDays(retentionDays);
            }
            maintenance.schedule(schedules);
            LOG.info("Serving usage collection from {} into {}", client.baseUri(), database.file());
            Collector running = new Collector(client, sinkFactory.apply(database), database,
                    baseSettings.withTransport(transport));
            // Without a window there is no Settings screen; a new key takes a restart. serve itself
            // keeps running, since a service manager restarting it would spend one login attempt
            // per restart towards CPA's ban.
            running.setKeyRejectedAdvice(KEY_ADVICE);
            collector = running;
            MinuteSummary summary = new MinuteSummary();
            if (shutdownHook != null) {
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            running.start();
            KeyEnforcement enforcement = new KeyEnforcement(schedules, accessServices(database, client, directory)
                    .keys());
            // Checks wait for CPA to accept the management key: a refused key is the collector's to
            // report, with serve's advice, and checks could not reach CPA anyway.
            enforcement.start(Instant.now().plus(FIRST_KEY_CHECK), () -> client.keyLatch().isVerified());
            summaries.scheduleAtFixedRate(() -> LOG.info(summary.line(running.health())),
                    SUMMARY_INTERVAL.toMillis(), SUMMARY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            awaitStopRequest();
            enforcement.stop();
            schedules.close();
            summaries.shutdownNow();
            running.stop();
            LOG.info(summary.line(running.health()));
        } finally {
            summaries.shutdownNow();
            finished.countDown();
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                LOG.debug("Shutdown already under way", e);
            }
        }
        return 0;
    }

    /** Users, keys and the audit log over {@code database}, keeping CPA's key list in step through {@code client}. */
    private AccessServices accessServices(Database database, CpaClient client, Path directory) {
        PriceStore prices = new PriceStore(database, Clock.systemUTC());
        // Budgets are priced like every cost; a history that never saw the catalogue would price nothing.
        prices.installCatalogue();
        SettingsStore settings = new SettingsStore(database);
        return AccessServices.open(database, prices, () -> client, keyEncryptionSecrets.apply(directory),
                settings::timeZone, Clock.systemUTC());
    }

    /** Asks a running {@code serve} to stop; it writes everything received and returns 0. */
    public void requestStop() {
        stopRequested.countDown();
    }

    /** The running collector, or null before the command started it. */
    public Collector collector() {
        return collector;
    }

    private void awaitStopRequest() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs as a shutdown hook on SIGTERM/SIGINT: lets {@link #call()} stop the collector and write
     * everything, then ends the process with 0, since the JVM would otherwise report the signal
     * (143 or 130) for what was a clean stop.
     */
    private void stopOnSignal() {
        LOG.info("Stop requested by signal; writing what was received");
        requestStop();
        try {
            if (!finished.await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.error("Stopping took longer than {} s", SHUTDOWN_WAIT.toSeconds());
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Runtime.getRuntime().halt(0);
    }

    /** Turns health snapshots into the one-line summary logged every minute. */
    static final class MinuteSummary {
        private long received;
        private long stored;
        private long quarantined;

        synchronized String line(CollectorHealth health) {
            String text = String.format(Locale.ROOT,
                    "Collector %s via %s, CPA %s: received %d (total %d), stored %d (total %d), "
                            + "quarantined %d (total %d), last error: %s%s",
                    health.state(), health.mode().label(),
                    health.cpaVersion() == null ? "unknown" : health.cpaVersion(),
                    health.receivedTotal() - received, health.receivedTotal(),
                    health.storedTotal() - stored, health.storedTotal(),
                    health.quarantinedTotal() - quarantined, health.quarantinedTotal(),
                    health.lastError() == null ? "none" : health.lastError(),
                    health.warning() == null ? "" : ", warning: " + health.warning());
            received = health.receivedTotal();
            stored = health.storedTotal();
            quarantined = health.quarantinedTotal();
            return text;
        }
    }

    /** Reads {@code --mode}. */
    static final class TransportConverter implements ITypeConverter<Transport> {
        @Override
        public Transport convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "auto" -> Transport.AUTO;
                case "subscribe" -> Transport.RESP_SUBSCRIBE;
                case "http" -> Transport.HTTP_QUEUE;
                case "resp-pop" -> Transport.RESP_POP;
                default -> throw new TypeConversionException(
                        "'" + value + "' is not a mode; use auto, subscribe, http or resp-pop");
            };
        }
    }
}
