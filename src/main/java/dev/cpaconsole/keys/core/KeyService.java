package dev.cpaconsole.keys.core;

import static dev.cpaconsole.store.schema.Tables.CLIENT_KEY;
import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.audit.core.AuditLog;
import dev.cpaconsole.cpa.CpaException;
import dev.cpaconsole.cpa.CpaUnavailableException;
import dev.cpaconsole.cpa.ManagementKeyRejectedException;
import dev.cpaconsole.pricing.core.PriceSnapshot;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.settings.core.CpaNotConfiguredException;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.ClientKeys;
import dev.cpaconsole.usage.core.CpaTimestamps;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserDetails;
import dev.cpaconsole.users.core.UserException;
import dev.cpaconsole.users.core.UserStore;

/**
 * Every action on managed keys, and on users where it touches their keys, keeping CPA in step: a
 * key is in CPA exactly while its status is active.
 *
 * <p>How the console tells its own pending work from someone else's change: each key remembers
 * whether CPA held it when the console last looked ({@code inCpa}). When CPA still looks that way
 * and the key's status says otherwise (a rule tripped or cleared, or an earlier write could not
 * reach CPA), the console changes CPA. When CPA looks different from what the console left, another
 * tool changed it, or CPA did not keep a write; the key is marked out of sync and left for an admin
 * to repair.
 *
 * <p>Actions are serialised, so two of them never interleave their reads and writes of CPA's list.
 * Each is recorded in the audit log with the state before and after (keys masked) and CPA's answer.
 */
public final class KeyService {
    private static final Logger LOG = LoggerFactory.getLogger(KeyService.class);

    /** The actor of what the console does on its own. */
    public static final String CONSOLE = "console";
    static final String MISSING = "missing from CPA";
    /** Why a key is out of sync when CPA holds one of its earlier values. */
    public static final String RETIRED_IN_CPA = "an earlier value of this key is in CPA and still works";
    static final String UNEXPECTED = "in CPA although the key is ";
    static final String ROTATION_PENDING = "rotated while CPA could not be changed: CPA does not hold the new value "
            + "and may still hold the old one";
    /**
     * Why a key that should leave CPA is still there: an action nobody confirmed would have taken
     * CPA's last key, so it was kept.
     */
    public static final String OPEN_WARNING = "kept in CPA: removing it would leave CPA without client keys, "
            + "open to every request";

    private final Database database;
    private final UserStore users;
    private final ManagedKeyStore keys;
    private final KeyUsageQuery usage;
    private final PriceStore prices;
    private final CpaKeyList cpa;
    private final Supplier<KeyCipher> cipher;
    private final AuditLog audit;
    private final Clock clock;
    private final Supplier<ZoneId> zone;
    private final ClientKeyGenerator generator = new ClientKeyGenerator();
    private final ObjectMapper json = new ObjectMapper();
    /** One lock per lock file in this process, since a file lock is held for the whole process. */
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final String LOCK_FILE = "key-actions.lock";

    private final Path lockFile;
    private final ReentrantLock lock;

    /**
     * @param cipher seals raw keys; asked for only when a key is sealed or opened, so the secret
     *     store is not touched by read-only uses
     * @param zone the zone budget and quota periods are cut in, read at each use
     */
    public KeyService(Database database, UserStore users, ManagedKeyStore keys, KeyUsageQuery usage,
            PriceStore prices, CpaKeyList cpa, Supplier<KeyCipher> cipher, AuditLog audit, Clock clock,
            Supplier<ZoneId> zone) {
        this.database = Objects.requireNonNull(database, "database");
        this.users = Objects.requireNonNull(users, "users");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.cpa = Objects.requireNonNull(cpa, "cpa");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.lockFile = database.file().toAbsolutePath().normalize().resolveSibling(LOCK_FILE);
        this.lock = LOCKS.computeIfAbsent(lockFile, file -> new ReentrantLock());
    }

    public ManagedKeyStore store() {
        return keys;
    }

    /**
     * Creates a key for the live user {@code userId} with a fresh random value and, when its
     * status is active, adds it to CPA.
     *
     * @return the key with its raw value, which is shown once
     */
    public CreatedKey create(String actor, long userId, String name, String description, KeyLimits limits) {
        String label = checkedName(name);
        return locked(() -> {
            User owner = liveUser(userId);
            String value = freshValue();
            String hash = ClientKeys.hash(value);
            Instant now = clock.instant();
            byte[] sealed = cipher.get().encrypt(value, hash);
            long id = database.write(dsl -> keys.insert(dsl, owner.id(), label,
                    Objects.requireNonNullElse(description, ""), hash, ClientKeys.mask(value), sealed, limits, now));
            Applied applied = apply(keys.byId(id).orElseThrow(), value, false, true);
            audit(actor, "key.create", applied.key(), null, applied);
            return new CreatedKey(applied.key(), value);
        });
    }

    /**
     * Gives the key a new value. Its history and the spend of its current periods stay with it; CPA
     * gets the new value in place of the old one when the key is active.
     */
    public CreatedKey rotate(String actor, long id) {
        return locked(() -> {
            ManagedKey before = liveKey(id);
            if (before.revokedAt() != null) {
                throw new KeyException("A revoked key cannot be rotated; create a new one");
            }
            String value = freshValue();
            String hash = ClientKeys.hash(value);
            Instant now = clock.instant();
            byte[] sealed = cipher.get().encrypt(value, hash);
            database.write(dsl -> {
                keys.replaceValue(dsl, id, hash, ClientKeys.mask(value), sealed, now);
                return null;
            });
            ManagedKey rotated = keys.byId(id).orElseThrow();
            KeyRules.Decision decision = decide(rotated, now);
            Applied applied;
            if (decision.status() == KeyStatus.ACTIVE && before.inCpa()) {
                applied = record(rotated, decision, () -> cpa.replace(before.keyHash(), value), true);
                if (!applied.error().isEmpty()) {
                    applied = pendingRotation(applied, decision);
                }
            } else {
                applied = apply(rotated, value, true, true);
                if (applied.error().isEmpty()) {
                    Applied old = removeOldValue(before);
                    if (!old.error().isEmpty() || !old.outcome().kept()) {
                        applied = old;
                    }
                }
            }
            audit(actor, "key.rotate", applied.key(), before, applied);
            return new CreatedKey(applied.key(), value);
        });
    }

    /**
     * A rotation CPA could not take: what CPA held was the old value, so the key is not in CPA, and
     * it is out of sync because the old value may still work there; a repair swaps them.
     */
    private Applied pendingRotation(Applied failed, KeyRules.Decision decision) {
        database.write(dsl -> {
            keys.recordCheck(dsl, failed.key().id(), decision, false, ROTATION_PENDING, clock.instant());
            return null;
        });
        return new Applied(keys.byId(failed.key().id()).orElseThrow(), failed.outcome(), failed.error());
    }

    private Applied removeOldValue(ManagedKey before) {
        ManagedKey now = keys.byId(before.id()).orElseThrow();
        try {
            CpaKeyList.Outcome outcome = cpa.remove(before.keyHash(), false);
            return recordOutcome(now, decide(now, clock.instant()), now.inCpa(), outcome);
        } catch (LastKeyException e) {
            // The old value is CPA's last key; taking it out would open CPA to every request.
            return recordOutcome(now, decide(now, clock.instant()), now.inCpa(),
                    new CpaKeyList.Outcome(false, "the old value " + OPEN_WARNING));
        } catch (CpaException | CpaNotConfiguredException e) {
            return recordFailure(now, decide(now, clock.instant()), e);
        }
    }

    /** Revokes the key for good: out of CPA, its value forgotten. */
    public ManagedKey revoke(String actor, long id, boolean allowLast) {
        return retire(actor, id, allowLast, false);
    }

    /** Deletes the key, keeping a tombstone (owner, name, masked value, when) for its history. */
    public ManagedKey delete(String actor, long id, boolean allowLast) {
        return retire(actor, id, allowLast, true);
    }

    private ManagedKey retire(String actor, long id, boolean allowLast, boolean deleted) {
        return locked(() -> {
            ManagedKey before = liveKey(id);
            if (!deleted && before.revokedAt() != null) {
                return before;
            }
            guardLast(before, allowLast);
            database.write(dsl -> {
                keys.retire(dsl, id, deleted, clock.instant());
                return null;
            });
            Applied applied = apply(keys.byId(id).orElseThrow(), null, true, allowLast);
            audit(actor, deleted ? "key.delete" : "key.revoke", applied.key(), before, applied);
            return applied.key();
        });
    }

    /** Suspends the key (out of CPA until resumed) or resumes it. */
    public ManagedKey setSuspended(String actor, long id, boolean suspended, boolean allowLast) {
        return locked(() -> {
            ManagedKey before = liveKey(id);
            if (suspended) {
                guardLast(before, allowLast);
            }
            database.write(dsl -> {
                keys.setSuspended(dsl, id, suspended, clock.instant());
                return null;
            });
            Applied applied = apply(keys.byId(id).orElseThrow(), null, true, allowLast);
            audit(actor, suspended ? "key.suspend" : "key.resume", applied.key(), before, applied);
            return applied.key();
        });
    }

    /**
     * Replaces the key's limits and applies the outcome to CPA in the same action: a key whose
     * expiry moved into the future, or whose budget was raised above its spend, goes back in; one
     * still over another limit stays out, with that reason.
     */
    public ManagedKey updateLimits(String actor, long id, KeyLimits limits, boolean allowLast) {
        return locked(() -> {
            ManagedKey before = liveKey(id);
            ManagedKey changed = withLimits(before, limits);
            if (decide(changed, clock.instant()).status() != KeyStatus.ACTIVE) {
                guardLast(before, allowLast);
            }
            database.write(dsl -> {
                keys.updateLimits(dsl, id, limits, clock.instant());
                return null;
            });
            Applied applied = apply(keys.byId(id).orElseThrow(), null, true, allowLast);
            audit(actor, "key.limits", applied.key(), before, applied);
            return applied.key();
        });
    }

    /** Renames the key and replaces its description; CPA is not involved. */
    public ManagedKey rename(String actor, long id, String name, String description) {
        String label = checkedName(name);
        return locked(() -> {
            ManagedKey before = liveKey(id);
            database.write(dsl -> {
                keys.updateDetails(dsl, id, label, Objects.requireNonNullElse(description, ""), clock.instant());
                return null;
            });
            ManagedKey after = keys.byId(id).orElseThrow();
            audit.record(actor, "key.rename", target(after), state(before), state(after), "ok", "");
            return after;
        });
    }

    /** The raw value of the key, for an explicit reveal or copy; recorded in the audit log. */
    public String reveal(String actor, long id) {
        return locked(() -> {
            ManagedKey key = liveKey(id);
            String value = openValue(key).orElseThrow(() -> new KeyException(
                    "The value of " + key.masked() + " is gone: it was revoked"));
            audit.record(actor, "key.reveal", target(key), "", "", "ok", "");
            return value;
        });
    }

    /** Makes CPA match the key's status, whatever changed CPA. */
    public ManagedKey repair(String actor, long id, boolean allowLast) {
        return locked(() -> {
            ManagedKey before = keys.byId(id).orElseThrow(() -> new KeyException("There is no key " + id));
            List<String> errors = new ArrayList<>();
            Map<Long, String> current = new HashMap<>();
            if (!before.deleted()) {
                current.put(id, before.keyHash());
            }
            Map<Long, List<String>> retired = retiredValues(cpa.read(), keys.valueOwners(), current);
            if (retired.containsKey(id)) {
                removeRetiredValues(actor, Map.of(id, retired.get(id)), allowLast, true, errors);
            }
            if (before.deleted()) {
                boolean gone = errors.isEmpty();
                database.write(dsl -> {
                    keys.recordCheck(dsl, id, new KeyRules.Decision(before.status(), before.statusDetail()), !gone,
                            gone ? "" : RETIRED_IN_CPA, clock.instant());
                    return null;
                });
                return keys.byId(id).orElseThrow();
            }
            Applied applied = apply(keys.byId(id).orElseThrow(), null, true, allowLast);
            audit(actor, "key.repair", applied.key(), before, applied);
            return applied.key();
        });
    }

    /**
     * Makes a key CPA holds, but the console did not manage, a managed key of user {@code userId}.
     *
     * @param hash the hash of its value, as {@link #unmanaged()} lists it
     */
    public ManagedKey adopt(String actor, String hash, long userId, String name, String description,
            KeyLimits limits) {
        String label = checkedName(name);
        return locked(() -> {
            User owner = liveUser(userId);
            if (keys.byValueHash(hash).isPresent()) {
                throw new KeyException("That key is managed already");
            }
            String value = CpaKeyList.find(cpa.read(), hash).map(String::strip).orElseThrow(
                    () -> new KeyException("CPA no longer holds that key"));
            Optional<String> refusal = ClientKeyGenerator.refusal(value);
            if (refusal.isPresent()) {
                throw new KeyException("It cannot be adopted: " + refusal.get()
                        + "; give the user a new key and remove this one from CPA");
            }
            Instant now = clock.instant();
            byte[] sealed = cipher.get().encrypt(value, hash);
            long id = database.write(dsl -> {
                long created = keys.insert(dsl, owner.id(), label, Objects.requireNonNullElse(description, ""),
                        hash, ClientKeys.mask(value), sealed, limits, now);
                keys.recordCheck(dsl, created, new KeyRules.Decision(KeyStatus.ACTIVE, ""), true, "", now);
                return created;
            });
            Applied applied = apply(keys.byId(id).orElseThrow(), value, false, false);
            audit(actor, "key.adopt", applied.key(), null, applied);
            return applied.key();
        });
    }

    /** Removes a key the console does not manage from CPA. */
    public void removeUnmanaged(String actor, String hash, boolean allowLast) {
        locked(() -> {
            if (keys.byValueHash(hash).isPresent()) {
                throw new KeyException("That key is managed; revoke it instead");
            }
            String masked = CpaKeyList.find(cpa.read(), hash).map(v -> ClientKeys.mask(v.strip())).orElse("");
            CpaKeyList.Outcome outcome = cpa.remove(hash, allowLast);
            audit.record(actor, "key.remove-unmanaged", "unmanaged key " + masked, "", "",
                    outcome.kept() ? "ok" : "out_of_sync", outcome.detail());
            return null;
        });
    }

    /** The keys CPA holds that the console does not manage, with their usage. Reads CPA. */
    public List<UnmanagedKey> unmanaged() {
        return unmanaged(cpa.read(), keys.valueOwners());
    }

    /**
     * Checks every managed key against its rules and CPA: changes CPA where the console's own
     * work is due (a rule tripped or cleared, also across the time the console was closed), marks
     * keys CPA disagrees with as out of sync, and with {@code repair} makes CPA match those too.
     */
    public SyncReport check(String actor, boolean repair) {
        return check(actor, repair, false);
    }

    /**
     * {@link #check(String, boolean)}, where a repair may take CPA's last key when
     * {@code allowLast} confirms it.
     */
    public SyncReport check(String actor, boolean repair, boolean allowLast) {
        return locked(() -> {
            Instant now = clock.instant();
            List<ManagedKey> live = keys.live();
            Map<Long, KeyRules.Decision> decisions = decideAll(live, now);
            List<String> entries;
            try {
                entries = cpa.read();
            } catch (CpaException | CpaNotConfiguredException e) {
                if (e instanceof CpaNotConfiguredException) {
                    // Nothing to check against until CPA is set up, and the schedule asks every minute.
                    LOG.debug("Client keys not checked against CPA: {}", e.getMessage());
                } else {
                    LOG.warn("Client keys not checked against CPA: {}", e.getMessage());
                }
                database.write(dsl -> {
                    live.forEach(k -> keys.recordCheck(dsl, k.id(), decisions.get(k.id()), k.inCpa(), k.outOfSync(),
                            now));
                    return null;
                });
                return new SyncReport(List.of(), outOfSyncIds(), List.of(), List.of(), e.getMessage());
            }
            Map<String, Long> owners = keys.valueOwners();
            Map<Long, String> current = new HashMap<>();
            live.forEach(k -> current.put(k.id(), k.keyHash()));
            List<Long> repaired = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            Map<Long, List<String>> retired = retiredValues(entries, owners, current);
            Set<String> present = hashes(entries);
            List<Long> changes = new ArrayList<>();
            List<Check> checks = new ArrayList<>();
            List<Runnable> audits = new ArrayList<>();
            for (ManagedKey key : live) {
                KeyRules.Decision decision = decisions.get(key.id());
                boolean wanted = decision.status() == KeyStatus.ACTIVE;
                boolean held = present.contains(key.keyHash());
                boolean consoleView = key.inCpa() == held && !key.isOutOfSync();
                String oldValue = retired.containsKey(key.id()) ? RETIRED_IN_CPA : "";
                if (wanted == held) {
                    checks.add(new Check(key.id(), decision, held, oldValue));
                    if (oldValue.isEmpty() && key.isOutOfSync() && !repaired.contains(key.id())) {
                        repaired.add(key.id());
                    }
                    if (!oldValue.isEmpty() && !oldValue.equals(key.outOfSync())) {
                        LOG.warn("Client key {} is out of sync: {}", key.id(), oldValue);
                        audits.add(() -> audit.record(actor, "key.out-of-sync", target(key), state(key),
                                state(checked(key, decision, held, oldValue)), "out_of_sync", oldValue));
                    }
                    if (decision.status() != key.status()) {
                        changes.add(key.id());
                        audits.add(() -> audit.record(actor, "key.status", target(key), state(key),
                                state(checked(key, decision, held, oldValue)), "ok", decision.detail()));
                    }
                } else if (consoleView || repair) {
                    Applied applied = apply(key, decision, null, repair && allowLast, allowLast);
                    if (!applied.error().isEmpty()) {
                        errors.add(applied.error());
                    }
                    boolean inStep = !applied.key().isOutOfSync() && applied.key().inCpa() == wanted;
                    if (inStep && !repaired.contains(key.id())) {
                        (consoleView ? changes : repaired).add(key.id());
                    }
                    audit(actor, consoleView ? "key.enforce" : "key.repair", applied.key(), key, applied);
                } else {
                    String reason = wanted ? MISSING : UNEXPECTED + decision.status().code().replace('_', ' ');
                    checks.add(new Check(key.id(), decision, held, reason));
                    if (!key.isOutOfSync()) {
                        LOG.warn("Client key {} is out of sync: {}", key.id(), reason);
                        audits.add(() -> audit.record(actor, "key.out-of-sync", target(key), state(key),
                                state(checked(key, decision, held, reason)), "out_of_sync", reason));
                    }
                }
            }
            // Tombstones whose value another tool put back are out of sync too.
            retired.forEach((id, hashes) -> {
                if (!current.containsKey(id)) {
                    keys.byId(id).ifPresent(tombstone -> {
                        checks.add(new Check(id, new KeyRules.Decision(tombstone.status(), tombstone.statusDetail()),
                                true, RETIRED_IN_CPA));
                        if (!RETIRED_IN_CPA.equals(tombstone.outOfSync())) {
                            audits.add(() -> audit.record(actor, "key.out-of-sync", target(tombstone), "", "",
                                    "out_of_sync", RETIRED_IN_CPA));
                        }
                    });
                }
            });
            Set<Long> stillRetired = retired.keySet();
            for (ManagedKey tombstone : keys.list(KeyFilter.LIVE.withDeleted(true).withOutOfSyncOnly(true), 0,
                    Integer.MAX_VALUE)) {
                if (tombstone.deleted() && !stillRetired.contains(tombstone.id())) {
                    checks.add(new Check(tombstone.id(), new KeyRules.Decision(tombstone.status(),
                            tombstone.statusDetail()), false, ""));
                }
            }
            if (repair && !retired.isEmpty()) {
                // Earlier values come out last, once every current value that was missing is back.
                List<String> afterwards = safeRead(entries);
                List<Long> cleared = removeRetiredValues(actor, retiredValues(afterwards, owners, current), allowLast,
                        false, errors);
                for (int i = 0; i < checks.size(); i++) {
                    Check c = checks.get(i);
                    if (c.outOfSync().equals(RETIRED_IN_CPA) && cleared.contains(c.id())) {
                        checks.set(i, new Check(c.id(), c.decision(), current.containsKey(c.id()) && c.held(), ""));
                        if (!repaired.contains(c.id())) {
                            repaired.add(c.id());
                        }
                    }
                }
            }
            // One transaction for every key whose check changed nothing in CPA.
            database.write(dsl -> {
                checks.forEach(c -> keys.recordCheck(dsl, c.id(), c.decision(), c.held(), c.outOfSync(), now));
                return null;
            });
            audits.forEach(Runnable::run);
            List<UnmanagedKey> unmanaged = unmanaged(repair ? safeRead(entries) : entries, keys.valueOwners());
            return new SyncReport(unmanaged, outOfSyncIds(), repaired, changes,
                    errors.isEmpty() ? "" : errors.get(errors.size() - 1));
        });
    }

    /**
     * The values in CPA that belong to a managed key but are not its current value (a value rotated
     * out, or any value of a deleted key), by the key they belong to.
     */
    private static Map<Long, List<String>> retiredValues(List<String> entries, Map<String, Long> owners,
            Map<Long, String> current) {
        Map<Long, List<String>> retired = new HashMap<>();
        for (String hash : hashes(entries)) {
            Long owner = owners.get(hash);
            if (owner != null && !hash.equals(current.get(owner))) {
                retired.computeIfAbsent(owner, id -> new ArrayList<>()).add(hash);
            }
        }
        return retired;
    }

    /** What a check found for a key whose CPA state it did not change. */
    private record Check(long id, KeyRules.Decision decision, boolean held, String outOfSync) {
    }

    private static ManagedKey checked(ManagedKey key, KeyRules.Decision decision, boolean held, String outOfSync) {
        return new ManagedKey(key.id(), key.userId(), key.userName(), key.name(), key.description(), key.keyHash(),
                key.masked(), key.createdAt(), key.lastUsedAt(), key.limits(), key.suspended(), key.revokedAt(),
                key.deletedAt(), decision.status(), decision.detail(), held, outOfSync, key.checkedAt());
    }

    private List<String> safeRead(List<String> fallback) {
        try {
            return cpa.read();
        } catch (CpaException | CpaNotConfiguredException e) {
            return fallback;
        }
    }

    /**
     * Takes the values of {@code retired} out of CPA; a value that is CPA's last key stays unless
     * {@code allowLast}.
     *
     * @param refuseLast throw {@link LastKeyException} for a value that is CPA's last key instead of
     *     keeping it and saying so in {@code errors}
     * @return the keys all of whose retired values are out of CPA now
     */
    private List<Long> removeRetiredValues(String actor, Map<Long, List<String>> retired, boolean allowLast,
            boolean refuseLast, List<String> errors) {
        List<Long> removed = new ArrayList<>();
        retired.forEach((id, hashes) -> {
            ManagedKey owner = keys.byId(id).orElseThrow();
            boolean all = true;
            for (String hash : hashes) {
                try {
                    CpaKeyList.Outcome outcome = cpa.remove(hash, allowLast);
                    all &= outcome.kept();
                    audit.record(actor, "key.repair", target(owner), "", "", outcome.kept() ? "ok" : "out_of_sync",
                            "removed an earlier value of this key from CPA: " + outcome.detail());
                } catch (LastKeyException e) {
                    if (refuseLast) {
                        throw e;
                    }
                    all = false;
                    errors.add("An earlier value of key " + id + " is CPA's last client key: without one, CPA "
                            + "accepts every request without a key. Confirm to remove it anyway");
                } catch (CpaException | KeyException | CpaNotConfiguredException e) {
                    all = false;
                    errors.add(e.getMessage());
                }
            }
            if (all) {
                removed.add(id);
            }
        });
        return removed;
    }

    /** Disables or enables a user; a disabled user's keys leave CPA until the user is enabled. */
    public User setUserDisabled(String actor, long userId, boolean disabled) {
        return setUserDisabled(actor, userId, disabled, false);
    }

    /**
     * Disables or enables a user. Disabling takes the user's keys out of CPA; when they are all CPA
     * holds, only with {@code allowLast}, and otherwise they stay in CPA, out of sync.
     */
    public User setUserDisabled(String actor, long userId, boolean disabled, boolean allowLast) {
        return locked(() -> {
            User before = liveUser(userId);
            User after = users.setDisabled(userId, disabled);
            audit.record(actor, disabled ? "user.disable" : "user.enable", userTarget(after), userState(before),
                    userState(after), "ok", "");
            applyToKeysOf(actor, userId, allowLast);
            return after;
        });
    }

    /** Deletes a user and all of the user's keys, keeping tombstones for their history. */
    public User deleteUser(String actor, long userId, boolean allowLast) {
        return locked(() -> {
            User before = liveUser(userId);
            List<ManagedKey> owned = keys.list(KeyFilter.LIVE.forUser(userId), 0, Integer.MAX_VALUE);
            // Together: each key alone may leave the others, and all of them may still be all CPA holds.
            guardLast(owned, allowLast);
            for (ManagedKey key : owned) {
                retire(actor, key.id(), true, true);
            }
            User after = users.delete(userId);
            audit.record(actor, "user.delete", userTarget(after), userState(before), userState(after), "ok",
                    owned.size() + " keys deleted");
            return after;
        });
    }

    private void applyToKeysOf(String actor, long userId, boolean allowLast) {
        for (ManagedKey key : keys.list(KeyFilter.LIVE.forUser(userId), 0, Integer.MAX_VALUE)) {
            Applied applied = apply(key, null, false, allowLast);
            audit(actor, "key.status", applied.key(), key, applied);
        }
    }

    private Map<Long, KeyRules.Decision> decideAll(List<ManagedKey> live, Instant now) {
        Map<Long, User> owners = new HashMap<>();
        users.list(true).forEach(u -> owners.put(u.id(), u));
        Map<Long, KeyUsage> used = usage.usage(live, PriceSnapshot.of(prices), now, zone.get());
        Map<Long, KeyRules.Decision> decisions = new LinkedHashMap<>();
        for (ManagedKey key : live) {
            User owner = owners.get(key.userId());
            decisions.put(key.id(), KeyRules.decide(key, owner != null && owner.active(),
                    used.getOrDefault(key.id(), KeyUsage.NONE), now, zone.get()));
        }
        return decisions;
    }

    /** The status of one key now. */
    KeyRules.Decision decide(ManagedKey key, Instant now) {
        return decideAll(List.of(key), now).get(key.id());
    }

    /** The usage of one key in its current periods; {@link KeyUsage#NONE} for a key without limits. */
    public KeyUsage usageOf(ManagedKey key) {
        return usageOf(List.of(key)).getOrDefault(key.id(), KeyUsage.NONE);
    }

    /**
     * The usage of each of {@code shown} (a page of a listing) in its current periods, counted in
     * one pass; keys without a budget or quota are absent.
     */
    public Map<Long, KeyUsage> usageOf(List<ManagedKey> shown) {
        return usage.usage(shown, PriceSnapshot.of(prices), clock.instant(), zone.get());
    }

    /**
     * Decides the key's status now and makes CPA match it: adds the key when it should be there,
     * removes it when not.
     *
     * @param value the raw value, when the caller has it; otherwise it is unsealed when needed
     * @param force an admin asked for this key: removing the last key from CPA throws
     *     {@link LastKeyException} unless {@code allowLast}; otherwise the key stays in CPA, out of
     *     sync, with a warning
     * @param allowLast whether removing the last key from CPA is confirmed
     */
    private Applied apply(ManagedKey key, String value, boolean force, boolean allowLast) {
        return apply(key, decide(key, clock.instant()), value, force, allowLast);
    }

    /** {@link #apply(ManagedKey, String, boolean, boolean)} with the status already decided. */
    private Applied apply(ManagedKey key, KeyRules.Decision decision, String value, boolean force,
            boolean allowLast) {
        boolean wanted = decision.status() == KeyStatus.ACTIVE;
        return record(key, decision, () -> {
            if (wanted) {
                String raw = value != null ? value : openValue(key).orElseThrow(() -> new KeyException(
                        "The console no longer has the value of " + key.masked()));
                return cpa.add(raw);
            }
            try {
                return cpa.remove(key.keyHash(), allowLast);
            } catch (LastKeyException e) {
                if (force && !allowLast) {
                    throw e;
                }
                return new CpaKeyList.Outcome(false, OPEN_WARNING);
            }
        }, wanted);
    }

    private Applied record(ManagedKey key, KeyRules.Decision decision, Supplier<CpaKeyList.Outcome> change,
            boolean wanted) {
        CpaKeyList.Outcome outcome;
        try {
            outcome = change.get();
        } catch (CpaException | CpaNotConfiguredException e) {
            return recordFailure(key, decision, e);
        } catch (KeyCipherException | KeyException e) {
            if (e instanceof LastKeyException) {
                throw e;
            }
            // The console cannot put the key into CPA (its stored value cannot be opened): the
            // status stands, and the key shows why CPA does not match it.
            LOG.warn("Client key {} cannot be applied to CPA: {}", key.id(), e.getMessage());
            return recordOutcome(key, decision, key.inCpa(), new CpaKeyList.Outcome(false, e.getMessage()));
        }
        return recordOutcome(key, decision, outcome.kept() ? wanted : !wanted, outcome);
    }

    private Applied recordOutcome(ManagedKey key, KeyRules.Decision decision, boolean held,
            CpaKeyList.Outcome outcome) {
        Instant now = clock.instant();
        String outOfSync = outcome.kept() ? "" : outcome.detail();
        database.write(dsl -> {
            keys.recordCheck(dsl, key.id(), decision, held, outOfSync, now);
            return null;
        });
        return new Applied(keys.byId(key.id()).orElseThrow(), outcome, "");
    }

    /**
     * CPA could not be reached or refused: the status is kept, CPA's state is left as last seen, and
     * the next check does the change when CPA answers again. A refusal other than a network or
     * server error marks the key out of sync, since retrying will not help.
     */
    private Applied recordFailure(ManagedKey key, KeyRules.Decision decision, RuntimeException failure) {
        LOG.warn("CPA could not be changed for client key {}: {}", key.id(), failure.getMessage());
        Instant now = clock.instant();
        // A refused management key refuses every call alike; once it is put right, the next check
        // does the change, so it marks no key out of sync.
        boolean refusedLogin = failure instanceof ManagementKeyRejectedException;
        boolean passing = failure instanceof CpaUnavailableException || failure instanceof CpaNotConfiguredException
                || refusedLogin;
        String outOfSync = passing ? "" : "CPA refused: " + failure.getMessage();
        database.write(dsl -> {
            keys.recordCheck(dsl, key.id(), decision, key.inCpa(), outOfSync, now);
            return null;
        });
        String error = refusedLogin ? failure.getMessage() + "; the console retries on its next check"
                : passing ? "CPA could not be reached (" + failure.getMessage()
                        + "); the console retries on its next check"
                : failure.getMessage();
        return new Applied(keys.byId(key.id()).orElseThrow(), new CpaKeyList.Outcome(false, error), error);
    }

    private void guardLast(ManagedKey key, boolean allowLast) {
        guardLast(List.of(key), allowLast);
    }

    /**
     * Throws {@link LastKeyException} unless {@code allowLast} when CPA holds one of
     * {@code leaving} and no other key. CPA is read even for keys the console last saw outside it,
     * since another tool may have put one back.
     */
    private void guardLast(List<ManagedKey> leaving, boolean allowLast) {
        if (allowLast || leaving.isEmpty()) {
            return;
        }
        Set<String> hashes = new HashSet<>();
        leaving.forEach(key -> hashes.add(key.keyHash()));
        try {
            List<String> entries = cpa.read();
            boolean holdsOne = hashes.stream().anyMatch(hash -> CpaKeyList.holds(entries, hash));
            List<String> others = entries.stream().filter(e -> !hashes.contains(ClientKeys.hash(e.strip()))).toList();
            if (holdsOne && CpaKeyList.usableCount(others) == 0) {
                throw new LastKeyException();
            }
        } catch (CpaException | CpaNotConfiguredException e) {
            LOG.debug("CPA could not be read before removing {} keys", leaving.size(), e);
        }
    }

    private List<UnmanagedKey> unmanaged(List<String> entries, Map<String, Long> owners) {
        Map<String, String> unknown = new LinkedHashMap<>();
        for (String entry : entries) {
            String value = entry.strip();
            if (!value.isEmpty()) {
                String hash = ClientKeys.hash(value);
                if (!owners.containsKey(hash)) {
                    unknown.putIfAbsent(hash, value);
                }
            }
        }
        if (unknown.isEmpty()) {
            return List.of();
        }
        Map<String, long[]> seen = new HashMap<>();
        database.read(dsl -> dsl.select(CLIENT_KEY.KEY_HASH, CLIENT_KEY.LAST_SEEN_NS,
                        DSL.selectCount().from(USAGE_EVENT).where(USAGE_EVENT.CLIENT_KEY_ID.eq(CLIENT_KEY.ID))
                                .asField("requests"))
                .from(CLIENT_KEY).where(CLIENT_KEY.KEY_HASH.in(unknown.keySet())).fetch())
                .forEach(r -> seen.put(r.value1(), new long[] {((Number) r.value3()).longValue(),
                    r.value2() == null ? Long.MIN_VALUE : r.value2()}));
        List<UnmanagedKey> list = new ArrayList<>();
        unknown.forEach((hash, value) -> {
            long[] s = seen.get(hash);
            Instant last = s == null || s[1] == Long.MIN_VALUE ? null : CpaTimestamps.fromEpochNanos(s[1]);
            list.add(new UnmanagedKey(hash, ClientKeys.mask(value), s == null ? 0 : s[0], last,
                    ClientKeyGenerator.refusal(value).orElse("")));
        });
        return list;
    }

    private List<Long> outOfSyncIds() {
        return keys.list(KeyFilter.LIVE.withOutOfSyncOnly(true).withDeleted(true), 0, Integer.MAX_VALUE).stream()
                .map(ManagedKey::id).toList();
    }

    private static Set<String> hashes(List<String> entries) {
        Set<String> hashes = new HashSet<>();
        entries.stream().map(String::strip).filter(e -> !e.isEmpty()).forEach(e -> hashes.add(ClientKeys.hash(e)));
        return hashes;
    }

    private Optional<String> openValue(ManagedKey key) {
        return keys.sealedValue(key.id()).map(sealed -> cipher.get().decrypt(sealed, key.keyHash()));
    }

    private String freshValue() {
        String value = generator.generate();
        while (keys.byValueHash(ClientKeys.hash(value)).isPresent()) {
            value = generator.generate();
        }
        return value;
    }

    private User liveUser(long userId) {
        User user = users.byId(userId).orElseThrow(() -> new UserException("There is no user " + userId));
        if (user.deleted()) {
            throw new UserException("The user " + user.name() + " was deleted");
        }
        return user;
    }

    private ManagedKey liveKey(long id) {
        ManagedKey key = keys.byId(id).orElseThrow(() -> new KeyException("There is no key " + id));
        if (key.deleted()) {
            throw new KeyException("The key " + id + " was deleted");
        }
        return key;
    }

    private static ManagedKey withLimits(ManagedKey key, KeyLimits limits) {
        return new ManagedKey(key.id(), key.userId(), key.userName(), key.name(), key.description(), key.keyHash(),
                key.masked(), key.createdAt(), key.lastUsedAt(), limits, key.suspended(), key.revokedAt(),
                key.deletedAt(), key.status(), key.statusDetail(), key.inCpa(), key.outOfSync(), key.checkedAt());
    }

    /**
     * A key's name as it is stored: stripped of surrounding white space.
     *
     * @throws KeyException when it is empty or holds control characters or invisible formatting
     *     characters (such as a right-to-left override)
     */
    public static String checkedName(String name) {
        String label = Objects.requireNonNullElse(name, "").strip();
        if (label.isEmpty()) {
            throw new KeyException("A key needs a name");
        }
        if (label.codePoints().anyMatch(UserDetails::hiddenCharacter)) {
            throw new KeyException("A key's name cannot hold line breaks, control characters or invisible "
                    + "formatting characters");
        }
        return label;
    }

    private void audit(String actor, String action, ManagedKey after, ManagedKey before, Applied applied) {
        String result = !applied.error().isEmpty() ? "failed" : applied.outcome().kept() ? "ok" : "out_of_sync";
        audit.record(actor, action, target(after), before == null ? "" : state(before), state(after), result,
                applied.outcome().detail());
    }

    static String target(ManagedKey key) {
        return "key " + key.id() + " " + key.masked() + " (" + key.userName() + ")";
    }

    private static String userTarget(User user) {
        return "user " + user.id() + " " + user.name();
    }

    /** The key's state for the audit log; the value appears only masked. */
    String state(ManagedKey key) {
        ObjectNode node = json.createObjectNode();
        node.put("id", key.id());
        node.put("user", key.userName());
        node.put("name", key.name());
        node.put("masked", key.masked());
        node.put("status", key.status().code());
        node.put("in_cpa", key.inCpa());
        KeyLimits limits = key.limits();
        if (limits.expiresAt() != null) {
            node.put("expires", limits.expiresAt().toString());
        }
        if (limits.budgetUsd() != null) {
            node.put("budget", limits.budgetUsd().toPlainString() + "/" + limits.budgetPeriod().code());
        }
        if (limits.requestQuota() != null) {
            node.put("request_quota", limits.requestQuota() + "/" + limits.quotaPeriod().code());
        }
        if (limits.tokenQuota() != null) {
            node.put("token_quota", limits.tokenQuota() + "/" + limits.quotaPeriod().code());
        }
        if (key.isOutOfSync()) {
            node.put("out_of_sync", key.outOfSync());
        }
        return node.toString();
    }

    private String userState(User user) {
        ObjectNode node = json.createObjectNode();
        node.put("id", user.id());
        node.put("name", user.name());
        node.put("role", user.role().code());
        node.put("disabled", user.disabled());
        node.put("deleted", user.deleted());
        return node.toString();
    }

    /**
     * Runs {@code action} alone: one action at a time in this process and, through a lock file
     * beside the database, in every console process on the same data directory (the desktop app,
     * {@code serve} and the commands), so no two of them interleave their reads and writes of CPA's
     * list or of a key.
     */
    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) {
                return action.get();
            }
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = channel.lock()) {
                return action.get();
            } catch (IOException e) {
                throw new KeyException("Key actions could not take their lock " + lockFile + ": " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * What applying a key's status to CPA did.
     *
     * @param key the key as stored afterwards
     * @param outcome CPA's answer
     * @param error why CPA could not be changed; "" when it could
     */
    private record Applied(ManagedKey key, CpaKeyList.Outcome outcome, String error) {
    }
}
