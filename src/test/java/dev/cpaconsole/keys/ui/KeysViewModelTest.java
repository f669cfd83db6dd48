package dev.cpaconsole.keys.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.audit.core.AuditEntry;
import dev.cpaconsole.audit.core.AuditFilter;
import dev.cpaconsole.concurrent.SameThreadTaskRunner;
import dev.cpaconsole.keys.core.KeyLimits;
import dev.cpaconsole.keys.core.KeyStatus;
import dev.cpaconsole.keys.core.LimitPeriod;
import dev.cpaconsole.keys.core.ManagedKey;
import dev.cpaconsole.keys.core.ManagedKeyRows;
import dev.cpaconsole.testing.AccessFixture;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.usage.core.ClientKeys;
import dev.cpaconsole.users.core.Role;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserDetails;

class KeysViewModelTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");
    private static final String OTHER_TOOLS_KEY = "sk-added-in-cpa-config-0000000001";

    @TempDir
    Path dataDir;

    private final List<String> clipboard = new ArrayList<>();
    private AccessFixture fixture;
    private User alice;
    private KeysViewModel model;

    @BeforeEach
    void open() {
        TestClock clock = new TestClock(NOW);
        fixture = AccessFixture.start(dataDir, clock, List.of());
        alice = fixture.access.users().create("test", UserDetails.named("alice", Role.USER), null);
        model = new KeysViewModel(fixture.access.keys(), fixture.access.users().store(), new SameThreadTaskRunner(),
                clock, clipboard::add);
        model.shown();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private KeyDraft draft(String name, KeyLimits limits) {
        return new KeyDraft(alice.id(), name, "", limits);
    }

    private ManagedKey created(String name) {
        model.create(draft(name, KeyLimits.NONE));
        ManagedKey key = model.shownKeyProperty().get().key();
        model.dismissShownKey();
        return key;
    }

    @Test
    void aNewKeyIsShownOnceAndTheTableHoldsOnlyItsMask() {
        model.create(draft("laptop", KeyLimits.NONE.withBudget(new BigDecimal("20"), LimitPeriod.MONTH)));

        ShownKey shown = model.shownKeyProperty().get();
        assertThat(shown.value()).startsWith("sk-").hasSize(46);
        assertThat(shown.note()).contains("only this once");
        assertThat(fixture.simulator.apiKeys()).containsExactly(shown.value());
        assertThat(model.rows()).singleElement().satisfies(row -> {
            assertThat(row.key().masked()).isEqualTo(ClientKeys.mask(shown.value()));
            assertThat(row.toString()).doesNotContain(shown.value());
            assertThat(KeyTexts.budget(row.key(), row.usage())).isEqualTo("$0.00 of $20 / month");
        });
        assertThat(model.messageProperty().get()).isEqualTo("Created key " + shown.key().id() + " "
                + shown.key().masked() + " for alice.");

        model.dismissShownKey();

        assertThat(model.shownKeyProperty().get()).isNull();
    }

    @Test
    void twoThousandKeysAreReadAPageAtATimeWithTheirFilters() {
        User bob = fixture.access.users().create("test", UserDetails.named("bob", Role.USER), null);
        ManagedKeyRows.insert(fixture.access.keys().store(), alice.id(), "alpha", 1_500, NOW);
        ManagedKeyRows.insert(fixture.access.keys().store(), bob.id(), "beta", 500, NOW);

        long started = System.nanoTime();
        model.load();
        long firstPageMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(model.rows()).hasSize(KeysViewModel.PAGE_SIZE);
        assertThat(model.pageSummaryProperty().get()).isEqualTo("Keys 1\u2013100 of 2,000");
        assertThat(model.previousAvailableProperty().get()).isFalse();
        assertThat(firstPageMillis).as("first page in ms").isLessThan(2_000);

        model.nextPage();

        assertThat(model.rows().getFirst().key().name()).isEqualTo("alpha-0100");
        assertThat(model.pageSummaryProperty().get()).isEqualTo("Keys 101\u2013200 of 2,000");

        model.showOwner(bob);

        assertThat(model.pageSummaryProperty().get()).isEqualTo("Keys 1\u2013100 of 500");
        model.search("beta-04");
        assertThat(model.pageSummaryProperty().get()).isEqualTo("Keys 1\u2013100 of 100");
        model.showStatus(KeyStatus.SUSPENDED);
        assertThat(model.pageSummaryProperty().get()).isEqualTo("No keys");
        assertThat(model.rows()).isEmpty();
    }

    @Test
    void revokingCpasLastKeyAsksFirstAndGoesOnOnlyOnceConfirmed() {
        ManagedKey key = created("laptop");

        model.revoke(key);

        assertThat(model.confirmationProperty().get().message())
                .contains("accepts every request on its proxy API without a key");
        assertThat(fixture.simulator.apiKeys()).hasSize(1);

        model.answer(true);

        assertThat(fixture.simulator.apiKeys()).isEmpty();
        assertThat(model.rows()).singleElement().satisfies(row ->
                assertThat(row.key().status()).isEqualTo(KeyStatus.REVOKED));
    }

    @Test
    void noToTheLastKeyQuestionLeavesTheKeyInCpa() {
        ManagedKey key = created("laptop");
        model.setSuspended(key, true);

        model.answer(false);

        assertThat(model.confirmationProperty().get()).isNull();
        assertThat(fixture.simulator.apiKeys()).hasSize(1);
        assertThat(fixture.access.keys().store().byId(key.id()).orElseThrow().suspended()).isFalse();
    }

    @Test
    void aKeyAddedToCpaByAnotherToolIsUnmanagedUntilAdopted() {
        ManagedKey ours = created("laptop");
        List<String> inCpa = new ArrayList<>(fixture.simulator.apiKeys());
        inCpa.add(OTHER_TOOLS_KEY);
        fixture.simulator.setApiKeys(inCpa);

        model.loadUnmanaged();

        assertThat(model.unmanaged()).singleElement().satisfies(key ->
                assertThat(key.masked()).isEqualTo(ClientKeys.mask(OTHER_TOOLS_KEY)));

        model.adopt(model.unmanaged().getFirst(), new KeyDraft(alice.id(), "from config", "", KeyLimits.NONE));

        assertThat(model.unmanaged()).isEmpty();
        assertThat(model.rows()).extracting(row -> row.key().name()).containsExactly("from config", "laptop");
        assertThat(model.rows()).noneMatch(row -> row.key().id() != ours.id() && !row.key().inCpa());
    }

    @Test
    void removingTheOnlyKeyCpaHoldsAsksFirst() {
        fixture.simulator.setApiKeys(List.of(OTHER_TOOLS_KEY));
        model.loadUnmanaged();

        model.removeUnmanaged(model.unmanaged().getFirst());

        assertThat(model.confirmationProperty().get().message()).startsWith("Remove "
                + ClientKeys.mask(OTHER_TOOLS_KEY) + " from CPA leaves CPA without client keys.");
        assertThat(fixture.simulator.apiKeys()).containsExactly(OTHER_TOOLS_KEY);

        model.answer(true);

        assertThat(fixture.simulator.apiKeys()).isEmpty();
        assertThat(model.unmanaged()).isEmpty();
    }

    @Test
    void aKeyRemovedFromCpaBehindTheConsolesBackIsOutOfSyncUntilRepaired() {
        created("laptop");
        created("phone");
        List<String> before = fixture.simulator.apiKeys();
        fixture.simulator.setApiKeys(List.of(before.get(1)));

        model.checkNow();

        assertThat(model.outOfSync()).singleElement().satisfies(key ->
                assertThat(key.outOfSync()).isEqualTo("missing from CPA"));
        assertThat(model.checkSummaryProperty().get()).isEqualTo("Checked at 12:30:00: 0 status changes, "
                + "1 out of sync, 0 unmanaged");

        model.repair(model.outOfSync().getFirst());

        assertThat(model.outOfSync()).isEmpty();
        assertThat(fixture.simulator.apiKeys()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void copyPutsTheRawKeyOnTheClipboardAndTheAuditLogRecordsIt() {
        model.create(draft("laptop", KeyLimits.NONE));
        ShownKey shown = model.shownKeyProperty().get();
        model.dismissShownKey();

        model.copy(shown.key());

        assertThat(clipboard).containsExactly(shown.value());
        assertThat(fixture.access.audit().page(new AuditFilter(null, null, "desktop", "key.reveal", ""), 0, 10))
                .extracting(AuditEntry::target).containsExactly("key " + shown.key().id() + " "
                        + shown.key().masked() + " (alice)");
    }

    @Test
    void rotatingShowsTheNewValueOnceAndOnlyItStaysInCpa() {
        model.create(draft("laptop", KeyLimits.NONE));
        String old = model.shownKeyProperty().get().value();
        ManagedKey key = model.shownKeyProperty().get().key();
        model.dismissShownKey();

        model.rotate(key);

        String fresh = model.shownKeyProperty().get().value();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(fixture.simulator.apiKeys()).containsExactly(fresh);
        assertThat(model.rows().getFirst().key().masked()).isEqualTo(ClientKeys.mask(fresh));
    }

    @Test
    void limitsThatAreAlreadyReachedTakeTheKeyOutOfCpaWithTheReason() {
        created("laptop");
        ManagedKey phone = created("phone");

        model.updateLimits(phone, new KeyDraft(0, "phone", "", KeyLimits.NONE.withQuotas(0L, null,
                LimitPeriod.DAY)));

        assertThat(fixture.simulator.apiKeys()).hasSize(1);
        assertThat(model.rows()).filteredOn(row -> row.key().id() == phone.id()).singleElement()
                .satisfies(row -> {
                    assertThat(KeyTexts.statusWithReason(row.key())).isEqualTo("over quota: 0 of 0 requests this day");
                    assertThat(KeyTexts.cpa(row.key())).isEqualTo("not in CPA");
                });
    }
}
