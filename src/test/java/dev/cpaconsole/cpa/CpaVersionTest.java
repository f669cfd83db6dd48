package dev.cpaconsole.cpa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpaVersionTest {

    @Test
    void parsesReleaseTags() {
        CpaVersion version = CpaVersion.parse("v7.2.140");

        assertThat(version.major()).isEqualTo(7);
        assertThat(version.minor()).isEqualTo(2);
        assertThat(version.patch()).isEqualTo(140);
        assertThat(version.toString()).isEqualTo("v7.2.140");
    }

    @Test
    void comparesNumerically() {
        assertThat(CpaVersion.parse("v6.10.8")).isGreaterThan(CpaVersion.parse("v6.9.49"));
        assertThat(CpaVersion.parse("v7.0.7").atLeast(7, 0, 7)).isTrue();
        assertThat(CpaVersion.parse("v7.0.6").atLeast(7, 0, 7)).isFalse();
    }

    @Test
    void devBuildIsNewest() {
        assertThat(CpaVersion.parse("dev")).isGreaterThan(CpaVersion.parse("v99.0.0"));
        assertThat(CpaFeatures.of(CpaVersion.parse("dev")).respSubscribe()).isTrue();
    }

    @Test
    void missingHeaderIsLegacy() {
        assertThat(CpaVersion.parse(null).isLegacy()).isTrue();
        assertThat(CpaVersion.parse(" ").isLegacy()).isTrue();
        assertThat(CpaFeatures.of(CpaVersion.LEGACY).usageQueue()).isFalse();
        assertThat(CpaFeatures.of(CpaVersion.LEGACY).legacyUsageSnapshot()).isTrue();
    }

    @Test
    void suffixesAfterTheNumberAreIgnored() {
        assertThat(CpaVersion.parse("v7.3.4-rc1").atLeast(7, 3, 4)).isTrue();
    }

    @Test
    void featuresFollowTheVersionMatrix() {
        CpaFeatures newest = CpaFeatures.of(CpaVersion.parse("v7.2.140"));
        assertThat(newest.usageQueue()).isTrue();
        assertThat(newest.respSubscribe()).isTrue();
        assertThat(newest.respPop()).isTrue();
        assertThat(newest.legacyUsageSnapshot()).isFalse();

        assertThat(CpaFeatures.of(CpaVersion.parse("v7.1.17")).respPop()).isFalse();
        assertThat(CpaFeatures.of(CpaVersion.parse("v7.1.17")).respSubscribe()).isFalse();
        assertThat(CpaFeatures.of(CpaVersion.parse("v7.1.18")).respPop()).isTrue();

        CpaFeatures queueOnly = CpaFeatures.of(CpaVersion.parse("v6.10.9"));
        assertThat(queueOnly.usageQueue()).isTrue();
        assertThat(queueOnly.respSubscribe()).isFalse();

        CpaFeatures popOnly = CpaFeatures.of(CpaVersion.parse("v6.10.5"));
        assertThat(popOnly.usageQueue()).isFalse();
        assertThat(popOnly.respPop()).isTrue();
        assertThat(popOnly.legacyUsageSnapshot()).isFalse();

        CpaFeatures old = CpaFeatures.of(CpaVersion.parse("v6.9.0"));
        assertThat(old.respPop()).isFalse();
        assertThat(old.legacyUsageSnapshot()).isTrue();
        assertThat(old.legacyUsageExport()).isTrue();
        assertThat(old.authFileCounters()).isFalse();
    }
}
