package dev.cpaconsole.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RespProtocolTest {
    private final SimulatorFixture fixture = SimulatorFixture.start(b -> b.usageStatisticsEnabled(true));

    @AfterEach
    void close() {
        fixture.close();
    }

    private RespTestClient authenticated() {
        RespTestClient client = fixture.resp();
        assertThat(client.call("AUTH", SimulatorFixture.KEY)).isEqualTo("+OK\r\n");
        return client;
    }

    @Test
    void commandsBeforeAuthGetNoauthAndCountAsFailedLogins() {
        try (RespTestClient client = fixture.resp()) {
            assertThat(client.call("LPOP", "usage")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(client.call("PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
        }

        assertThat(fixture.sim.failedAuthAttempts()).isEqualTo(2);
    }

    @Test
    void helloBeforeAuthBurnsAttemptsUntilTheIpIsBanned() {
        for (int i = 0; i < 5; i++) {
            try (RespTestClient client = fixture.resp()) {
                client.call("HELLO", "3");
            }
        }

        try (RespTestClient client = fixture.resp()) {
            assertThat(client.call("AUTH", SimulatorFixture.KEY))
                    .isEqualTo("-ERR IP banned due to too many failed attempts. Try again in 30m0s\r\n");
            assertThat(client.call("LPOP", "usage")).startsWith("-ERR IP banned");
        }
        assertThat(fixture.sim.failedAuthAttempts()).isEqualTo(5);
    }

    @Test
    void authAcceptsKeyAloneOrWithUser() {
        try (RespTestClient client = fixture.resp()) {
            assertThat(client.call("AUTH", "default", SimulatorFixture.KEY)).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void authFailuresUseTheHttpMessages() {
        try (RespTestClient client = fixture.resp()) {
            assertThat(client.call("AUTH", "wrong")).isEqualTo("-ERR invalid management key\r\n");
            assertThat(client.call("AUTH", "")).isEqualTo("-ERR missing management key\r\n");
        }
        assertThat(fixture.sim.failedAuthAttempts()).isEqualTo(2);
    }

    @Test
    void authWithWrongArityIsRejectedAndCounted() {
        try (RespTestClient client = fixture.resp()) {
            assertThat(client.call("AUTH")).isEqualTo("-ERR wrong number of arguments for 'auth' command\r\n");
            assertThat(client.call("AUTH", "a", "b", "c"))
                    .isEqualTo("-ERR wrong number of arguments for 'auth' command\r\n");
        }
        assertThat(fixture.sim.failedAuthAttempts()).isEqualTo(2);
    }

    @Test
    void lpopReturnsOneBulkOrNil() {
        fixture.sim.publish("{\"n\":1}");
        try (RespTestClient client = authenticated()) {
            assertThat(client.call("LPOP", "usage")).isEqualTo(RespTestClient.bulk("{\"n\":1}"));
            assertThat(client.call("LPOP", "usage")).isEqualTo("$-1\r\n");
        }
    }

    @Test
    void lpopWithCountReturnsAnArrayOldestFirst() {
        fixture.sim.publish("{\"n\":1}");
        fixture.sim.publish("{\"n\":2}");
        fixture.sim.publish("{\"n\":3}");
        try (RespTestClient client = authenticated()) {
            assertThat(client.call("LPOP", "usage", "2"))
                    .isEqualTo("*2\r\n" + RespTestClient.bulk("{\"n\":1}") + RespTestClient.bulk("{\"n\":2}"));
            assertThat(client.call("RPOP", "usage", "10")).isEqualTo("*1\r\n" + RespTestClient.bulk("{\"n\":3}"));
            assertThat(client.call("LPOP", "usage", "10")).isEqualTo("*0\r\n");
        }
    }

    @Test
    void rpopAlsoPopsTheOldest() {
        fixture.sim.publish("{\"n\":1}");
        fixture.sim.publish("{\"n\":2}");
        try (RespTestClient client = authenticated()) {
            assertThat(client.call("RPOP", "usage")).isEqualTo(RespTestClient.bulk("{\"n\":1}"));
        }
    }

    @Test
    void lpopCountMustBeAPositiveInteger() {
        try (RespTestClient client = authenticated()) {
            for (String count : new String[] {"0", "-3", "ten", "1.5"}) {
                assertThat(client.call("LPOP", "usage", count))
                        .isEqualTo("-ERR value is not an integer or out of range\r\n");
            }
        }
    }

    @Test
    void otherKeysAreUnsupportedChannels() {
        try (RespTestClient client = authenticated()) {
            assertThat(client.call("LPOP", "other", "5")).isEqualTo("-ERR unsupported channel 'other'\r\n");
            assertThat(client.call("SUBSCRIBE", "other")).isEqualTo("-ERR unsupported channel 'other'\r\n");
        }
    }

    @Test
    void unknownCommandsNameTheCommandInLowerCase() {
        try (RespTestClient client = authenticated()) {
            assertThat(client.call("HELLO", "3")).isEqualTo("-ERR unknown command 'hello'\r\n");
            assertThat(client.call("Client", "SETINFO", "lib-name", "x"))
                    .isEqualTo("-ERR unknown command 'client'\r\n");
        }
    }

    @Test
    void pingAnswersPongAndQuitCloses() {
        try (RespTestClient client = authenticated()) {
            assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(client.call("QUIT")).isEqualTo("+OK\r\n");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void commandLogRecordsEveryCommandNameInOrder() {
        try (RespTestClient client = fixture.resp()) {
            client.call("auth", SimulatorFixture.KEY);
            client.call("lpop", "usage", "100");
            client.call("Ping");
        }

        assertThat(fixture.sim.respCommandLog()).containsExactly("AUTH", "LPOP", "PING");
    }

    @Test
    void malformedFramingIsAProtocolErrorAndCloses() {
        try (RespTestClient client = fixture.resp()) {
            client.sendRaw("*1\r\n+PING\r\n");

            assertThat(client.readRaw()).startsWith("-ERR Protocol error");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void commandsSplitAcrossPacketsAreReassembled() throws Exception {
        try (RespTestClient client = fixture.resp()) {
            client.sendRaw("*2\r\n$4\r\nAU");
            Thread.sleep(50);
            client.sendRaw("TH\r\n$22\r\n" + SimulatorFixture.KEY + "\r\n");

            assertThat(client.readRaw()).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void replaysTheRecordedSessionExample() throws Exception {
        JsonNode steps;
        try (InputStream example = getClass().getResourceAsStream("/cpa-api/resp.session.example.json")) {
            steps = new ObjectMapper().readTree(example).get("steps");
        }
        fixture.sim.publish("{\"n\":1}");
        try (RespTestClient client = fixture.resp()) {
            for (JsonNode step : steps) {
                client.sendRaw(step.get("send").asText());
                String expected = step.get("recv").asText();
                if (expected.contains("<one usage record JSON>")) {
                    assertThat(client.readRaw()).isEqualTo("*1\r\n" + RespTestClient.bulk("{\"n\":1}"));
                } else if (expected.endsWith("(connection closed)")) {
                    assertThat(client.readRaw()).isEqualTo(expected.substring(0, expected.indexOf("  (")));
                    assertThat(client.closedByServer()).isTrue();
                } else if (expected.startsWith("*3\r\n$9\r\nsubscribe")) {
                    assertThat(client.readRaw() + client.readRaw()).isEqualTo(expected);
                } else {
                    assertThat(client.readRaw()).isEqualTo(expected);
                }
            }
        }
    }
}
