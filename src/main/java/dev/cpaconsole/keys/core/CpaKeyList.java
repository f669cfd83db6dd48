package dev.cpaconsole.keys.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.cpa.CpaException;
import dev.cpaconsole.usage.core.ClientKeys;

/**
 * Changes CPA's client key list safely, whatever other tools do to it at the same time. Every
 * change reads the list just before it, names keys by value and never by position
 * ({@code PATCH {"old","new"}}, {@code DELETE ?value=}), refuses values that look masked or are
 * published examples, and reads the list back afterwards: a change CPA acknowledged but did not
 * keep comes back as not kept. CPA saves the list before it answers and reloads it afterwards, so
 * the read-back is tried a few times before the change counts as lost.
 */
public final class CpaKeyList {
    private static final Logger LOG = LoggerFactory.getLogger(CpaKeyList.class);

    /** How often, and how far apart, a read-back is tried before a change counts as not kept. */
    static final int READ_BACK_TRIES = 3;

    private final Supplier<CpaClient> client;
    private final Duration readBackPause;
    private final Duration acceptanceWindow;

    /**
     * @param client the CPA to change; asked on every call, so a changed connection is used at once
     * @param readBackPause the pause between read-back tries, and between checks that CPA's proxy
     *     accepts an added key
     * @param acceptanceWindow how long an added key is given to be accepted by CPA's proxy, which
     *     reloads its configuration only after answering the write
     */
    public CpaKeyList(Supplier<CpaClient> client, Duration readBackPause, Duration acceptanceWindow) {
        this.client = Objects.requireNonNull(client, "client");
        this.readBackPause = Objects.requireNonNull(readBackPause, "readBackPause");
        this.acceptanceWindow = Objects.requireNonNull(acceptanceWindow, "acceptanceWindow");
    }

    /** The list as CPA holds it now, {@code null} read as empty. */
    public List<String> read() {
        return client.get().apiKeys();
    }

    /** Whether {@code entries} holds the value whose hash is {@code hash}, surrounding blanks ignored. */
    static boolean holds(List<String> entries, String hash) {
        return find(entries, hash).isPresent();
    }

    /** The entry of {@code entries} whose stripped value has {@code hash}. */
    static Optional<String> find(List<String> entries, String hash) {
        return entries.stream().filter(entry -> ClientKeys.hash(entry.strip()).equals(hash)).findFirst();
    }

    /**
     * How many distinct usable keys CPA would accept with {@code entries}. CPA's published example
     * values do not count: a CPA left with only those is as good as open (or refuses every request
     * in its safe mode).
     */
    static long usableCount(List<String> entries) {
        return entries.stream().map(String::strip).filter(e -> !e.isEmpty())
                .filter(e -> !ClientKeyGenerator.isPublishedExample(e)).distinct().count();
    }

    /**
     * Makes sure CPA holds {@code key} (an idempotent "ensure present"), then reads it back.
     *
     * @throws KeyException when the value must not be a client key
     * @throws CpaException when CPA cannot be reached or refuses
     */
    public Outcome add(String key) {
        refuseUnusable(key);
        String hash = ClientKeys.hash(key);
        CpaClient cpa = client.get();
        if (holds(cpa.apiKeys(), hash)) {
            return new Outcome(true, "CPA had the key already");
        }
        cpa.ensureApiKey(key);
        Outcome listed = readBack(cpa, entries -> holds(entries, hash), "CPA answered ok but does not list the key");
        return listed.kept() ? new Outcome(true, acceptance(cpa, key)) : listed;
    }

    /**
     * Whether CPA's proxy accepts the key it now lists. Right after a write CPA still runs on its
     * old configuration for a moment, so a refusal then is expected and not an error: the key is
     * listed, and the reload follows.
     */
    private String acceptance(CpaClient cpa, String key) {
        long deadline = System.nanoTime() + acceptanceWindow.toNanos();
        long started = System.nanoTime();
        try {
            while (!cpa.clientKeyAccepted(key)) {
                if (System.nanoTime() >= deadline) {
                    return "ok; CPA lists the key, but its proxy had not reloaded it after "
                            + acceptanceWindow.toSeconds() + " s";
                }
                pause();
            }
        } catch (CpaException e) {
            return "ok; CPA lists the key (its proxy could not be asked whether it accepts it: " + e.getMessage()
                    + ")";
        }
        long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
        return waited < readBackPause.toMillis() ? "ok" : "ok; CPA's proxy accepted the key after " + waited + " ms";
    }

    /**
     * Removes every entry whose value has {@code hash}; nothing is sent when CPA does not hold it.
     *
     * @param allowEmpty remove it even when it is the last key in CPA
     * @throws LastKeyException when it is the last key and {@code allowEmpty} is false
     */
    public Outcome remove(String hash, boolean allowEmpty) {
        CpaClient cpa = client.get();
        List<String> entries = cpa.apiKeys();
        Optional<String> entry = find(entries, hash);
        if (entry.isEmpty()) {
            return new Outcome(true, "CPA did not hold the key");
        }
        String value = entry.get().strip();
        if (!allowEmpty && usableCount(entries.stream().filter(e -> !e.strip().equals(value)).toList()) == 0) {
            throw new LastKeyException();
        }
        cpa.deleteApiKey(value);
        return readBack(cpa, after -> !holds(after, hash), "CPA answered ok but still lists the key");
    }

    /**
     * Puts {@code newKey} in the place of the value with {@code oldHash}, or adds it when CPA does
     * not hold the old one, then reads back that the new one is there and the old one is gone.
     */
    public Outcome replace(String oldHash, String newKey) {
        refuseUnusable(newKey);
        String newHash = ClientKeys.hash(newKey);
        CpaClient cpa = client.get();
        Optional<String> old = find(cpa.apiKeys(), oldHash);
        if (old.isPresent()) {
            cpa.replaceApiKey(old.get(), newKey);
        } else {
            cpa.ensureApiKey(newKey);
        }
        Outcome outcome = readBack(cpa, entries -> holds(entries, newHash) && !holds(entries, oldHash),
                "CPA answered ok but does not list the new key in place of the old one");
        if (outcome.kept() && old.isPresent() && holds(cpa.apiKeys(), oldHash)) {
            // Another tool had the old value twice; PATCH replaces only the first.
            return remove(oldHash, true);
        }
        return outcome;
    }

    private Outcome readBack(CpaClient cpa, java.util.function.Predicate<List<String>> kept, String lost) {
        for (int attempt = 1; attempt <= READ_BACK_TRIES; attempt++) {
            if (kept.test(cpa.apiKeys())) {
                return new Outcome(true, "ok");
            }
            if (attempt < READ_BACK_TRIES) {
                pause();
            }
        }
        LOG.warn("CPA did not keep a client key change: {}", lost);
        return new Outcome(false, lost);
    }

    private void pause() {
        try {
            Thread.sleep(readBackPause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyException("Interrupted while reading CPA's key list back", e);
        }
    }

    private static void refuseUnusable(String key) {
        Optional<String> refusal = ClientKeyGenerator.refusal(key);
        if (refusal.isPresent()) {
            throw new KeyException("Not sent to CPA: " + refusal.get());
        }
    }

    /**
     * What a change did.
     *
     * @param kept whether CPA's list is as the change meant it to be
     * @param detail what happened, in words
     */
    public record Outcome(boolean kept, String detail) {
    }
}
