package dev.cpaconsole.settings.core;

import java.util.List;
import java.util.Objects;

import dev.cpaconsole.collector.core.CollectorMode;

/** The outcome of a {@link ConnectionTester} run. */
public sealed interface ConnectionTestResult {
    /**
     * CPA accepted the key.
     *
     * @param cpaVersion the version CPA reports, such as {@code v7.2.140} or {@code dev}
     * @param supportedModes the collection modes this version offers, best first
     * @param statisticsEnabled CPA's {@code usage-statistics-enabled}, or null when unknown
     */
    record Connected(String cpaVersion, List<CollectorMode> supportedModes, Boolean statisticsEnabled)
            implements ConnectionTestResult {
        public Connected {
            Objects.requireNonNull(cpaVersion, "cpaVersion");
            supportedModes = List.copyOf(supportedModes);
        }
    }

    /**
     * The test failed.
     *
     * @param message what went wrong and what to do, in a sentence an operator can act on
     *     ("CPA refused the management key – check it")
     */
    record Failed(String message) implements ConnectionTestResult {
        public Failed {
            Objects.requireNonNull(message, "message");
        }
    }
}
