package dev.cpaconsole.requests.core;

import java.util.Locale;

/**
 * The outcome filter of the requests list: attempts CPA counted as succeeded, as failed, or those
 * with one status code.
 *
 * @param kind which of the three
 * @param statusCode the status code for {@link Kind#STATUS}, otherwise 0
 */
public record RequestOutcome(Kind kind, int statusCode) {
    public static final RequestOutcome OK = new RequestOutcome(Kind.OK, 0);
    public static final RequestOutcome FAILED = new RequestOutcome(Kind.FAILED, 0);

    /** The three kinds of outcome filter. */
    public enum Kind {
        OK, FAILED, STATUS
    }

    public RequestOutcome {
        if (kind == Kind.STATUS ? statusCode < 100 || statusCode > 999 : statusCode != 0) {
            throw new IllegalArgumentException("not an outcome: " + kind + " " + statusCode);
        }
    }

    public static RequestOutcome status(int code) {
        return new RequestOutcome(Kind.STATUS, code);
    }

    /**
     * {@code ok}, {@code failed} (in any case) or a three-digit status code.
     *
     * @throws IllegalArgumentException naming what is accepted when {@code text} is none of these
     */
    public static RequestOutcome parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("ok")) {
            return OK;
        }
        if (value.equals("failed")) {
            return FAILED;
        }
        if (value.length() == 3 && value.chars().allMatch(c -> c >= '0' && c <= '9') && value.charAt(0) != '0') {
            return status(Integer.parseInt(value));
        }
        throw new IllegalArgumentException("'" + text + "' is not an outcome (use ok, failed or a status code such"
                + " as 429)");
    }

    /** {@code ok}, {@code failed} or the status code, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return switch (kind) {
            case OK -> "ok";
            case FAILED -> "failed";
            case STATUS -> String.valueOf(statusCode);
        };
    }
}
