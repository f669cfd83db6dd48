package dev.cpaconsole.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManagementAuthTest {
    private SimulatorFixture fixture = SimulatorFixture.start();

    @AfterEach
    void close() {
        fixture.close();
    }

    private HttpResponse<String> getWith(String... headers) {
        return fixture.send("GET", "/v0/management/usage-statistics-enabled", null, headers);
    }

    @Test
    void missingKeyIsRejectedAndCountsAsFailure() {
        HttpResponse<String> response = getWith();

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"missing management key\"}");
        assertThat(fixture.sim.failedAuthAttempts()).isEqualTo(1);
    }

    @Test
    void wrongKeyIsRejectedAndCountsAsFailure() {
        HttpResponse<String> response = getWith("Authorization", "Bearer nope");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"invalid management key\"}");
        assertThat(fixture.sim.failedAuthAttempts()).isEqualTo(1);
    }

    @Test
    void bearerSchemeIsMatchedCaseInsensitively() {
        assertThat(getWith("Authorization", "bEaReR " + SimulatorFixture.KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void authorizationWithoutSchemeIsTakenAsTheWholeKey() {
        assertThat(getWith("Authorization", SimulatorFixture.KEY).statusCode()).isEqualTo(200);
        assertThat(getWith("Authorization", "Token " + SimulatorFixture.KEY).statusCode()).isEqualTo(401);
    }

    @Test
    void managementKeyHeaderIsUsedOnlyWithoutAuthorization() {
        assertThat(getWith("X-Management-Key", SimulatorFixture.KEY).statusCode()).isEqualTo(200);

        HttpResponse<String> both = getWith("Authorization", "Bearer wrong", "X-Management-Key", SimulatorFixture.KEY);

        assertThat(both.statusCode()).isEqualTo(401);
        assertThat(both.body()).contains("invalid management key");
    }

    @Test
    void fifthFailureStillAnswers401ButBansTheIp() {
        for (int i = 0; i < 4; i++) {
            assertThat(getWith("Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        }

        HttpResponse<String> fifth = getWith();
        HttpResponse<String> afterBan = getWith("Authorization", "Bearer " + SimulatorFixture.KEY);

        assertThat(fifth.statusCode()).isEqualTo(401);
        assertThat(afterBan.statusCode()).isEqualTo(403);
        assertThat(afterBan.body()).isEqualTo(
                "{\"error\":\"IP banned due to too many failed attempts. Try again in 30m0s\"}");
        assertThat(fixture.sim.failedAuthAttempts()).isEqualTo(5);
    }

    @Test
    void banMessageCountsDownInGoDurationAndLiftsAfterThirtyMinutes() {
        for (int i = 0; i < 5; i++) {
            getWith("Authorization", "Bearer wrong");
        }

        fixture.clock.advance(Duration.ofMillis(2400));
        HttpResponse<String> banned = getWith("Authorization", "Bearer " + SimulatorFixture.KEY);
        fixture.clock.advance(Duration.ofMinutes(29).plusSeconds(58));
        HttpResponse<String> lifted = getWith("Authorization", "Bearer " + SimulatorFixture.KEY);

        assertThat(banned.body()).contains("Try again in 29m58s");
        assertThat(lifted.statusCode()).isEqualTo(200);
        assertThat(fixture.sim.failedAuthAttempts()).isEqualTo(5);
    }

    @Test
    void requestsDuringBanAreNotCountedAsFailures() {
        for (int i = 0; i < 5; i++) {
            getWith();
        }

        getWith("Authorization", "Bearer wrong");

        assertThat(fixture.sim.failedAuthAttempts()).isEqualTo(5);
    }

    @Test
    void successClearsTheFailureCounter() {
        for (int i = 0; i < 4; i++) {
            getWith("Authorization", "Bearer wrong");
        }
        getWith("Authorization", "Bearer " + SimulatorFixture.KEY);
        for (int i = 0; i < 4; i++) {
            getWith("Authorization", "Bearer wrong");
        }

        assertThat(getWith("Authorization", "Bearer " + SimulatorFixture.KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void forwardedClientIpIsJudgedAsRemote() {
        HttpResponse<String> response = getWith("X-Forwarded-For", "198.51.100.7, 127.0.0.1",
                "Authorization", "Bearer " + SimulatorFixture.KEY);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"error\":\"remote management disabled\"}");
    }

    @Test
    void failuresAreCountedPerForwardedIp() {
        fixture.close();
        fixture = SimulatorFixture.start(b -> b.allowRemoteManagement(true));
        for (int i = 0; i < 5; i++) {
            getWith("X-Real-IP", "198.51.100.7");
        }

        assertThat(getWith("X-Real-IP", "198.51.100.7", "Authorization", "Bearer " + SimulatorFixture.KEY)
                .statusCode()).isEqualTo(403);
        assertThat(getWith("Authorization", "Bearer " + SimulatorFixture.KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void managementDisabledAnswersEmpty404EvenWithTheRightKey() {
        fixture.close();
        fixture = SimulatorFixture.start(b -> b.managementDisabled(true));

        HttpResponse<String> response = getWith("Authorization", "Bearer " + SimulatorFixture.KEY);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("X-CPA-VERSION")).isEmpty();
        assertThat(fixture.sim.failedAuthAttempts()).isZero();
    }

    @Test
    void noManagementKeyConfiguredMeansNoManagementRoutes() {
        fixture.close();
        fixture = SimulatorFixture.start(b -> b.managementKey(null));

        HttpResponse<String> response = getWith();

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void versionHeadersAreOnAcceptedAndRejectedResponses() {
        HttpResponse<String> accepted = getWith("Authorization", "Bearer " + SimulatorFixture.KEY);
        HttpResponse<String> rejected = getWith();

        for (HttpResponse<String> response : java.util.List.of(accepted, rejected)) {
            assertThat(response.headers().firstValue("X-CPA-VERSION")).hasValue("v7.2.140");
            assertThat(response.headers().firstValue("X-CPA-COMMIT")).isPresent();
            assertThat(response.headers().firstValue("X-CPA-BUILD-DATE")).isPresent();
            assertThat(response.headers().firstValue("X-CPA-SUPPORT-PLUGIN")).hasValue("1");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        }
    }

    @Test
    void legacyBuildSendsNoVersionHeaders() {
        fixture.sim.setVersion(null);

        HttpResponse<String> response = fixture.mgmt("GET", "/config");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-CPA-VERSION")).isEmpty();
    }

    @Test
    void devBuildReportsDev() {
        fixture.sim.setVersion("dev");

        assertThat(fixture.mgmt("GET", "/config").headers().firstValue("X-CPA-VERSION")).hasValue("dev");
    }

    @Test
    void optionsPreflightGets204WithCorsAndNoLogin() {
        HttpResponse<String> response = fixture.send("OPTIONS", "/v0/management/usage-queue", null);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods"))
                .hasValue("GET, POST, PUT, PATCH, DELETE, OPTIONS");
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers")).hasValue("*");
        assertThat(fixture.sim.failedAuthAttempts()).isZero();
    }

    @Test
    void unknownRouteChecksTheKeyThenAnswersEmpty404() {
        HttpResponse<String> withoutKey = fixture.send("GET", "/v0/management/no-such-thing", null);
        HttpResponse<String> withKey = fixture.mgmt("GET", "/no-such-thing");

        assertThat(withoutKey.statusCode()).isEqualTo(401);
        assertThat(withKey.statusCode()).isEqualTo(404);
        assertThat(withKey.body()).isEmpty();
        assertThat(withKey.headers().firstValue("X-CPA-VERSION")).hasValue("v7.2.140");
    }

    @Test
    void keepAliveConnectionsServeSeveralRequests() {
        for (int i = 0; i < 3; i++) {
            assertThat(fixture.mgmt("GET", "/usage-statistics-enabled").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void serverThreadsAreNamed() {
        fixture.mgmt("GET", "/config");

        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .anyMatch(name -> name.startsWith("cpa-sim-io"))
                .anyMatch(name -> name.startsWith("cpa-sim-accept"));
    }
}
