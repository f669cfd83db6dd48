package dev.cpaconsole.usage.core;

/** Where the bucket split of an event came from; stored by {@link #code()}. */
public enum TokenAccountingSource {
    /** CPA's own {@code token_breakdown} (accounting version 2 and later). */
    BREAKDOWN("breakdown"),
    /** The provider-specific overlap rules applied to the flat {@code tokens} object. */
    PROVIDER_RULES("provider-rules");

    private final String code;

    TokenAccountingSource(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static TokenAccountingSource fromCode(String code) {
        for (TokenAccountingSource source : values()) {
            if (source.code.equals(code)) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown token accounting source: " + code);
    }
}
