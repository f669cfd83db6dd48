package dev.cpaconsole.models.core;

import static dev.cpaconsole.store.schema.Tables.MODEL_INVENTORY_ACCOUNT;
import static dev.cpaconsole.store.schema.Tables.MODEL_INVENTORY_MODEL;
import static dev.cpaconsole.store.schema.Tables.MODEL_INVENTORY_REFRESH;
import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.sum;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.jooq.DSLContext;
import org.jooq.Record;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.store.schema.tables.records.ModelInventoryRefreshRecord;
import dev.cpaconsole.usage.core.CpaTimestamps;

/** The saved inventory in SQLite, and the usage it is built with. Prices are never stored. */
final class InventoryStore {
    private static final int ONLY_ROW = 1;
    private static final String PROVIDER_SEPARATOR = ",";

    private final Database database;

    InventoryStore(Database database) {
        this.database = database;
    }

    /** Usage and providers per model of the events from {@code since} on. */
    Map<String, ModelWeek> usageSince(Instant since) {
        long sinceNanos = CpaTimestamps.toEpochNanos(since);
        Map<String, ModelWeek> byModel = new HashMap<>();
        database.read(dsl -> dsl.select(USAGE_EVENT.MODEL, USAGE_EVENT.PROVIDER, count(),
                        sum(USAGE_EVENT.TOTAL_TOKENS))
                .from(USAGE_EVENT)
                .where(USAGE_EVENT.TS_NS.ge(sinceNanos))
                .groupBy(USAGE_EVENT.MODEL, USAGE_EVENT.PROVIDER)
                .fetch())
                .forEach(row -> {
                    Number tokens = row.value4();
                    byModel.computeIfAbsent(row.value1(), model -> new ModelWeek())
                            .add(row.value2(), row.value3(), tokens == null ? 0 : tokens.longValue());
                });
        return byModel;
    }

    /** Replaces the saved inventory with {@code snapshot}. */
    void save(InventorySnapshot snapshot) {
        database.write(dsl -> {
            dsl.deleteFrom(MODEL_INVENTORY_ACCOUNT).execute();
            dsl.deleteFrom(MODEL_INVENTORY_MODEL).execute();
            dsl.deleteFrom(MODEL_INVENTORY_REFRESH).execute();
            dsl.insertInto(MODEL_INVENTORY_REFRESH)
                    .set(MODEL_INVENTORY_REFRESH.ID, ONLY_ROW)
                    .set(MODEL_INVENTORY_REFRESH.REFRESHED_NS, CpaTimestamps.toEpochNanos(snapshot.refreshedAt()))
                    .set(MODEL_INVENTORY_REFRESH.USAGE_SINCE_NS, CpaTimestamps.toEpochNanos(snapshot.usageSince()))
                    .set(MODEL_INVENTORY_REFRESH.PROXY_LIST_STATE, snapshot.proxyList().state().name())
                    .set(MODEL_INVENTORY_REFRESH.PROXY_LIST_MESSAGE, snapshot.proxyList().message())
                    .set(MODEL_INVENTORY_REFRESH.AUTH_FILES_STATE, snapshot.authFiles().state().name())
                    .set(MODEL_INVENTORY_REFRESH.AUTH_FILES_MESSAGE, snapshot.authFiles().message())
                    .execute();
            for (ModelRow row : snapshot.rows()) {
                insert(dsl, row);
            }
            return null;
        });
    }

    private static void insert(DSLContext dsl, ModelRow row) {
        dsl.insertInto(MODEL_INVENTORY_MODEL)
                .set(MODEL_INVENTORY_MODEL.MODEL_ID, row.id())
                .set(MODEL_INVENTORY_MODEL.OWNED_BY, row.ownedBy())
                .set(MODEL_INVENTORY_MODEL.DISPLAY_NAME, row.displayName())
                .set(MODEL_INVENTORY_MODEL.IN_PROXY_LIST, row.inProxyList() ? 1 : 0)
                .set(MODEL_INVENTORY_MODEL.PROVIDERS, String.join(PROVIDER_SEPARATOR, row.providers()))
                .set(MODEL_INVENTORY_MODEL.REQUESTS_7D, row.usage().requests())
                .set(MODEL_INVENTORY_MODEL.TOKENS_7D, row.usage().totalTokens())
                .execute();
        for (ServingAccount account : row.accounts()) {
            dsl.insertInto(MODEL_INVENTORY_ACCOUNT)
                    .set(MODEL_INVENTORY_ACCOUNT.MODEL_ID, row.id())
                    .set(MODEL_INVENTORY_ACCOUNT.FILE_NAME, account.fileName())
                    .set(MODEL_INVENTORY_ACCOUNT.ACCOUNT, account.account())
                    .set(MODEL_INVENTORY_ACCOUNT.AUTH_INDEX, account.authIndex())
                    .set(MODEL_INVENTORY_ACCOUNT.PROVIDER, account.provider())
                    .execute();
        }
    }

    /** The saved inventory without prices, or empty when none was saved yet. */
    Optional<InventorySnapshot> load() {
        return database.read(dsl -> {
            ModelInventoryRefreshRecord refresh = dsl.selectFrom(MODEL_INVENTORY_REFRESH)
                    .where(MODEL_INVENTORY_REFRESH.ID.eq(ONLY_ROW))
                    .fetchOne();
            if (refresh == null) {
                return Optional.empty();
            }
            Map<String, List<ServingAccount>> accounts = new HashMap<>();
            dsl.selectFrom(MODEL_INVENTORY_ACCOUNT)
                    .orderBy(MODEL_INVENTORY_ACCOUNT.MODEL_ID, MODEL_INVENTORY_ACCOUNT.FILE_NAME)
                    .forEach(account -> accounts.computeIfAbsent(account.getModelId(), id -> new ArrayList<>())
                            .add(new ServingAccount(account.getFileName(), account.getAccount(),
                                    account.getAuthIndex(), account.getProvider())));
            List<ModelRow> rows = new ArrayList<>();
            for (Record model : dsl.selectFrom(MODEL_INVENTORY_MODEL).orderBy(MODEL_INVENTORY_MODEL.MODEL_ID)) {
                String id = model.get(MODEL_INVENTORY_MODEL.MODEL_ID);
                String providers = model.get(MODEL_INVENTORY_MODEL.PROVIDERS);
                rows.add(new ModelRow(id, model.get(MODEL_INVENTORY_MODEL.OWNED_BY),
                        model.get(MODEL_INVENTORY_MODEL.DISPLAY_NAME),
                        model.get(MODEL_INVENTORY_MODEL.IN_PROXY_LIST) != 0,
                        accounts.getOrDefault(id, List.of()),
                        providers.isEmpty() ? List.of() : Arrays.asList(providers.split(PROVIDER_SEPARATOR)),
                        new ModelUsage(model.get(MODEL_INVENTORY_MODEL.REQUESTS_7D),
                                model.get(MODEL_INVENTORY_MODEL.TOKENS_7D)),
                        Optional.empty()));
            }
            return Optional.of(new InventorySnapshot(CpaTimestamps.fromEpochNanos(refresh.getRefreshedNs()),
                    CpaTimestamps.fromEpochNanos(refresh.getUsageSinceNs()), rows,
                    status(refresh.getProxyListState(), refresh.getProxyListMessage()),
                    status(refresh.getAuthFilesState(), refresh.getAuthFilesMessage())));
        });
    }

    private static SourceStatus status(String state, String message) {
        SourceStatus.State known;
        try {
            known = SourceStatus.State.valueOf(state);
        } catch (IllegalArgumentException e) {
            known = SourceStatus.State.FAILED;
        }
        return new SourceStatus(known, message);
    }

    /** One model's usage over the window, with the providers that served it. */
    static final class ModelWeek {
        private ModelUsage usage = ModelUsage.NONE;
        private final TreeSet<String> providers = new TreeSet<>();

        void add(String provider, long requests, long tokens) {
            usage = usage.plus(requests, tokens);
            if (provider != null && !provider.isEmpty()) {
                providers.add(provider);
            }
        }

        ModelUsage usage() {
            return usage;
        }

        TreeSet<String> providers() {
            return providers;
        }
    }
}
