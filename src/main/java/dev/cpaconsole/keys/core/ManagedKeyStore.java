package dev.cpaconsole.keys.core;

import static dev.cpaconsole.store.schema.Tables.CLIENT_KEY;
import static dev.cpaconsole.store.schema.Tables.CONSOLE_USER;
import static dev.cpaconsole.store.schema.Tables.MANAGED_KEY;
import static dev.cpaconsole.store.schema.Tables.MANAGED_KEY_VALUE;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.store.schema.tables.records.ManagedKeyRecord;
import dev.cpaconsole.usage.core.CpaTimestamps;

/**
 * The managed keys and every value each has had. Rows are never removed: revoking or deleting a
 * key drops its sealed value and keeps the rest, so its history stays attributed.
 */
public final class ManagedKeyStore {
    private static final Field<Long> LAST_USED = DSL.field(DSL.select(DSL.max(CLIENT_KEY.LAST_SEEN_NS))
            .from(MANAGED_KEY_VALUE)
            .join(CLIENT_KEY).on(CLIENT_KEY.KEY_HASH.eq(MANAGED_KEY_VALUE.KEY_HASH))
            .where(MANAGED_KEY_VALUE.MANAGED_KEY_ID.eq(MANAGED_KEY.ID))).as("last_used_ns");

    private final Database database;

    public ManagedKeyStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    public Database database() {
        return database;
    }

    /** Adds a key and its first value; returns its id. */
    long insert(DSLContext dsl, long userId, String name, String description, String hash, String masked,
            byte[] sealed, KeyLimits limits, Instant now) {
        long nanos = CpaTimestamps.toEpochNanos(now);
        ManagedKeyRecord row = dsl.newRecord(MANAGED_KEY);
        row.setUserId(Math.toIntExact(userId));
        row.setName(name);
        row.setDescription(description);
        row.setKeyHash(hash);
        row.setMasked(masked);
        row.setSealedKey(sealed);
        row.setCreatedNs(nanos);
        row.setUpdatedNs(nanos);
        setLimits(row, limits);
        row.setSuspended(0);
        row.setStatus(KeyStatus.ACTIVE.code());
        row.setStatusDetail("");
        row.setInCpa(0);
        row.setOutOfSync("");
        // The table has no identity jOOQ knows of, so store() would not read the new id back.
        long id = dsl.insertInto(MANAGED_KEY).set(row).returning(MANAGED_KEY.ID).fetchOne(MANAGED_KEY.ID);
        addValue(dsl, id, hash, masked, nanos);
        return id;
    }

    /** Gives key {@code id} a new value and keeps the old one as part of its history. */
    void replaceValue(DSLContext dsl, long id, String hash, String masked, byte[] sealed, Instant now) {
        long nanos = CpaTimestamps.toEpochNanos(now);
        dsl.update(MANAGED_KEY)
                .set(MANAGED_KEY.KEY_HASH, hash)
                .set(MANAGED_KEY.MASKED, masked)
                .set(MANAGED_KEY.SEALED_KEY, sealed)
                .set(MANAGED_KEY.UPDATED_NS, nanos)
                .where(MANAGED_KEY.ID.eq(Math.toIntExact(id)))
                .execute();
        addValue(dsl, id, hash, masked, nanos);
    }

    private static void addValue(DSLContext dsl, long id, String hash, String masked, long nanos) {
        dsl.insertInto(MANAGED_KEY_VALUE)
                .set(MANAGED_KEY_VALUE.KEY_HASH, hash)
                .set(MANAGED_KEY_VALUE.MANAGED_KEY_ID, Math.toIntExact(id))
                .set(MANAGED_KEY_VALUE.MASKED, masked)
                .set(MANAGED_KEY_VALUE.SINCE_NS, nanos)
                .execute();
    }

    void updateDetails(DSLContext dsl, long id, String name, String description, Instant now) {
        dsl.update(MANAGED_KEY)
                .set(MANAGED_KEY.NAME, name)
                .set(MANAGED_KEY.DESCRIPTION, description)
                .set(MANAGED_KEY.UPDATED_NS, CpaTimestamps.toEpochNanos(now))
                .where(MANAGED_KEY.ID.eq(Math.toIntExact(id)))
                .execute();
    }

    void updateLimits(DSLContext dsl, long id, KeyLimits limits, Instant now) {
        ManagedKeyRecord row = dsl.selectFrom(MANAGED_KEY).where(MANAGED_KEY.ID.eq(Math.toIntExact(id))).fetchOne();
        setLimits(row, limits);
        row.setUpdatedNs(CpaTimestamps.toEpochNanos(now));
        row.store();
    }

    void setSuspended(DSLContext dsl, long id, boolean suspended, Instant now) {
        dsl.update(MANAGED_KEY)
                .set(MANAGED_KEY.SUSPENDED, suspended ? 1 : 0)
                .set(MANAGED_KEY.UPDATED_NS, CpaTimestamps.toEpochNanos(now))
                .where(MANAGED_KEY.ID.eq(Math.toIntExact(id)))
                .execute();
    }

    void setOwner(DSLContext dsl, long id, long userId, Instant now) {
        dsl.update(MANAGED_KEY)
                .set(MANAGED_KEY.USER_ID, Math.toIntExact(userId))
                .set(MANAGED_KEY.UPDATED_NS, CpaTimestamps.toEpochNanos(now))
                .where(MANAGED_KEY.ID.eq(Math.toIntExact(id)))
                .execute();
    }

    /** Marks key {@code id} revoked, or deleted, and forgets its value for good. */
    void retire(DSLContext dsl, long id, boolean deleted, Instant now) {
        long nanos = CpaTimestamps.toEpochNanos(now);
        var update = dsl.update(MANAGED_KEY)
                .set(MANAGED_KEY.SEALED_KEY, (byte[]) null)
                .set(MANAGED_KEY.UPDATED_NS, nanos)
                .set(deleted ? MANAGED_KEY.DELETED_NS : MANAGED_KEY.REVOKED_NS, nanos);
        update.where(MANAGED_KEY.ID.eq(Math.toIntExact(id))).execute();
    }

    /** Records what a check found. */
    void recordCheck(DSLContext dsl, long id, KeyRules.Decision decision, boolean inCpa, String outOfSync,
            Instant now) {
        dsl.update(MANAGED_KEY)
                .set(MANAGED_KEY.STATUS, decision.status().code())
                .set(MANAGED_KEY.STATUS_DETAIL, decision.detail())
                .set(MANAGED_KEY.IN_CPA, inCpa ? 1 : 0)
                .set(MANAGED_KEY.OUT_OF_SYNC, outOfSync)
                .set(MANAGED_KEY.CHECKED_NS, CpaTimestamps.toEpochNanos(now))
                .where(MANAGED_KEY.ID.eq(Math.toIntExact(id)))
                .execute();
    }

    /** The sealed value of key {@code id}; empty once it was revoked or deleted. */
    Optional<byte[]> sealedValue(long id) {
        return database.read(dsl -> dsl.select(MANAGED_KEY.SEALED_KEY).from(MANAGED_KEY)
                .where(MANAGED_KEY.ID.eq(Math.toIntExact(id))).fetchOptional(MANAGED_KEY.SEALED_KEY))
                .filter(Objects::nonNull);
    }

    /** The key {@code id}, deleted or not. */
    public Optional<ManagedKey> byId(long id) {
        return database.read(dsl -> byId(dsl, id));
    }

    Optional<ManagedKey> byId(DSLContext dsl, long id) {
        return select(dsl).where(MANAGED_KEY.ID.eq(Math.toIntExact(id))).fetchOptional(ManagedKeyStore::toKey);
    }

    /** The managed key that has or had the value with this hash. */
    public Optional<ManagedKey> byValueHash(String hash) {
        return database.read(dsl -> dsl.select(MANAGED_KEY_VALUE.MANAGED_KEY_ID).from(MANAGED_KEY_VALUE)
                .where(MANAGED_KEY_VALUE.KEY_HASH.eq(hash)).fetchOptional(MANAGED_KEY_VALUE.MANAGED_KEY_ID)
                .flatMap(id -> byId(dsl, id)));
    }

    /** Every value hash any managed key has or had, with the key it belongs to. */
    public Map<String, Long> valueOwners() {
        Map<String, Long> owners = new HashMap<>();
        database.read(dsl -> dsl.select(MANAGED_KEY_VALUE.KEY_HASH, MANAGED_KEY_VALUE.MANAGED_KEY_ID)
                .from(MANAGED_KEY_VALUE).fetch())
                .forEach(r -> owners.put(r.value1(), r.value2().longValue()));
        return owners;
    }

    /** The {@code client_key} row ids of every value of the given keys, by managed key id. */
    public Map<Long, List<Long>> clientKeyIds(List<Long> keyIds) {
        Map<Long, List<Long>> ids = new HashMap<>();
        if (keyIds.isEmpty()) {
            return ids;
        }
        List<Integer> wanted = keyIds.stream().map(Math::toIntExact).toList();
        database.read(dsl -> dsl.select(MANAGED_KEY_VALUE.MANAGED_KEY_ID, CLIENT_KEY.ID)
                .from(MANAGED_KEY_VALUE)
                .join(CLIENT_KEY).on(CLIENT_KEY.KEY_HASH.eq(MANAGED_KEY_VALUE.KEY_HASH))
                .where(MANAGED_KEY_VALUE.MANAGED_KEY_ID.in(wanted))
                .fetch())
                .forEach(r -> ids.computeIfAbsent(r.value1().longValue(), k -> new ArrayList<>())
                        .add(r.value2().longValue()));
        return ids;
    }

    /** A page of keys matching {@code filter}, by owner name and key name. */
    public List<ManagedKey> list(KeyFilter filter, int offset, int limit) {
        return database.read(dsl -> select(dsl).where(condition(filter))
                .orderBy(CONSOLE_USER.NAME.collate("NOCASE"), MANAGED_KEY.NAME.collate("NOCASE"), MANAGED_KEY.ID)
                .limit(limit).offset(offset)
                .fetch(ManagedKeyStore::toKey));
    }

    /** How many keys match {@code filter}. */
    public int count(KeyFilter filter) {
        return database.read(dsl -> dsl.fetchCount(dsl.selectOne().from(MANAGED_KEY)
                .join(CONSOLE_USER).on(CONSOLE_USER.ID.eq(MANAGED_KEY.USER_ID))
                .where(condition(filter))));
    }

    /** Every key that is not deleted, revoked ones included. */
    public List<ManagedKey> live() {
        return list(KeyFilter.LIVE, 0, Integer.MAX_VALUE);
    }

    private static Condition condition(KeyFilter filter) {
        Condition condition = filter.includeDeleted() ? DSL.noCondition() : MANAGED_KEY.DELETED_NS.isNull();
        if (filter.userId() > 0) {
            condition = condition.and(MANAGED_KEY.USER_ID.eq(Math.toIntExact(filter.userId())));
        }
        if (filter.status() != null) {
            condition = condition.and(MANAGED_KEY.STATUS.eq(filter.status().code()));
        }
        if (filter.outOfSyncOnly()) {
            condition = condition.and(MANAGED_KEY.OUT_OF_SYNC.ne(""));
        }
        if (!filter.text().isEmpty()) {
            String text = filter.text();
            condition = condition.and(MANAGED_KEY.NAME.containsIgnoreCase(text)
                    .or(MANAGED_KEY.DESCRIPTION.containsIgnoreCase(text))
                    .or(MANAGED_KEY.MASKED.contains(text))
                    .or(CONSOLE_USER.NAME.containsIgnoreCase(text))
                    .or(CONSOLE_USER.DISPLAY_NAME.containsIgnoreCase(text)));
        }
        return condition;
    }

    private static org.jooq.SelectJoinStep<Record> select(DSLContext dsl) {
        List<SelectField<?>> fields = new ArrayList<>(List.of(MANAGED_KEY.fields()));
        fields.add(CONSOLE_USER.NAME);
        fields.add(LAST_USED);
        return dsl.select(fields).from(MANAGED_KEY).join(CONSOLE_USER).on(CONSOLE_USER.ID.eq(MANAGED_KEY.USER_ID));
    }

    private static void setLimits(ManagedKeyRecord row, KeyLimits limits) {
        row.setExpiresNs(limits.expiresAt() == null ? null : CpaTimestamps.toEpochNanos(limits.expiresAt()));
        row.setBudgetUsd(limits.budgetUsd() == null ? null : limits.budgetUsd().toPlainString());
        row.setBudgetPeriod(limits.budgetPeriod() == null ? null : limits.budgetPeriod().code());
        row.setRequestQuota(limits.requestQuota());
        row.setTokenQuota(limits.tokenQuota());
        row.setQuotaPeriod(limits.quotaPeriod() == null ? null : limits.quotaPeriod().code());
    }

    private static ManagedKey toKey(Record r) {
        String budget = r.get(MANAGED_KEY.BUDGET_USD);
        String budgetPeriod = r.get(MANAGED_KEY.BUDGET_PERIOD);
        String quotaPeriod = r.get(MANAGED_KEY.QUOTA_PERIOD);
        KeyLimits limits = new KeyLimits(instant(r.get(MANAGED_KEY.EXPIRES_NS)),
                budget == null ? null : new BigDecimal(budget),
                budgetPeriod == null ? null : LimitPeriod.of(budgetPeriod),
                r.get(MANAGED_KEY.REQUEST_QUOTA), r.get(MANAGED_KEY.TOKEN_QUOTA),
                quotaPeriod == null ? null : LimitPeriod.of(quotaPeriod));
        return new ManagedKey(r.get(MANAGED_KEY.ID), r.get(MANAGED_KEY.USER_ID), r.get(CONSOLE_USER.NAME),
                r.get(MANAGED_KEY.NAME), r.get(MANAGED_KEY.DESCRIPTION), r.get(MANAGED_KEY.KEY_HASH),
                r.get(MANAGED_KEY.MASKED), instant(r.get(MANAGED_KEY.CREATED_NS)), instant(r.get(LAST_USED)),
                limits, r.get(MANAGED_KEY.SUSPENDED) != 0, instant(r.get(MANAGED_KEY.REVOKED_NS)),
                instant(r.get(MANAGED_KEY.DELETED_NS)), KeyStatus.of(r.get(MANAGED_KEY.STATUS)),
                r.get(MANAGED_KEY.STATUS_DETAIL), r.get(MANAGED_KEY.IN_CPA) != 0, r.get(MANAGED_KEY.OUT_OF_SYNC),
                instant(r.get(MANAGED_KEY.CHECKED_NS)));
    }

    private static Instant instant(Long nanos) {
        return nanos == null ? null : CpaTimestamps.fromEpochNanos(nanos);
    }
}
