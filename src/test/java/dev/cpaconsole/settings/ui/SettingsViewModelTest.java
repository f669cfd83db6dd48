package dev.cpaconsole.settings.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.collector.core.CollectorMode;
import dev.cpaconsole.concurrent.SameThreadTaskRunner;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.ConnectionTestResult;
import dev.cpaconsole.settings.core.ConnectionTester;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.settings.core.Theme;
import dev.cpaconsole.store.Database;

class SettingsViewModelTest {
    private static final String URL = "http://127.0.0.1:8317";
    private static final String KEY = "mgmt-key-correct-horse";

    @TempDir
    Path dataDir;

    private Database database;
    private SettingsStore store;
    private FileManagementKeyStore keys;
    private final AtomicInteger restarts = new AtomicInteger();
    private final List<Theme> themes = new ArrayList<>();
    private final List<String> keysTested = new ArrayList<>();
    private ConnectionTester tester = (url, key) -> {
        keysTested.add(key);
        return new ConnectionTestResult.Connected("v7.2.140",
                List.of(CollectorMode.RESP_SUBSCRIBE, CollectorMode.HTTP_QUEUE, CollectorMode.RESP_POP), true);
    };

    @BeforeEach
    void openDatabase() {
        database = Database.open(dataDir);
        store = new SettingsStore(database);
        keys = new FileManagementKeyStore(dataDir);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    private SettingsViewModel model() {
        SettingsViewModel model = new SettingsViewModel(store, keys, (url, key) -> tester.test(url, key),
                restarts::incrementAndGet, new SameThreadTaskRunner(), themes::add, applied -> {
                });
        model.load();
        return model;
    }

    private static ConnectionSettings settings(String url) {
        return new ConnectionSettings(url, ModePreference.HTTP_QUEUE, true, Theme.DARK);
    }

    @Test
    void applySavesTheSettingsAndTheKeyAndRestartsTheCollector() {
        SettingsViewModel model = model();

        model.apply(settings(URL), KEY);

        assertThat(store.load()).isEqualTo(settings(URL));
        assertThat(keys.load()).hasValue(KEY);
        assertThat(restarts).hasValue(1);
        assertThat(model.messageProperty().get()).contains("restarted");
        assertThat(themes).containsExactly(Theme.DARK);
    }

    @Test
    void emptyKeyFieldKeepsTheSavedKey() {
        keys.save(KEY);
        SettingsViewModel model = model();

        model.apply(settings(URL), "");

        assertThat(keys.load()).hasValue(KEY);
        assertThat(model.errorMessageProperty().get()).isEmpty();
    }

    @Test
    void applyWithoutAnyKeyAsksForOne() {
        SettingsViewModel model = model();

        model.apply(settings(URL), " ");

        assertThat(model.errorMessageProperty().get()).isEqualTo("Enter CPA's management key");
        assertThat(restarts).hasValue(0);
    }

    @Test
    void invalidAddressIsRefusedBeforeAnythingIsSaved() {
        SettingsViewModel model = model();

        model.apply(settings("127.0.0.1:8317"), KEY);

        assertThat(model.errorMessageProperty().get()).contains("http://");
        assertThat(store.load().isConfigured()).isFalse();
        assertThat(keys.load()).isEmpty();
    }

    @Test
    void connectionTestReportsVersionAndModes() {
        SettingsViewModel model = model();

        model.testConnection(URL, KEY);

        assertThat(model.testSummaryProperty().get())
                .isEqualTo("Connected to CPA v7.2.140. Collection modes: RESP subscribe, HTTP queue, RESP pop.");
        assertThat(model.testingProperty().get()).isFalse();
    }

    @Test
    void connectionTestUsesTheSavedKeyWhenNoneIsTyped() {
        keys.save(KEY);
        SettingsViewModel model = model();

        model.testConnection(URL, "");

        assertThat(keysTested).containsExactly(KEY);
    }

    @Test
    void refusedKeyShowsTheTestersAdvice() {
        tester = (url, key) -> new ConnectionTestResult.Failed("CPA refused the management key \u2013 check it");
        SettingsViewModel model = model();

        model.testConnection(URL, "wrong");

        assertThat(model.testSummaryProperty().get()).isEqualTo("CPA refused the management key \u2013 check it");
        assertThat(model.testResultProperty().get()).isInstanceOf(ConnectionTestResult.Failed.class);
    }

    @Test
    void themeChangeAppliesAtOnceAndIsSaved() {
        SettingsViewModel model = model();

        model.changeTheme(Theme.DARK);

        assertThat(themes).containsExactly(Theme.DARK);
        assertThat(store.load().theme()).isEqualTo(Theme.DARK);
    }

    @Test
    void forgetKeyRemovesTheSavedKey() {
        keys.save(KEY);
        SettingsViewModel model = model();

        model.forgetKey();

        assertThat(keys.load()).isEmpty();
        assertThat(model.keyStoredProperty().get()).isFalse();
    }

    @Test
    void newTestClearsTheOldResultBeforeItRuns() {
        SettingsViewModel model = model();
        model.testConnection(URL, KEY);
        tester = (url, key) -> {
            assertThat(model.testSummaryProperty().get()).isEmpty();
            assertThat(model.testResultProperty().get()).isNull();
            return new ConnectionTestResult.Failed("CPA refused the management key \u2013 check it");
        };

        model.testConnection(URL, "wrong");

        assertThat(model.testSummaryProperty().get()).startsWith("CPA refused");
    }

    @Test
    void applyAfterAFailedTestWarnsFirstAndSavesOnlyWhenRepeated() {
        tester = (url, key) -> new ConnectionTestResult.Failed("CPA refused the management key \u2013 check it");
        SettingsViewModel model = model();
        model.testConnection(URL, "wrong");

        model.apply(settings(URL), "wrong");

        assertThat(keys.load()).isEmpty();
        assertThat(restarts).hasValue(0);
        assertThat(model.errorMessageProperty().get()).contains("Apply again");
        assertThat(model.testSummaryProperty().get()).isEmpty();

        model.apply(settings(URL), "wrong");

        assertThat(keys.load()).contains("wrong");
        assertThat(model.messageProperty().get()).startsWith("Settings saved");
        assertThat(model.errorMessageProperty().get()).isEmpty();
    }

    @Test
    void applyShowsOnlyItsOwnStatus() {
        SettingsViewModel model = model();
        model.testConnection(URL, KEY);

        model.apply(settings(URL), KEY);

        assertThat(model.messageProperty().get()).startsWith("Settings saved");
        assertThat(model.testSummaryProperty().get()).isEmpty();
        assertThat(model.errorMessageProperty().get()).isEmpty();
    }

    @Test
    void theDisplayTimeZoneDefaultsToThisComputersAndIsSavedWhenChosen() {
        SettingsViewModel model = model();
        assertThat(model.timeZoneProperty().get()).isEqualTo(ZoneId.systemDefault().getId());

        model.changeTimeZone(" Asia/Kathmandu ");

        assertThat(store.timeZone()).isEqualTo(ZoneId.of("Asia/Kathmandu"));
        assertThat(model.timeZoneProperty().get()).isEqualTo("Asia/Kathmandu");
        assertThat(model().timeZoneProperty().get()).isEqualTo("Asia/Kathmandu");
    }

    @Test
    void anUnknownTimeZoneIsRefusedAndNothingIsSaved() {
        SettingsViewModel model = model();
        model.changeTimeZone("+05:45");

        model.changeTimeZone("Mars/Olympus_Mons");

        assertThat(model.errorMessageProperty().get()).startsWith("Unknown time zone 'Mars/Olympus_Mons'");
        assertThat(store.timeZone()).isEqualTo(ZoneId.of("+05:45"));
        assertThat(model.timeZoneProperty().get()).isEqualTo("+05:45");
    }

    @Test
    void requestDetailsAreKeptAYearUntilAnotherRetentionIsSaved() {
        SettingsViewModel model = model();
        assertThat(model.retentionDaysProperty().get()).isEqualTo("365");

        model.changeRetentionDays(" 90 ");

        assertThat(store.retentionDays()).isEqualTo(90);
        assertThat(model.retentionDaysProperty().get()).isEqualTo("90");
        assertThat(model.messageProperty().get()).contains("kept 90 days");
        assertThat(model().retentionDaysProperty().get()).isEqualTo("90");
        model.changeRetentionDays("0");
        assertThat(store.retentionDays()).isZero();
        assertThat(model.messageProperty().get()).contains("forever");
    }

    @Test
    void aRetentionThatIsNoNumberOrTooShortIsRefusedAndNothingIsSaved() {
        SettingsViewModel model = model();
        model.changeRetentionDays("120");

        model.changeRetentionDays("a year");
        assertThat(model.errorMessageProperty().get()).contains("not 'a year'");
        model.changeRetentionDays("7");
        assertThat(model.errorMessageProperty().get()).contains("between 35 and 36500 days");

        assertThat(store.retentionDays()).isEqualTo(120);
        assertThat(model.retentionDaysProperty().get()).isEqualTo("120");
    }
}
