package dev.cpaconsole.collector.core;

import java.time.Instant;

/**
 * A snapshot of the collector's state for the status bar, the health view and the headless
 * summary line. Instants are null until the thing they describe first happened.
 *
 * @param state what the collector is doing
 * @param mode the transport in use
 * @param cpaVersion CPA's version as reported in {@code X-CPA-VERSION}, or null before contact
 * @param lastReceived when the last usage item arrived from CPA
 * @param lastStored when the last batch was committed to the database
 * @param eventsPerMinute items received during the last minute
 * @param receivedTotal items received since the collector started
 * @param storedTotal events stored since the collector started (duplicates excluded)
 * @param quarantinedTotal items quarantined since the collector started
 * @param lastError the last problem, in words an operator can act on, or null
 * @param warning a standing warning (another consumer splitting the stream...), or null
 */
public record CollectorHealth(
        CollectorState state,
        CollectorMode mode,
        String cpaVersion,
        Instant lastReceived,
        Instant lastStored,
        long eventsPerMinute,
        long receivedTotal,
        long storedTotal,
        long quarantinedTotal,
        String lastError,
        String warning) {

    public static CollectorHealth stopped() {
        return new CollectorHealth(CollectorState.STOPPED, CollectorMode.NONE, null, null, null, 0, 0, 0, 0,
                null, null);
    }
}
