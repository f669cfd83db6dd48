package dev.cpaconsole.usage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CpaTimestampsTest {

    @Test
    void parsesNanosecondsWithAPositiveOffset() {
        assertThat(CpaTimestamps.parse("2026-04-15T10:00:00.123456789+08:00"))
                .isEqualTo(Instant.parse("2026-04-15T02:00:00.123456789Z"));
    }

    @Test
    void parsesUtcWithoutFraction() {
        assertThat(CpaTimestamps.parse("2026-04-15T02:00:00Z")).isEqualTo(Instant.parse("2026-04-15T02:00:00Z"));
    }

    @Test
    void parsesAnOffsetWithoutFraction() {
        assertThat(CpaTimestamps.parse("2026-04-14T20:15:00-05:45"))
                .isEqualTo(Instant.parse("2026-04-15T02:00:00Z"));
    }

    @Test
    void readsAShortFractionAsLeadingDigits() {
        assertThat(CpaTimestamps.parse("2026-08-22T14:05:09.5+08:00"))
                .isEqualTo(Instant.parse("2026-08-22T06:05:09.500Z"));
    }

    @Test
    void acceptsLowerCaseSeparatorsAsRfc3339Allows() {
        assertThat(CpaTimestamps.parse("2026-04-15t02:00:00.1z")).isEqualTo(Instant.parse("2026-04-15T02:00:00.1Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "", "2026-04-15", "2026-04-15T02:00Z", "2026-04-15T02:00:00",
        "2026-04-15T02:00:00.1234567891Z", "2026-04-15 02:00:00Z", "2026-04-15T02:00:00+0800",
        " 2026-04-15T02:00:00Z"})
    void rejectsTextThatIsNotRfc3339(String text) {
        assertThatThrownBy(() -> CpaTimestamps.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an RFC 3339 timestamp")
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void rejectsImpossibleDatesWithTheReason() {
        assertThatThrownBy(() -> CpaTimestamps.parse("2026-02-30T10:00:00Z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-02-30T10:00:00Z");
    }

    @Test
    void roundTripsThroughEpochNanos() {
        Instant instant = Instant.parse("2026-08-22T06:05:07.931007415Z");
        long nanos = CpaTimestamps.toEpochNanos(instant);
        assertThat(nanos).isEqualTo(1_787_378_707_931_007_415L);
        assertThat(CpaTimestamps.fromEpochNanos(nanos)).isEqualTo(instant);
    }

    @Test
    void convertsInstantsBeforeTheEpoch() {
        Instant instant = Instant.parse("1969-12-31T23:59:59.999999999Z");
        assertThat(CpaTimestamps.toEpochNanos(instant)).isEqualTo(-1L);
        assertThat(CpaTimestamps.fromEpochNanos(-1L)).isEqualTo(instant);
    }

    @Test
    void refusesInstantsBeyondTheNanosecondRange() {
        assertThatThrownBy(() -> CpaTimestamps.toEpochNanos(Instant.parse("2300-01-01T00:00:00Z")))
                .isInstanceOf(ArithmeticException.class);
    }
}
