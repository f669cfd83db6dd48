package dev.cpaconsole.dashboard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class DashboardRangeTest {
    private static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** 15:52:30 in Kathmandu (+05:45). */
    private static final Instant NOW = Instant.parse("2026-03-20T10:07:30Z");

    @Test
    void todayStartsAtTheLocalMidnightOfTheDisplayZoneAndEndsNow() {
        DashboardRange today = DashboardRange.of(RangePreset.TODAY, NOW, KATHMANDU);

        assertThat(today.from()).isEqualTo(Instant.parse("2026-03-19T18:15:00Z"));
        assertThat(today.to()).isEqualTo(NOW);
        assertThat(today.hourly()).isTrue();
    }

    @Test
    void theLast24HoursAreReadExactly() {
        DashboardRange day = DashboardRange.of(RangePreset.LAST_24_HOURS, NOW, KATHMANDU);

        assertThat(day.from()).isEqualTo(Instant.parse("2026-03-19T10:07:30Z"));
        assertThat(day.to()).isEqualTo(NOW);
        assertThat(day.onQuarterHours()).isFalse();
    }

    @Test
    void longerRangesAreWidenedToWholeQuarterHours() {
        DashboardRange week = DashboardRange.of(RangePreset.LAST_7_DAYS, NOW, KATHMANDU);

        assertThat(week.from()).isEqualTo(Instant.parse("2026-03-13T10:00:00Z"));
        assertThat(week.to()).isEqualTo(Instant.parse("2026-03-20T10:15:00Z"));
        assertThat(week.onQuarterHours()).isTrue();
        assertThat(week.hourly()).isFalse();
        DashboardRange month = DashboardRange.of(RangePreset.LAST_30_DAYS, NOW, KATHMANDU);
        assertThat(month.from()).isEqualTo(Instant.parse("2026-02-18T10:00:00Z"));
        assertThat(month.onQuarterHours()).isTrue();
    }

    @Test
    void customDaysBeyondWhatNanosecondInstantsHoldAreRefused() {
        assertThatThrownBy(() -> DashboardRange.custom(LocalDate.of(1500, 1, 1), LocalDate.of(2026, 1, 1), KATHMANDU))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1700-01-01");
        assertThatThrownBy(() -> DashboardRange.custom(LocalDate.of(2026, 1, 1), LocalDate.of(9999, 12, 31), KATHMANDU))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2250-12-31");
        assertThat(DashboardRange.custom(DashboardRange.FIRST_DAY, DashboardRange.LAST_DAY, KATHMANDU).to())
                .isAfter(DashboardRange.custom(DashboardRange.FIRST_DAY, DashboardRange.LAST_DAY, KATHMANDU).from());
    }

    @Test
    void thisMonthStartsOnTheFirstLocalMidnightOfTheMonth() {
        DashboardRange month = DashboardRange.of(RangePreset.THIS_MONTH, NOW, KATHMANDU);

        assertThat(month.from()).isEqualTo(Instant.parse("2026-02-28T18:15:00Z"));
        assertThat(month.to()).isEqualTo(Instant.parse("2026-03-20T10:15:00Z"));
    }

    @Test
    void aCustomRangeCoversWholeLocalDaysAcrossADaylightSavingChange() {
        DashboardRange range = DashboardRange.custom(LocalDate.of(2026, 3, 7), LocalDate.of(2026, 3, 8), NEW_YORK);

        assertThat(range.from()).isEqualTo(Instant.parse("2026-03-07T05:00:00Z"));
        assertThat(range.to()).isEqualTo(Instant.parse("2026-03-09T04:00:00Z"));
        assertThat(range.length().toHours()).isEqualTo(47);
        assertThat(range.hourly()).isTrue();
    }

    @Test
    void aCustomRangeEndingBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> DashboardRange.custom(LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 8), NEW_YORK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before it starts");
    }
}
