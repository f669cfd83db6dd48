package dev.cpaconsole.dashboard.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class LocalTimeAxisTest {
    private static double minutes(String instant) {
        return Instant.parse(instant).getEpochSecond() / 60.0;
    }

    private static List<ZonedDateTime> local(List<Number> ticks, ZoneId zone) {
        return ticks.stream().map(t -> Instant.ofEpochSecond(Math.round(t.doubleValue() * 60)).atZone(zone))
                .toList();
    }

    @Test
    void hourlyTicksFallOnWholeLocalHoursAtMultiplesOfTheStepEvenAtAQuarterPastInUtc() {
        ZoneId kathmandu = ZoneId.of("Asia/Kathmandu");
        // The last 24 hours up to 22:37 UTC, snapped to the quarter hour: 04:15 local is no tick.
        List<Number> ticks = LocalTimeAxis.ticks(minutes("2026-11-03T22:30:00Z"), minutes("2026-11-04T22:30:00Z"),
                240, kathmandu, true);

        assertThat(local(ticks, kathmandu)).extracting(ZonedDateTime::getHour)
                .containsExactly(8, 12, 16, 20, 0, 4);
        assertThat(local(ticks, kathmandu)).allSatisfy(t -> assertThat(t.getMinute()).isZero());
    }

    @Test
    void aLocalHourSkippedInSpringHasNoTickAndTheOthersKeepTheirPlace() {
        ZoneId newYork = ZoneId.of("America/New_York");
        List<Number> ticks = LocalTimeAxis.ticks(minutes("2026-03-08T05:00:00Z"), minutes("2026-03-08T10:00:00Z"),
                60, newYork, true);

        assertThat(local(ticks, newYork)).extracting(ZonedDateTime::getHour).containsExactly(0, 1, 3, 4, 5, 6);
    }

    @Test
    void dailyTicksAreLocalMidnightsAcrossDaylightSavingChanges() {
        ZoneId newYork = ZoneId.of("America/New_York");
        List<Number> ticks = LocalTimeAxis.ticks(minutes("2026-03-05T17:00:00Z"), minutes("2026-03-12T05:00:00Z"),
                2 * 24 * 60, newYork, false);

        assertThat(local(ticks, newYork)).allSatisfy(t -> {
            assertThat(t.getHour()).isZero();
            assertThat(t.getMinute()).isZero();
        });
        assertThat(local(ticks, newYork)).extracting(t -> t.toLocalDate().getDayOfMonth())
                .containsExactly(6, 8, 10, 12);
    }
}
