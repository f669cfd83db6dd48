package dev.cpaconsole.models.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.concurrent.Subscription;
import dev.cpaconsole.cpa.AuthFile;
import dev.cpaconsole.cpa.AuthFileModel;
import dev.cpaconsole.cpa.ClientKeyRejectedException;
import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.cpa.CpaException;
import dev.cpaconsole.cpa.CpaRouteMissingException;
import dev.cpaconsole.cpa.CpaUnavailableException;
import dev.cpaconsole.cpa.ManagementKeyRejectedException;
import dev.cpaconsole.cpa.ProxyModel;
import dev.cpaconsole.settings.core.CpaNotConfiguredException;
import dev.cpaconsole.settings.core.KeyStoreException;
import dev.cpaconsole.settings.core.ManagementKeyStore;
import dev.cpaconsole.store.Database;

/**
 * Which models the operator's CPA offers: {@code GET /v1/models} combined with each auth file's
 * models ({@code GET /auth-files/models}), with the accounts and providers serving each model,
 * its usage over the last seven days and the price it matches.
 *
 * <p>{@code /v1/models} needs a client key: the one the operator saved in Settings, otherwise the
 * first key CPA lists under {@code GET /api-keys}. Without a key, or when CPA refuses it, the
 * inventory is built from the auth files alone and its {@link InventorySnapshot#proxyList()}
 * says why. Each refresh replaces the saved inventory; a refresh that can read neither source
 * keeps the saved one. Listeners hear of every refresh, scheduled or asked for. Thread-safe;
 * refreshes run one at a time.
 */
public final class ModelInventory {
    /** How far back the usage column looks. */
    public static final Duration USAGE_WINDOW = Duration.ofDays(7);
    private static final Logger LOG = LoggerFactory.getLogger(ModelInventory.class);
    private static final String OLDEST_WITH_FILE_MODELS = "v6.6.11";

    private final InventoryStore store;
    private final Supplier<CpaClient> cpa;
    private final ManagementKeyStore clientKeys;
    private final PriceLookup prices;
    private final Clock clock;
    private final ReentrantLock refreshing = new ReentrantLock();
    private final List<Consumer<InventoryEvent>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param cpa the client for the saved CPA; may throw {@link CpaNotConfiguredException}
     * @param clientKeys where the operator's optional client key is kept
     * @param prices finds each model's price when rows are handed out
     * @param clock the current instant, for the refresh time and the usage window
     */
    public ModelInventory(Database database, Supplier<CpaClient> cpa, ManagementKeyStore clientKeys,
            PriceLookup prices, Clock clock) {
        this.store = new InventoryStore(database);
        this.cpa = cpa;
        this.clientKeys = clientKeys;
        this.prices = prices;
        this.clock = clock;
    }

    /**
     * Registers a listener for every refresh, called on the refreshing thread. It should be quick
     * and must not block.
     */
    public Subscription addListener(Consumer<InventoryEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The saved inventory with today's prices, or empty before the first refresh. Reads the database. */
    public Optional<InventorySnapshot> lastSnapshot() {
        return store.load().map(this::priced);
    }

    /**
     * Asks CPA now, saves the new inventory and returns it with today's prices. Waits while
     * another refresh runs. Blocks on the network and the database.
     *
     * @throws ModelInventoryException when neither source could be read; the saved inventory stays
     */
    public InventorySnapshot refresh() {
        refreshing.lock();
        try {
            Instant started = clock.instant();
            publish(new InventoryEvent.RefreshStarted(started));
            try {
                InventorySnapshot built = build(started);
                store.save(built);
                InventorySnapshot snapshot = priced(built);
                LOG.info("Model inventory refreshed: {} models; /v1/models {}, auth files {}", snapshot.rows().size(),
                        built.proxyList().state(), built.authFiles().state());
                publish(new InventoryEvent.Refreshed(snapshot));
                return snapshot;
            } catch (ModelInventoryException e) {
                LOG.warn("Model inventory not refreshed: {}", e.getMessage());
                publish(new InventoryEvent.RefreshFailed(started, e.getMessage()));
                throw e;
            } catch (RuntimeException e) {
                LOG.error("Refreshing the model inventory failed", e);
                publish(new InventoryEvent.RefreshFailed(started, "Refreshing the models failed: "
                        + Database.firstLine(e)));
                throw e;
            }
        } finally {
            refreshing.unlock();
        }
    }

    /** {@link #refresh()} for a schedule: its outcome reaches the listeners and the log only. */
    public void refreshOnSchedule() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // Already logged and published by refresh(); a schedule has nobody else to tell.
        }
    }

    /**
     * Tells the listeners the saved inventory with prices looked up again; call it after the price
     * table changed. Reads the database; does nothing before the first refresh.
     */
    public void pricesChanged() {
        lastSnapshot().ifPresent(snapshot -> publish(new InventoryEvent.Repriced(snapshot)));
    }

    private InventorySnapshot build(Instant now) {
        CpaClient client;
        try {
            client = cpa.get();
        } catch (CpaNotConfiguredException e) {
            throw new ModelInventoryException(e.getMessage());
        }
        FileModels files = readAuthFiles(client);
        ProxyList proxy = readProxyList(client, files.managementAnswered());
        if (!files.status().isOk() && !proxy.status().isOk()) {
            throw new ModelInventoryException(files.managementAnswered() ? proxy.status().message()
                    : files.status().message());
        }
        Instant since = now.minus(USAGE_WINDOW);
        Map<String, InventoryStore.ModelWeek> usage = store.usageSince(since);
        return new InventorySnapshot(now, since, combine(proxy, files, usage), proxy.status(), files.status());
    }

    private static List<ModelRow> combine(ProxyList proxy, FileModels files,
            Map<String, InventoryStore.ModelWeek> usage) {
        Map<String, RowBuilder> byId = new TreeMap<>();
        for (ProxyModel model : proxy.models()) {
            RowBuilder row = byId.computeIfAbsent(model.id(), RowBuilder::new);
            row.inProxyList = true;
            row.ownedBy = model.ownedBy();
        }
        for (Map.Entry<ServingAccount, List<AuthFileModel>> file : files.models().entrySet()) {
            for (AuthFileModel model : file.getValue()) {
                RowBuilder row = byId.computeIfAbsent(model.id(), RowBuilder::new);
                row.accounts.add(file.getKey());
                if (row.ownedBy.isEmpty()) {
                    row.ownedBy = model.ownedBy();
                }
                if (row.displayName.isEmpty()) {
                    row.displayName = model.displayName();
                }
            }
        }
        List<ModelRow> rows = new ArrayList<>();
        for (RowBuilder row : byId.values()) {
            InventoryStore.ModelWeek week = usage.get(row.id);
            TreeSet<String> providers = new TreeSet<>();
            row.accounts.forEach(account -> {
                if (!account.provider().isEmpty()) {
                    providers.add(account.provider());
                }
            });
            if (week != null) {
                providers.addAll(week.providers());
            }
            rows.add(new ModelRow(row.id, row.ownedBy, row.displayName, row.inProxyList, row.accounts,
                    List.copyOf(providers), week == null ? ModelUsage.NONE : week.usage(), Optional.empty()));
        }
        return rows;
    }

    private FileModels readAuthFiles(CpaClient client) {
        List<AuthFile> files;
        try {
            files = client.authFiles();
        } catch (CpaException e) {
            return new FileModels(false, SourceStatus.failed(problem(e, client, "list the auth files")), Map.of());
        }
        Map<ServingAccount, List<AuthFileModel>> models = new LinkedHashMap<>();
        int serving = 0;
        for (AuthFile file : files) {
            // CPA takes a disabled file's models out of its registry, so asking would only cost a call.
            if (file.disabled()) {
                continue;
            }
            List<AuthFileModel> listed;
            try {
                listed = client.authFileModels(file.name());
            } catch (CpaRouteMissingException e) {
                String cpaName = client.version().filter(v -> !v.isLegacy()).map(v -> "CPA " + v)
                        .orElse("This CPA");
                return new FileModels(true, SourceStatus.skipped(cpaName + " is older than " + OLDEST_WITH_FILE_MODELS
                        + " and cannot list each auth file's models, so the accounts serving each model are unknown"),
                        Map.of());
            } catch (CpaException e) {
                return new FileModels(true, SourceStatus.failed(problem(e, client,
                        "list the models of " + file.name())), Map.of());
            }
            models.put(account(file), listed);
            if (!listed.isEmpty()) {
                serving++;
            }
        }
        return new FileModels(true, SourceStatus.ok(serving + " of " + plural(files.size(), "auth file")
                + " serve models"), models);
    }

    private ProxyList readProxyList(CpaClient client, boolean managementAnswered) {
        Optional<String> saved;
        try {
            saved = clientKeys.load();
        } catch (KeyStoreException e) {
            LOG.warn("The client key could not be read: {}", e.getMessage());
            saved = Optional.empty();
        }
        String key;
        boolean fromSettings = saved.isPresent();
        if (fromSettings) {
            key = saved.get();
        } else if (!managementAnswered) {
            return ProxyList.without(SourceStatus.skipped("/v1/models was skipped: no client key is saved in "
                    + "Settings, and CPA's own list of client keys could not be read"));
        } else {
            List<String> listed;
            try {
                listed = client.apiKeys();
            } catch (CpaException e) {
                return ProxyList.without(SourceStatus.skipped("/v1/models was skipped: no client key is saved in "
                        + "Settings, and CPA's list of client keys could not be read (" + problem(e, client,
                        "list its client keys") + ")"));
            }
            Optional<String> first = listed.stream().map(String::strip).filter(k -> !k.isEmpty()).findFirst();
            if (first.isEmpty()) {
                return ProxyList.without(SourceStatus.skipped("/v1/models was skipped: CPA has no client keys "
                        + "(its proxy then serves anyone without a key) and none is saved in Settings"));
            }
            key = first.get();
        }
        String keySource = fromSettings ? "the client key saved in Settings" : "a client key from CPA's list";
        try {
            List<ProxyModel> models = client.proxyModels(key);
            return new ProxyList(SourceStatus.ok(plural(models.size(), "model") + ", asked with " + keySource),
                    models);
        } catch (ClientKeyRejectedException e) {
            return ProxyList.without(SourceStatus.failed(fromSettings
                    ? "CPA refused the client key saved in Settings \u2013 check it there"
                    : "CPA refused a client key from its own list; it may have just changed \u2013 "
                            + "the next refresh tries again"));
        } catch (CpaException e) {
            return ProxyList.without(SourceStatus.failed(problem(e, client, "list its models on /v1/models")));
        }
    }

    /** CPA's failure in plain words: key refused, not reachable, or what CPA said. */
    private static String problem(CpaException e, CpaClient client, String what) {
        return switch (e) {
            case ManagementKeyRejectedException rejected -> ManagementKeyRejectedException.MESSAGE;
            case CpaUnavailableException unavailable when unavailable.status() == 0 ->
                    "CPA is not reachable at " + client.baseUri();
            case CpaUnavailableException unavailable ->
                    "CPA failed to " + what + " (status " + unavailable.status() + ")";
            default -> "CPA could not " + what + ": " + e.getMessage();
        };
    }

    private static ServingAccount account(AuthFile file) {
        String account = !file.email().isEmpty() ? file.email() : file.label();
        return new ServingAccount(file.name(), account, file.authIndex(), file.provider().isEmpty() ? file.type()
                : file.provider());
    }

    private InventorySnapshot priced(InventorySnapshot snapshot) {
        Instant now = clock.instant();
        List<ModelRow> rows = new ArrayList<>(snapshot.rows().size());
        for (ModelRow row : snapshot.rows()) {
            rows.add(row.withPrice(priceOf(row.id(), now)));
        }
        return new InventorySnapshot(snapshot.refreshedAt(), snapshot.usageSince(), rows, snapshot.proxyList(),
                snapshot.authFiles());
    }

    private Optional<ModelPrice> priceOf(String modelId, Instant at) {
        try {
            return prices.priceOf(modelId, at);
        } catch (RuntimeException e) {
            // One unreadable price must not hide the inventory; the row reads as unpriced.
            LOG.warn("The price of {} could not be looked up", modelId, e);
            return Optional.empty();
        }
    }

    private void publish(InventoryEvent event) {
        for (Consumer<InventoryEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.error("A model inventory listener failed", e);
            }
        }
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** The auth files' side of a refresh; {@code managementAnswered} when CPA accepted the management key. */
    private record FileModels(boolean managementAnswered, SourceStatus status,
            Map<ServingAccount, List<AuthFileModel>> models) {
    }

    private record ProxyList(SourceStatus status, List<ProxyModel> models) {
        static ProxyList without(SourceStatus status) {
            return new ProxyList(status, List.of());
        }
    }

    private static final class RowBuilder {
        private final String id;
        private String ownedBy = "";
        private String displayName = "";
        private boolean inProxyList;
        private final List<ServingAccount> accounts = new ArrayList<>();

        RowBuilder(String id) {
            this.id = id;
        }
    }
}
