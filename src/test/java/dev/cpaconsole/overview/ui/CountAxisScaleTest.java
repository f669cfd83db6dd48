package dev.cpaconsole.overview.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountAxisScaleTest {
    @Test
    void smallCountsStepByWholeRequests() {
        assertThat(CountAxisScale.upTo(7)).isEqualTo(new CountAxisScale(1, 7));
    }

    @Test
    void noCountsStillShowOneStep() {
        assertThat(CountAxisScale.upTo(0)).isEqualTo(new CountAxisScale(1, 1));
    }

    @Test
    void largerCountsUseRoundStepsAndFewTicks() {
        assertThat(CountAxisScale.upTo(176)).isEqualTo(new CountAxisScale(50, 200));
        assertThat(CountAxisScale.upTo(12)).isEqualTo(new CountAxisScale(2, 12));
        assertThat(CountAxisScale.upTo(41)).isEqualTo(new CountAxisScale(10, 50));
    }
}
