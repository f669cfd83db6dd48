package dev.cpaconsole.cpa;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPA's version as announced in the {@code X-CPA-VERSION} response header. A {@code dev} build
 * counts as the newest version; a response without the header comes from a build older than
 * v6.3.36 ({@link #LEGACY}).
 *
 * @param major major version
 * @param minor minor version
 * @param patch patch version
 * @param label the header's text, {@code dev}, or {@code legacy} when absent
 */
public record CpaVersion(int major, int minor, int patch, String label) implements Comparable<CpaVersion> {
    private static final Pattern NUMBERED = Pattern.compile("^[vV]?(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*$");

    /** A build without version headers: older than v6.3.36. */
    public static final CpaVersion LEGACY = new CpaVersion(0, 0, 0, "legacy");
    /** An unversioned build from source: assumed to have every feature. */
    public static final CpaVersion DEV = new CpaVersion(Integer.MAX_VALUE, 0, 0, "dev");

    /**
     * Reads a header value. Null or blank is {@link #LEGACY}; {@code dev} and any text that is not
     * a version number count as the newest build, because only builds new enough to send the header
     * send anything at all.
     */
    public static CpaVersion parse(String header) {
        if (header == null || header.isBlank()) {
            return LEGACY;
        }
        String text = header.trim();
        Matcher matcher = NUMBERED.matcher(text);
        if (!matcher.matches()) {
            return new CpaVersion(DEV.major, 0, 0, text);
        }
        try {
            int patch = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
            return new CpaVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), patch, text);
        } catch (NumberFormatException e) {
            return new CpaVersion(DEV.major, 0, 0, text);
        }
    }

    public static CpaVersion of(int major, int minor, int patch) {
        return new CpaVersion(major, minor, patch, "v" + major + "." + minor + "." + patch);
    }

    public boolean isLegacy() {
        return major == 0 && minor == 0 && patch == 0 && "legacy".equals(label);
    }

    public boolean atLeast(int otherMajor, int otherMinor, int otherPatch) {
        return compareTo(new CpaVersion(otherMajor, otherMinor, otherPatch, "")) >= 0;
    }

    public boolean atMost(int otherMajor, int otherMinor, int otherPatch) {
        return compareTo(new CpaVersion(otherMajor, otherMinor, otherPatch, "")) <= 0;
    }

    public boolean is(int otherMajor, int otherMinor, int otherPatch) {
        return major == otherMajor && minor == otherMinor && patch == otherPatch;
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
    public String toString() {
        return label;
    }
}
