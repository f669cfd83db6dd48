package dev.cpaconsole.users.ui;

/**
 * A rough idea of how hard a password is to guess, from its length and the kinds of characters
 * in it. It cannot see that a long password is a common phrase; it only keeps obviously weak ones
 * from being chosen by accident.
 */
public enum PasswordStrength {
    NONE(""),
    TOO_SHORT("Too short: at least " + PasswordStrength.MIN_LENGTH + " characters"),
    WEAK("Weak: longer, or mix letters, digits and symbols"),
    FAIR("Fair"),
    STRONG("Strong");

    /** The shortest password the console accepts. */
    public static final int MIN_LENGTH = 8;
    private static final double FAIR_BITS = 50;
    private static final double STRONG_BITS = 70;

    private final String hint;

    PasswordStrength(String hint) {
        this.hint = hint;
    }

    /** What the editor shows under the password, e.g. "Fair"; "" for no password. */
    public String hint() {
        return hint;
    }

    public static PasswordStrength of(String password) {
        if (password.isEmpty()) {
            return NONE;
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return TOO_SHORT;
        }
        double bits = length * Math.log(alphabet(password)) / Math.log(2);
        if (bits >= STRONG_BITS) {
            return STRONG;
        }
        return bits >= FAIR_BITS ? FAIR : WEAK;
    }

    /** The size of the alphabet a guesser would have to try, by the kinds of characters used. */
    private static int alphabet(String password) {
        boolean lower = password.codePoints().anyMatch(c -> c >= 'a' && c <= 'z');
        boolean upper = password.codePoints().anyMatch(c -> c >= 'A' && c <= 'Z');
        boolean digit = password.codePoints().anyMatch(c -> c >= '0' && c <= '9');
        boolean symbol = password.codePoints().anyMatch(c -> c < 128 && !Character.isLetterOrDigit(c));
        boolean other = password.codePoints().anyMatch(c -> c >= 128);
        int size = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0) + (other ? 100 : 0);
        return Math.max(size, 2);
    }
}
