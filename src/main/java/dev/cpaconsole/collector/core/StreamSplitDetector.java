package dev.cpaconsole.collector.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tells whether someone else pops CPA's usage queue, by comparing CPA's per-credential request
 * counters ({@code success + failed} from {@code GET /auth-files}) with the events that arrived for
 * each {@code auth_index} in between two readings. Events that arrive after CPA counted them in a
 * later reading are carried over, so a late event is never reported as missing. Not thread-safe:
 * used by the thread that pops.
 */
final class StreamSplitDetector {
    /** What one comparison found. */
    sealed interface Finding {
    }

    /**
     * First reading (it becomes the baseline), or a reading after CPA restarted (its counters went
     * down; the next reading becomes the baseline): nothing compared.
     */
    record Baseline(boolean cpaRestarted) implements Finding {
    }

    /** {@code missing} of {@code expected} events counted by CPA never arrived. */
    record Compared(long expected, long missing) implements Finding {
    }

    private final long absoluteTolerance;
    private final double relativeTolerance;
    private Map<String, Long> previous;
    private Map<String, Long> arrived = new HashMap<>();

    StreamSplitDetector(long absoluteTolerance, double relativeTolerance) {
        this.absoluteTolerance = absoluteTolerance;
        this.relativeTolerance = relativeTolerance;
    }

    /** Notes one event that arrived for {@code authIndex}. */
    void arrived(String authIndex) {
        arrived.merge(authIndex, 1L, Long::sum);
    }

    /**
     * Whether a baseline reading exists. Take one only when CPA's queue has just been emptied, so
     * that every event CPA counted before the reading has already arrived.
     */
    boolean hasBaseline() {
        return previous != null;
    }

    /**
     * Compares a new reading of CPA's counters (auth_index to requests) with what arrived since the
     * previous reading. Without a baseline, the reading becomes it.
     */
    Finding compare(Map<String, Long> counters) {
        if (previous == null) {
            previous = Map.copyOf(counters);
            arrived = new HashMap<>();
            return new Baseline(false);
        }
        for (Map.Entry<String, Long> counter : counters.entrySet()) {
            Long before = previous.get(counter.getKey());
            if (before != null && counter.getValue() < before) {
                reset();
                return new Baseline(true);
            }
        }
        long expected = 0;
        long missing = 0;
        Map<String, Long> carried = new HashMap<>();
        for (Map.Entry<String, Long> counter : counters.entrySet()) {
            long delta = counter.getValue() - previous.getOrDefault(counter.getKey(), 0L);
            long got = arrived.getOrDefault(counter.getKey(), 0L);
            expected += delta;
            missing += Math.max(0, delta - got);
            if (got > delta) {
                carried.put(counter.getKey(), got - delta);
            }
        }
        previous = Map.copyOf(counters);
        arrived = carried;
        return new Compared(expected, missing);
    }

    /** Whether {@code finding} shows more missing events than the tolerance allows. */
    Optional<Compared> beyondTolerance(Finding finding) {
        if (finding instanceof Compared compared
                && compared.missing() > Math.max(absoluteTolerance, compared.expected() * relativeTolerance)) {
            return Optional.of(compared);
        }
        return Optional.empty();
    }

    /** Forgets everything; the next reading is a baseline. */
    void reset() {
        previous = null;
        arrived = new HashMap<>();
    }
}
