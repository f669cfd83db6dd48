package dev.cpaconsole.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * CPA's management login check, shared by HTTP and RESP {@code AUTH}: ban first, then remote
 * access, then the key; five failures from one IP ban it, and a success forgives everything.
 */
final class ManagementAuth {
    static final int FAILURES_BEFORE_BAN = 5;
    private static final Duration IDLE_PURGE = Duration.ofHours(2);

    /** The outcome of one check; {@code status} is the HTTP status a rejection maps to. */
    record Decision(boolean allowed, int status, String message) {
        static final Decision ALLOWED = new Decision(true, 200, "");
    }

    private final String secret;
    private final boolean allowRemote;
    private final Clock clock;
    private final Duration banDuration;
    private final Supplier<CpaVersion> version;
    private final Map<String, Attempts> attemptsByIp = new HashMap<>();
    private final AtomicInteger totalFailures = new AtomicInteger();

    ManagementAuth(String secret, boolean allowRemote, Clock clock, Duration banDuration,
            Supplier<CpaVersion> version) {
        this.secret = secret;
        this.allowRemote = allowRemote;
        this.clock = clock;
        this.banDuration = banDuration;
        this.version = version;
    }

    static boolean isLocal(String clientIp) {
        return "127.0.0.1".equals(clientIp) || "::1".equals(clientIp);
    }

    /**
     * Checks one attempt. A {@code null} or empty key is a missing key, which counts as a failure
     * like a wrong one.
     */
    synchronized Decision check(String clientIp, String providedKey) {
        Instant now = clock.instant();
        purgeIdle(now);
        Attempts attempts = attemptsByIp.computeIfAbsent(clientIp, ip -> new Attempts());
        attempts.lastSeen = now;
        if (attempts.bannedUntil != null) {
            if (now.isBefore(attempts.bannedUntil)) {
                Duration left = Duration.between(now, attempts.bannedUntil);
                return new Decision(false, 403, "IP banned due to too many failed attempts. Try again in "
                        + GoText.durationInSeconds(left));
            }
            attempts.bannedUntil = null;
        }
        boolean local = isLocal(clientIp);
        if (!local && !allowRemote) {
            return new Decision(false, 403, "remote management disabled");
        }
        if (secret == null || secret.isEmpty()) {
            return new Decision(false, 403, "remote management key not set");
        }
        if (local && !version.get().atLeast("v6.0.1")) {
            return succeed(clientIp);
        }
        if (providedKey == null || providedKey.isEmpty()) {
            fail(attempts, now);
            return new Decision(false, 401, "missing management key");
        }
        if (!secret.equals(providedKey)) {
            fail(attempts, now);
            return new Decision(false, 401, "invalid management key");
        }
        return succeed(clientIp);
    }

    int totalFailures() {
        return totalFailures.get();
    }

    synchronized void clear() {
        attemptsByIp.clear();
    }

    private Decision succeed(String clientIp) {
        attemptsByIp.remove(clientIp);
        return Decision.ALLOWED;
    }

    private void fail(Attempts attempts, Instant now) {
        totalFailures.incrementAndGet();
        attempts.failures++;
        if (attempts.failures >= FAILURES_BEFORE_BAN) {
            attempts.bannedUntil = now.plus(banDuration);
            attempts.failures = 0;
        }
    }

    private void purgeIdle(Instant now) {
        attemptsByIp.values().removeIf(a -> (a.bannedUntil == null || !now.isBefore(a.bannedUntil))
                && Duration.between(a.lastSeen, now).compareTo(IDLE_PURGE) > 0);
    }

    /** Failures and ban of one client IP. */
    private static final class Attempts {
        int failures;
        Instant bannedUntil;
        Instant lastSeen;
    }
}
