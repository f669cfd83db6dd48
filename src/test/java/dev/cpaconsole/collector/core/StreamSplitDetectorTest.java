package dev.cpaconsole.collector.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class StreamSplitDetectorTest {
    private final StreamSplitDetector detector = new StreamSplitDetector(2, 0.02);

    private void arrive(String authIndex, int count) {
        for (int i = 0; i < count; i++) {
            detector.arrived(authIndex);
        }
    }

    @Test
    void firstReadingIsABaseline() {
        assertThat(detector.compare(Map.of("a", 10L))).isEqualTo(new StreamSplitDetector.Baseline(false));
    }

    @Test
    void everythingArrivedMeansNothingMissing() {
        detector.compare(Map.of("a", 10L, "b", 5L));
        arrive("a", 7);
        arrive("b", 3);

        StreamSplitDetector.Finding finding = detector.compare(Map.of("a", 17L, "b", 8L));

        assertThat(finding).isEqualTo(new StreamSplitDetector.Compared(10, 0));
        assertThat(detector.beyondTolerance(finding)).isEmpty();
    }

    @Test
    void halfTheEventsMissingIsReported() {
        detector.compare(Map.of("a", 0L, "b", 0L));
        arrive("a", 25);
        arrive("b", 25);

        StreamSplitDetector.Finding finding = detector.compare(Map.of("a", 50L, "b", 50L));

        assertThat(detector.beyondTolerance(finding)).contains(new StreamSplitDetector.Compared(100, 50));
    }

    @Test
    void aFewLateEventsStayWithinTolerance() {
        detector.compare(Map.of("a", 0L));
        arrive("a", 98);

        assertThat(detector.beyondTolerance(detector.compare(Map.of("a", 100L)))).isEmpty();
    }

    @Test
    void eventsArrivingBeforeCpaCountsThemAreCarriedOver() {
        detector.compare(Map.of("a", 0L));
        arrive("a", 12);
        assertThat(detector.compare(Map.of("a", 10L))).isEqualTo(new StreamSplitDetector.Compared(10, 0));

        arrive("a", 8);

        assertThat(detector.compare(Map.of("a", 20L))).isEqualTo(new StreamSplitDetector.Compared(10, 0));
    }

    @Test
    void countersGoingDownMeanCpaRestartedAndRebaseline() {
        detector.compare(Map.of("a", 100L));
        arrive("a", 3);

        assertThat(detector.compare(Map.of("a", 4L))).isEqualTo(new StreamSplitDetector.Baseline(true));
        assertThat(detector.hasBaseline()).isFalse();
        assertThat(detector.compare(Map.of("a", 4L))).isEqualTo(new StreamSplitDetector.Baseline(false));

        arrive("a", 6);
        assertThat(detector.compare(Map.of("a", 10L))).isEqualTo(new StreamSplitDetector.Compared(6, 0));
    }

    @Test
    void eventsOfCredentialsWithoutCountersAreIgnored() {
        detector.compare(Map.of("a", 0L));
        arrive("config-key", 40);
        arrive("a", 5);

        assertThat(detector.compare(Map.of("a", 5L))).isEqualTo(new StreamSplitDetector.Compared(5, 0));
    }

    @Test
    void newCredentialCountsFromZero() {
        detector.compare(Map.of("a", 0L));
        arrive("b", 2);

        assertThat(detector.compare(Map.of("a", 0L, "b", 6L))).isEqualTo(new StreamSplitDetector.Compared(6, 4));
    }
}
