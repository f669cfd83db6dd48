package dev.cpaconsole.collector.core;

/** The collector's life cycle as the operator sees it. */
public enum CollectorState {
    STOPPED,
    CONNECTING,
    COLLECTING,
    /** Lost the connection or CPA failed; retrying with backoff. */
    RECONNECTING,
    /** CPA refused the management key; nothing more is sent until the operator changes it. */
    KEY_REJECTED,
    /** This CPA offers no live usage channel the console can use. */
    UNSUPPORTED
}
