package dev.cpaconsole.settings.core;

import java.util.Objects;

/**
 * How the console reaches CPA and looks. The management key is not part of it: it lives in a
 * {@link ManagementKeyStore}, never in the database.
 *
 * @param cpaUrl CPA's base URL such as {@code http://127.0.0.1:8317}; "" until configured
 * @param modePreference the transport the collector should use
 * @param enableStatistics turn on CPA's {@code usage-statistics-enabled} when it is off, since
 *     CPA produces no usage events without it
 * @param theme light or dark
 */
public record ConnectionSettings(String cpaUrl, ModePreference modePreference, boolean enableStatistics,
        Theme theme) {
    public static final ConnectionSettings DEFAULTS =
            new ConnectionSettings("", ModePreference.AUTOMATIC, true, Theme.LIGHT);

    public ConnectionSettings {
        cpaUrl = cpaUrl == null ? "" : cpaUrl.strip();
        Objects.requireNonNull(modePreference, "modePreference");
        Objects.requireNonNull(theme, "theme");
    }

    /** Whether the operator has told the console where CPA is. */
    public boolean isConfigured() {
        return !cpaUrl.isEmpty();
    }

    public ConnectionSettings withTheme(Theme newTheme) {
        return new ConnectionSettings(cpaUrl, modePreference, enableStatistics, newTheme);
    }
}
