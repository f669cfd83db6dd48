package dev.cpaconsole.keys.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import dev.cpaconsole.keys.core.KeyLimits;
import dev.cpaconsole.keys.core.KeyStatus;
import dev.cpaconsole.keys.core.LimitPeriod;
import dev.cpaconsole.keys.core.ManagedKey;
import dev.cpaconsole.users.core.Role;
import dev.cpaconsole.users.core.User;

class KeyEditorModelTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final LocalDate TODAY = LocalDate.of(2026, 8, 22);
    private static final User ALICE = new User(7, "alice", "", "", "", Role.USER, false, false,
            Instant.parse("2026-08-01T00:00:00Z"), null);

    @Test
    void fieldsAsOperatorsTypeThemBecomeLimits() {
        KeyEditorModel editor = KeyEditorModel.forNewKey(ALICE, ZONE, TODAY);
        editor.nameProperty().set(" laptop ");
        editor.expiryProperty().set(LocalDate.of(2026, 9, 30));
        editor.budgetProperty().set("$5.50");
        editor.budgetPeriodProperty().set(LimitPeriod.WEEK);
        editor.requestQuotaProperty().set("1,000");
        editor.tokenQuotaProperty().set("2 000 000");

        KeyDraft draft = editor.draft().orElseThrow();

        assertThat(draft.userId()).isEqualTo(7);
        assertThat(draft.name()).isEqualTo("laptop");
        assertThat(draft.limits()).isEqualTo(new KeyLimits(Instant.parse("2026-09-29T22:00:00Z"),
                new BigDecimal("5.5"), LimitPeriod.WEEK, 1_000L, 2_000_000L, LimitPeriod.DAY));
        assertThat(editor.problemProperty().get()).isEmpty();
    }

    @Test
    void everyWrongFieldIsNamed() {
        KeyEditorModel editor = KeyEditorModel.forNewKey(null, ZONE, TODAY);
        editor.expiryProperty().set(TODAY);
        editor.budgetProperty().set("twenty");
        editor.requestQuotaProperty().set("-3");
        editor.tokenQuotaProperty().set("1.5");

        assertThat(editor.draft()).isEmpty();

        assertThat(editor.problemProperty().get().lines()).containsExactly(
                "Choose the user who owns the key",
                "A key needs a name",
                "The expiry date has passed or is today; pick a later day or none",
                "The budget \u2018twenty\u2019 is not an amount in USD",
                "The request quota cannot be negative",
                "The token quota \u20181.5\u2019 is not a whole number");
    }

    @Test
    void editingLimitsKeepsAnExpiryTimeWhoseDayDidNotChangeAndMayEndTheKeyToday() {
        Instant expires = Instant.parse("2026-09-01T15:45:00Z");
        ManagedKey key = new ManagedKey(3, 7, "alice", "laptop", "editor", "hash", "sk-a\u20260001",
                Instant.parse("2026-08-01T00:00:00Z"), null, KeyLimits.NONE.withExpiry(expires), false, null, null,
                KeyStatus.ACTIVE, "", true, "", null);
        KeyEditorModel editor = KeyEditorModel.forLimits(key, ZONE, TODAY);
        assertThat(editor.draft().orElseThrow().limits().expiresAt()).isEqualTo(expires);
        assertThat(editor.draft().orElseThrow().name()).isEqualTo("laptop");

        editor.expiryProperty().set(TODAY);

        assertThat(editor.draft().orElseThrow().limits().expiresAt()).isEqualTo(Instant.parse("2026-08-21T22:00:00Z"));
    }
}
