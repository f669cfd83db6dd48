package dev.cpaconsole.settings.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.cpaconsole.collector.core.CollectorMode;
import dev.cpaconsole.cpa.CpaVersion;

class CpaConnectionTesterTest {
    @Test
    void respModesNeedAPlainHttpAddress() {
        assertThat(CpaConnectionTester.modes(CpaVersion.of(7, 2, 140), URI.create("https://cpa.example.com")))
                .containsExactly(CollectorMode.HTTP_QUEUE);
    }

    @Test
    void versionWithoutRespSubscribeOffersTheQueueAndPop() {
        assertThat(CpaConnectionTester.modes(CpaVersion.of(6, 10, 8), URI.create("http://127.0.0.1:8317")))
                .containsExactly(CollectorMode.HTTP_QUEUE, CollectorMode.RESP_POP);
    }

    @Test
    void malformedAddressIsRefusedWithoutConnecting() {
        assertThat(new CpaConnectionTester().test("cpa.local:8317", "key"))
                .isInstanceOf(ConnectionTestResult.Failed.class);
    }
}
