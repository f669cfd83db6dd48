package dev.cpaconsole.collector.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpaconsole.collector.core.CollectorSettings.Transport;
import dev.cpaconsole.cpa.CpaVersion;
import org.junit.jupiter.api.Test;

class TransportChoiceTest {

    private static TransportChoice auto(String version, boolean plainHttp) {
        return TransportChoice.choose(Transport.AUTO, CpaVersion.parse(version), plainHttp);
    }

    @Test
    void newestCpaIsSubscribedOverResp() {
        assertThat(auto("v7.2.140", true).mode()).isEqualTo(CollectorMode.RESP_SUBSCRIBE);
        assertThat(auto("dev", true).mode()).isEqualTo(CollectorMode.RESP_SUBSCRIBE);
        assertThat(auto("v7.0.7", true).mode()).isEqualTo(CollectorMode.RESP_SUBSCRIBE);
    }

    @Test
    void httpsFallsBackToTheHttpQueue() {
        assertThat(auto("v7.2.140", false).mode()).isEqualTo(CollectorMode.HTTP_QUEUE);
    }

    @Test
    void queueOnlyVersionsArePolledOverHttp() {
        assertThat(auto("v6.10.9", true).mode()).isEqualTo(CollectorMode.HTTP_QUEUE);
        assertThat(auto("v7.0.6", true).mode()).isEqualTo(CollectorMode.HTTP_QUEUE);
        assertThat(auto("v7.1.17", true).mode()).isEqualTo(CollectorMode.HTTP_QUEUE);
    }

    @Test
    void versionsBeforeTheQueueArePoppedOverResp() {
        assertThat(auto("v6.10.5", true).mode()).isEqualTo(CollectorMode.RESP_POP);
        assertThat(auto("v6.9.38", true).mode()).isEqualTo(CollectorMode.RESP_POP);
    }

    @Test
    void respOnlyVersionsBehindTlsAreUnsupported() {
        TransportChoice choice = auto("v6.10.5", false);

        assertThat(choice.supported()).isFalse();
        assertThat(choice.unsupportedReason()).contains("TLS");
    }

    @Test
    void olderVersionsAreUnsupportedAndPointToImport() {
        TransportChoice choice = auto("v6.9.0", true);

        assertThat(choice.mode()).isEqualTo(CollectorMode.NONE);
        assertThat(choice.unsupportedReason()).contains("v6.9.0").contains("import");
        assertThat(TransportChoice.choose(Transport.AUTO, CpaVersion.LEGACY, true).supported()).isFalse();
    }

    @Test
    void anExplicitTransportIsHonouredOnlyWhenCpaHasIt() {
        assertThat(TransportChoice.choose(Transport.HTTP_QUEUE, CpaVersion.parse("v7.2.140"), true).mode())
                .isEqualTo(CollectorMode.HTTP_QUEUE);
        assertThat(TransportChoice.choose(Transport.RESP_POP, CpaVersion.parse("v7.2.140"), true).mode())
                .isEqualTo(CollectorMode.RESP_POP);
        assertThat(TransportChoice.choose(Transport.RESP_SUBSCRIBE, CpaVersion.parse("v6.10.9"), true)
                .unsupportedReason()).contains("v7.0.7");
        assertThat(TransportChoice.choose(Transport.HTTP_QUEUE, CpaVersion.parse("v6.10.5"), true)
                .unsupportedReason()).contains("v6.10.8");
        assertThat(TransportChoice.choose(Transport.RESP_SUBSCRIBE, CpaVersion.parse("v7.2.140"), false)
                .unsupportedReason()).contains("https");
    }
}
