package dev.cpaconsole.simulator;

import java.util.Locale;
import java.util.Objects;

/**
 * A CPA release number as the simulator uses it for feature gates. {@code dev} sorts above every
 * release; a {@code null} version stands for an old build that predates the version headers.
 */
final class CpaVersion implements Comparable<CpaVersion> {
    /** The newest behaviour, as an unversioned build from the main branch. */
    static final CpaVersion DEV = new CpaVersion("dev", Integer.MAX_VALUE, 0, 0);

    /** What a build without version headers behaves like: the last release before v6.3.36. */
    static final CpaVersion UNVERSIONED = new CpaVersion(null, 6, 3, 35);

    private final String label;
    private final int major;
    private final int minor;
    private final int patch;

    private CpaVersion(String label, int major, int minor, int patch) {
        this.label = label;
        this.major = major;
        this.minor = minor;
        this.patch = patch;
    }

    /**
     * Parses {@code v7.2.140}, {@code 7.2.140}, {@code v7.2.140-rc1} or {@code dev}; {@code null}
     * gives the unversioned legacy build.
     */
    static CpaVersion parse(String text) {
        if (text == null) {
            return UNVERSIONED;
        }
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("dev")) {
            return DEV;
        }
        String digits = trimmed.startsWith("v") || trimmed.startsWith("V") ? trimmed.substring(1) : trimmed;
        int suffix = digits.indexOf('-');
        if (suffix >= 0) {
            digits = digits.substring(0, suffix);
        }
        String[] parts = digits.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a CPA version: " + text);
        }
        try {
            return new CpaVersion("v" + digits, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CPA version: " + text, e);
        }
    }

    /** The text sent in {@code X-CPA-VERSION}, or {@code null} for the unversioned build. */
    String label() {
        return label;
    }

    boolean isDev() {
        return this == DEV;
    }

    boolean atLeast(String version) {
        return compareTo(parse(version)) >= 0;
    }

    boolean atMost(String version) {
        return compareTo(parse(version)) <= 0;
    }

    boolean sendsVersionHeaders() {
        return label != null && atLeast("v6.3.36");
    }

    /** RESP listener on the shared port: v6.9.38 on, except the one release that refused it. */
    boolean speaksResp() {
        return atLeast("v6.9.38") && !equals(parse("v7.1.17"));
    }

    /** Whether the build ships the plugin host (and says so in {@code X-CPA-SUPPORT-PLUGIN}). */
    boolean supportsPlugins() {
        return atLeast("v7.1.47");
    }

    @Override
    public int compareTo(CpaVersion other) {
        int byMajor = Integer.compare(major, other.major);
        if (byMajor != 0) {
            return byMajor;
        }
        int byMinor = Integer.compare(minor, other.minor);
        return byMinor != 0 ? byMinor : Integer.compare(patch, other.patch);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CpaVersion that && major == that.major && minor == that.minor
                && patch == that.patch;
    }

    @Override
    public int hashCode() {
        return Objects.hash(major, minor, patch);
    }

    @Override
    public String toString() {
        return label == null ? "unversioned" : label.toLowerCase(Locale.ROOT);
    }
}
