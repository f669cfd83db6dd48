package dev.cpaconsole.pricing.core;

import static dev.cpaconsole.store.schema.Tables.PRICE_RULE;
import static dev.cpaconsole.store.schema.Tables.SETTING;

import dev.cpaconsole.concurrent.Subscription;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.store.schema.tables.records.PriceRuleRecord;
import dev.cpaconsole.usage.core.CpaTimestamps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The price table in the database, and the catalogue shipped with the console. Readers get an
 * immutable {@link PriceBook}; every change makes a new one and tells the listeners.
 */
public final class PriceStore {
    private static final Logger LOG = LoggerFactory.getLogger(PriceStore.class);
    private static final String CATALOGUE_RESOURCE = "catalogue.csv";
    private static final String CATALOGUE_REFERENCE = "data/prices/catalogue.csv";
    static final String CATALOGUE_DIGEST = "pricing.catalogue.sha256";
    static final String FEE_ON_FAILURES = "pricing.fee-on-failures";

    private final Database database;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong changes = new AtomicLong();
    private volatile PriceBook book;

    public PriceStore(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every row, by model, provider and start date. */
    public List<PriceRule> list() {
        return database.read(dsl -> dsl.selectFrom(PRICE_RULE)
                .orderBy(PRICE_RULE.MODEL.collate("NOCASE"), PRICE_RULE.PROVIDER.collate("NOCASE"),
                        PRICE_RULE.EFFECTIVE_FROM)
                .fetch(PriceStore::toRule));
    }

    /** The rows as a book, built once per change. */
    public PriceBook book() {
        PriceBook current = book;
        if (current == null) {
            long version = changes.get();
            current = new PriceBook(list());
            synchronized (this) {
                // A change made while the rows were read must not be hidden behind the older book.
                if (changes.get() == version) {
                    book = current;
                }
            }
        }
        return current;
    }

    /**
     * Stores a row: a new one when its id is 0, otherwise the row with that id is replaced.
     *
     * @return the row as stored, with its id
     * @throws IllegalArgumentException when another row has the same model, provider and start date
     */
    public PriceRule save(PriceRule rule) {
        PriceRule stored;
        try {
            stored = database.write(dsl -> upsert(dsl, rule));
        } catch (RuntimeException e) {
            if (hasCause(e, IntegrityConstraintViolationException.class) || isUniqueViolation(e)) {
                throw new IllegalArgumentException("a price for " + rule.model()
                        + (rule.provider().isEmpty() ? "" : " @" + rule.provider()) + " from " + rule.effectiveFrom()
                        + " already exists; edit that row instead", e);
            }
            throw e;
        }
        LOG.info("Price saved: {}", PriceFormat.summary(stored));
        changed();
        return stored;
    }

    /** Removes the row with {@code id}; nothing happens when there is none. */
    public void delete(long id) {
        int removed = database.write(dsl -> dsl.deleteFrom(PRICE_RULE)
                .where(PRICE_RULE.ID.eq(Math.toIntExact(id))).execute());
        if (removed > 0) {
            LOG.info("Price row {} deleted", id);
            changed();
        }
    }

    /** Applies a plan in one transaction: its additions and changes, nothing else. */
    public void apply(ImportPlan plan) {
        if (plan.isEmpty()) {
            return;
        }
        database.write(dsl -> {
            plan.additions().forEach(rule -> upsert(dsl, rule.withId(0)));
            plan.changes().forEach(change -> upsert(dsl, change.incoming()));
            return null;
        });
        LOG.info("Prices imported: {} added, {} changed", plan.additions().size(), plan.changes().size());
        changed();
    }

    /**
     * Brings the shipped catalogue into the table when it differs from the one last applied: new
     * rows are added and catalogue rows follow the catalogue, but imported and manual rows are
     * kept, and nothing is deleted. A row the operator deleted comes back only with a new catalogue.
     *
     * @return the plan that was applied, empty when the catalogue was applied before
     */
    public ImportPlan installCatalogue() {
        byte[] catalogue = catalogueBytes();
        String digest = sha256(catalogue);
        String applied = database.read(dsl -> dsl.select(SETTING.VALUE).from(SETTING)
                .where(SETTING.NAME.eq(CATALOGUE_DIGEST)).fetchOne(SETTING.VALUE));
        if (digest.equals(applied)) {
            return ImportPlan.of(List.of(), List.of());
        }
        PriceFileResult read = PriceCsv.read(new InputStreamReader(new ByteArrayInputStream(catalogue),
                StandardCharsets.UTF_8), PriceSource.CATALOGUE, CATALOGUE_REFERENCE);
        read.problems().forEach(problem -> LOG.warn("Price catalogue: {}", problem));
        ImportPlan plan = ImportPlan.of(list(), read.rules(), Set.of(PriceSource.CATALOGUE));
        database.write(dsl -> {
            plan.additions().forEach(rule -> upsert(dsl, rule));
            plan.changes().forEach(change -> upsert(dsl, change.incoming()));
            putSetting(dsl, CATALOGUE_DIGEST, digest);
            return null;
        });
        LOG.info("Price catalogue applied: {} added, {} changed, {} kept", plan.additions().size(),
                plan.changes().size(), plan.skipped().size());
        changed();
        return plan;
    }

    /** The shipped catalogue's rows. */
    public static List<PriceRule> catalogue() {
        return PriceCsv.read(new InputStreamReader(new ByteArrayInputStream(catalogueBytes()),
                StandardCharsets.UTF_8), PriceSource.CATALOGUE, CATALOGUE_REFERENCE).rules();
    }

    /** What is billed beyond tokens. */
    public CostPolicy policy() {
        String value = database.read(dsl -> dsl.select(SETTING.VALUE).from(SETTING)
                .where(SETTING.NAME.eq(FEE_ON_FAILURES)).fetchOne(SETTING.VALUE));
        return value == null ? CostPolicy.DEFAULT : new CostPolicy(Boolean.parseBoolean(value));
    }

    public void savePolicy(CostPolicy policy) {
        database.write(dsl -> {
            putSetting(dsl, FEE_ON_FAILURES, String.valueOf(policy.feeOnFailures()));
            return null;
        });
        changed();
    }

    /** Calls {@code listener} after every change of prices or policy, on the thread that made it. */
    public Subscription onChange(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void changed() {
        synchronized (this) {
            changes.incrementAndGet();
            book = null;
        }
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A price listener failed", e);
            }
        }
    }

    private PriceRule upsert(DSLContext dsl, PriceRule rule) {
        PriceRuleRecord record = new PriceRuleRecord();
        Rates tier = rule.tier() == null ? null : rule.tier().rates();
        record.setModel(rule.model());
        record.setProvider(rule.provider());
        record.setInput(text(rule.rates().input()));
        record.setOutput(text(rule.rates().output()));
        record.setCacheRead(text(rule.rates().cacheRead()));
        record.setCacheWrite(text(rule.rates().cacheWrite()));
        record.setReasoning(text(rule.rates().reasoning()));
        record.setRequestFee(text(rule.requestFee()));
        record.setTierThreshold(rule.tier() == null ? null : rule.tier().thresholdTokens());
        record.setTierInput(tier == null ? null : text(tier.input()));
        record.setTierOutput(tier == null ? null : text(tier.output()));
        record.setTierCacheRead(tier == null ? null : text(tier.cacheRead()));
        record.setTierCacheWrite(tier == null ? null : text(tier.cacheWrite()));
        record.setTierReasoning(tier == null ? null : text(tier.reasoning()));
        record.setEffectiveFrom(rule.effectiveFrom().toString());
        record.setSource(rule.source().code());
        record.setReference(rule.reference());
        record.setReadOn(rule.readOn() == null ? null : rule.readOn().toString());
        record.setNote(rule.note());
        record.setUpdatedNs(CpaTimestamps.toEpochNanos(clock.instant()));
        if (rule.id() == 0) {
            Integer id = dsl.insertInto(PRICE_RULE).set(record).returningResult(PRICE_RULE.ID).fetchOne(PRICE_RULE.ID);
            return rule.withId(Objects.requireNonNull(id, "inserted row id"));
        }
        int updated = dsl.update(PRICE_RULE).set(record).where(PRICE_RULE.ID.eq(Math.toIntExact(rule.id()))).execute();
        if (updated == 0) {
            throw new IllegalArgumentException("price row " + rule.id() + " no longer exists");
        }
        return rule;
    }

    private static PriceRule toRule(PriceRuleRecord r) {
        PriceTier tier = r.getTierThreshold() == null ? null : new PriceTier(r.getTierThreshold(),
                new Rates(decimal(r.getTierInput()), decimal(r.getTierOutput()), decimal(r.getTierCacheRead()),
                        decimal(r.getTierCacheWrite()), decimal(r.getTierReasoning())));
        return new PriceRule(r.getId(), r.getModel(), r.getProvider(),
                new Rates(decimal(r.getInput()), decimal(r.getOutput()), decimal(r.getCacheRead()),
                        decimal(r.getCacheWrite()), decimal(r.getReasoning())),
                decimal(r.getRequestFee()), tier, LocalDate.parse(r.getEffectiveFrom()),
                PriceSource.fromCode(r.getSource()), r.getReference(),
                r.getReadOn() == null ? null : LocalDate.parse(r.getReadOn()), r.getNote());
    }

    private static void putSetting(DSLContext dsl, String name, String value) {
        dsl.insertInto(SETTING, SETTING.NAME, SETTING.VALUE).values(name, value)
                .onConflict(SETTING.NAME).doUpdate().set(SETTING.VALUE, value).execute();
    }

    private static String text(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    private static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }

    private static byte[] catalogueBytes() {
        try (InputStream in = PriceStore.class.getResourceAsStream(CATALOGUE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the price catalogue " + CATALOGUE_RESOURCE
                        + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("UNIQUE constraint failed")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
