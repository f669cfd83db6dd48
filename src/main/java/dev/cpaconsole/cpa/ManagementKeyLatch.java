package dev.cpaconsole.cpa;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The management key of one CPA and whether CPA has refused it. Shared by the HTTP client and the
 * RESP channel of the same CPA: once either is refused, both stop sending anything until the
 * operator replaces the key, because every refused attempt counts towards CPA's IP ban.
 *
 * <p>Until CPA has accepted the current key once, calls made through {@link #authenticated} run
 * one at a time, so that a wrong key costs exactly one failed attempt even when several threads
 * call at once.
 */
public final class ManagementKeyLatch {
    private final ReentrantLock probeLock = new ReentrantLock();
    private String key;
    private boolean verified;
    private boolean rejected;
    private int rejectedStatus;
    private String rejectedText;

    public ManagementKeyLatch(String key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The key to send; throws the recorded rejection when CPA has refused it. */
    public synchronized String keyForNextCall() {
        if (rejected) {
            throw new ManagementKeyRejectedException(rejectedStatus, rejectedText);
        }
        return key;
    }

    /**
     * Runs {@code call} with the current key. The call reports a refusal through
     * {@link #reject(int, String)} and throws; any other outcome proves the key was accepted.
     */
    public <T> T authenticated(Function<String, T> call) {
        boolean probe = !isVerified();
        if (probe) {
            probeLock.lock();
        }
        try {
            String current = keyForNextCall();
            try {
                T result = call.apply(current);
                markAccepted(current);
                return result;
            } catch (CpaException e) {
                // Any answer other than a refusal (404, 400, 5xx) came past CPA's key check.
                if (!(e instanceof ManagementKeyRejectedException) && e.status() != 0) {
                    markAccepted(current);
                }
                throw e;
            }
        } finally {
            if (probe) {
                probeLock.unlock();
            }
        }
    }

    /** Records that CPA accepted {@code acceptedKey}, unless the key changed meanwhile. */
    public synchronized void markAccepted(String acceptedKey) {
        if (acceptedKey != null && acceptedKey.equals(key) && !rejected) {
            verified = true;
        }
    }

    public synchronized boolean isVerified() {
        return verified;
    }

    /** Records a refusal; every later {@link #keyForNextCall()} fails with it. */
    public synchronized ManagementKeyRejectedException reject(int status, String cpaError) {
        if (!rejected) {
            rejected = true;
            rejectedStatus = status;
            rejectedText = cpaError;
            verified = false;
        }
        return new ManagementKeyRejectedException(status, cpaError);
    }

    public synchronized boolean isRejected() {
        return rejected;
    }

    /** Installs a new key and lifts the latch. */
    public synchronized void replace(String newKey) {
        key = Objects.requireNonNull(newKey, "newKey");
        rejected = false;
        rejectedStatus = 0;
        rejectedText = null;
        verified = false;
    }
}
