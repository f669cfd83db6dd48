package dev.cpaconsole.app;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.collector.core.Collector;
import dev.cpaconsole.collector.core.CollectorHealth;
import dev.cpaconsole.collector.core.CollectorMode;
import dev.cpaconsole.collector.core.CollectorSettings;
import dev.cpaconsole.collector.core.CollectorSettings.Transport;
import dev.cpaconsole.collector.core.CollectorState;
import dev.cpaconsole.concurrent.Subscription;
import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.CpaUrl;
import dev.cpaconsole.settings.core.ManagementKeyStore;
import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.UsageEventStore;

/**
 * The desktop's collector: built from the saved connection settings and management key each
 * time it starts, so that a restart picks up what the operator just applied. Health listeners
 * stay registered across restarts.
 */
public final class ManagedCollector implements CollectorControl {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedCollector.class);

    private final Database database;
    private final SettingsStore settings;
    private final ManagementKeyStore keys;
    private final CollectorSettings base;
    private final Clock clock;
    private final List<Consumer<CollectorHealth>> listeners = new CopyOnWriteArrayList<>();
    private volatile Collector running;
    private volatile CollectorHealth lastHealth = CollectorHealth.stopped();

    /**
     * @param base intervals and batch size; transport and the statistics switch come from the
     *     saved settings
     */
    public ManagedCollector(Database database, SettingsStore settings, ManagementKeyStore keys,
            CollectorSettings base, Clock clock) {
        this.database = database;
        this.settings = settings;
        this.keys = keys;
        this.base = base;
        this.clock = clock;
    }

    @Override
    public CollectorHealth health() {
        Collector collector = running;
        return collector == null ? lastHealth : collector.health();
    }

    @Override
    public Subscription addHealthListener(Consumer<CollectorHealth> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        ConnectionSettings saved = settings.load();
        if (!saved.isConfigured()) {
            LOG.info("Collector not started: no CPA address saved yet");
            return;
        }
        Optional<String> urlProblem = CpaUrl.problem(saved.cpaUrl());
        if (urlProblem.isPresent()) {
            publish(stoppedBecause(urlProblem.get()));
            return;
        }
        Optional<String> key = keys.load();
        if (key.isEmpty()) {
            publish(stoppedBecause("No management key saved \u2013 enter it in Settings"));
            return;
        }
        CpaClient client = new CpaClient(URI.create(saved.cpaUrl()), key.get());
        Collector collector = new Collector(client, new UsageEventStore(database)::write, database,
                base.withTransport(transportFor(saved)).withEnableStatistics(saved.enableStatistics()), clock);
        collector.addHealthListener(health -> {
            if (running == collector) {
                publish(health);
            }
        });
        running = collector;
        collector.start();
    }

    @Override
    public synchronized void stop() {
        Collector collector = running;
        if (collector == null) {
            return;
        }
        collector.stop();
        lastHealth = collector.health();
        running = null;
    }

    @Override
    public synchronized void restart() {
        stop();
        start();
    }

    private void publish(CollectorHealth health) {
        lastHealth = health;
        for (Consumer<CollectorHealth> listener : listeners) {
            listener.accept(health);
        }
    }

    private static Transport transportFor(ConnectionSettings saved) {
        return switch (saved.modePreference()) {
            case AUTOMATIC -> Transport.AUTO;
            case RESP_SUBSCRIBE -> Transport.RESP_SUBSCRIBE;
            case HTTP_QUEUE -> Transport.HTTP_QUEUE;
            case RESP_POP -> Transport.RESP_POP;
        };
    }

    private static CollectorHealth stoppedBecause(String problem) {
        return new CollectorHealth(CollectorState.STOPPED, CollectorMode.NONE, null, null, null, 0, 0, 0, 0, problem,
                null);
    }
}
