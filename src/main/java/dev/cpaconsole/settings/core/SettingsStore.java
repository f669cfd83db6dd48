package dev.cpaconsole.settings.core;

import static dev.cpaconsole.store.schema.Tables.SETTING;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.HistoryMaintenance;

/** Keeps {@link ConnectionSettings} in the {@code setting} table, one row per value. */
public final class SettingsStore {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);

    static final String CPA_URL = "cpa.url";
    static final String MODE_PREFERENCE = "collector.mode";
    static final String ENABLE_STATISTICS = "cpa.enable-statistics";
    static final String THEME = "ui.theme";
    static final String TIME_ZONE = "console.time-zone";

    private final Database database;

    public SettingsStore(Database database) {
        this.database = database;
    }

    /** The saved settings; defaults for anything never saved or no longer understood. */
    public ConnectionSettings load() {
        Map<String, String> values = database.read(dsl -> dsl.select(SETTING.NAME, SETTING.VALUE)
                .from(SETTING)
                .fetchMap(SETTING.NAME, SETTING.VALUE));
        ConnectionSettings defaults = ConnectionSettings.DEFAULTS;
        return new ConnectionSettings(
                values.getOrDefault(CPA_URL, defaults.cpaUrl()),
                parse(ModePreference.class, values.get(MODE_PREFERENCE), defaults.modePreference()),
                Boolean.parseBoolean(values.getOrDefault(ENABLE_STATISTICS,
                        String.valueOf(defaults.enableStatistics()))),
                parse(Theme.class, values.get(THEME), defaults.theme()));
    }

    public void save(ConnectionSettings settings) {
        database.write(dsl -> {
            put(dsl, CPA_URL, settings.cpaUrl());
            put(dsl, MODE_PREFERENCE, settings.modePreference().name());
            put(dsl, ENABLE_STATISTICS, String.valueOf(settings.enableStatistics()));
            put(dsl, THEME, settings.theme().name());
            return null;
        });
        // The URL is left out: an operator may have written credentials into it.
        LOG.info("Settings saved: collector mode {}, statistics switch {}, theme {}", settings.modePreference(),
                settings.enableStatistics() ? "on" : "off", settings.theme());
    }

    /** Saves only the theme, which changes without touching the connection. */
    public void saveTheme(Theme theme) {
        database.write(dsl -> {
            put(dsl, THEME, theme.name());
            return null;
        });
    }

    /**
     * The zone the console cuts days, weeks and months in (key budgets and quotas among them): the
     * saved one, or this computer's.
     */
    public ZoneId timeZone() {
        String value = database.read(dsl -> dsl.select(SETTING.VALUE).from(SETTING)
                .where(SETTING.NAME.eq(TIME_ZONE)).fetchOne(SETTING.VALUE));
        if (value != null) {
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                LOG.warn("Ignoring unknown time zone setting '{}'", value);
            }
        }
        return ZoneId.systemDefault();
    }

    /** Saves the zone {@link #timeZone()} answers. */
    public void saveTimeZone(ZoneId zone) {
        database.write(dsl -> {
            put(dsl, TIME_ZONE, zone.getId());
            return null;
        });
    }

    /**
     * Days request-level usage events are kept (0: forever); their roll-ups are kept forever.
     * The value belongs to {@link HistoryMaintenance}, which prunes with it.
     */
    public int retentionDays() {
        return new HistoryMaintenance(database, Clock.systemUTC()).retentionDays();
    }

    /**
     * Saves how many days usage events are kept.
     *
     * @throws IllegalArgumentException when {@code days} is neither 0 nor within the allowed range
     */
    public void saveRetentionDays(int days) {
        new HistoryMaintenance(database, Clock.systemUTC()).saveRetentionDays(days);
    }

    private static void put(DSLContext dsl, String name, String value) {
        dsl.insertInto(SETTING, SETTING.NAME, SETTING.VALUE)
                .values(name, value)
                .onConflict(SETTING.NAME)
                .doUpdate()
                .set(SETTING.VALUE, value)
                .execute();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, E fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring unknown {} setting '{}'", type.getSimpleName(), value);
            return fallback;
        }
    }
}
