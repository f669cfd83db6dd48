package dev.cpaconsole.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulateCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine commandLine(SimulateCommand command) {
        return new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    }

    @Test
    void missingManagementKeyVariableExitsWithTwoAndOneLine() {
        int exit = commandLine(new SimulateCommand(Map.<String, String>of()::get))
                .execute("--management-key-env", "CPA_SIM_KEY");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("CPA_SIM_KEY");
    }

    @Test
    void emptyManagementKeyVariableExitsWithTwo() {
        int exit = commandLine(new SimulateCommand(Map.of("CPA_SIM_KEY", " ")::get))
                .execute("--management-key-env", "CPA_SIM_KEY");

        assertThat(exit).isEqualTo(2);
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        int exit = commandLine(new SimulateCommand(Map.of("K", "k")::get))
                .execute("--management-key-env", "K", "--port", "99999");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("simulate: --port must be between 0 and 65535, not 99999");
    }

    @Test
    void takesADataDirectoryLikeEveryCommand() {
        int exit = commandLine(new SimulateCommand(Map.of("K", "k")::get))
                .execute("--data-dir", "/tmp/console-data", "--management-key-env", "K", "--port", "99999");

        assertThat(err.toString()).doesNotContain("Unknown option").contains("--port must be between");
        assertThat(exit).isEqualTo(2);
    }

    @Test
    void aPortInUseFailsWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int exit = commandLine(new SimulateCommand(Map.of("K", "k")::get))
                    .execute("--management-key-env", "K", "--port", String.valueOf(taken.getLocalPort()));

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString().strip()).doesNotContain("\n")
                    .startsWith("simulate: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void rateAcceptsPerSecondSuffixAndRejectsNonsense() {
        SimulateCommand.RateConverter converter = new SimulateCommand.RateConverter();

        assertThat(converter.convert("5/s")).isEqualTo(5.0);
        assertThat(converter.convert("0.5")).isEqualTo(0.5);
        assertThat(commandLine(new SimulateCommand(Map.of("K", "k")::get))
                .execute("--management-key-env", "K", "--rate", "fast")).isEqualTo(2);
    }

    @Test
    void servesTheDemoUntilStopped() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        SimulateCommand command = new SimulateCommand(Map.of("CPA_SIM_KEY", "demo-key")::get);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread runner = new Thread(() -> exit.set(commandLine(command).execute("--management-key-env", "CPA_SIM_KEY",
                "--port", String.valueOf(port), "--rate", "5/s", "--cpa-version", "v7.2.140")), "simulate-test");
        runner.start();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v0/management/auth-files")).header("Authorization", "Bearer demo-key").build();
        String[] body = new String[1];
        SimulatorFixture.await("demo simulator up", () -> {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                body[0] = response.body();
                return response.statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });

        command.stop();
        runner.join(10_000);

        assertThat(body[0]).contains("codex-user@example.com-plus.json").contains("quota exhausted");
        assertThat(exit.get()).isZero();
        assertThat(out.toString()).contains("http://127.0.0.1:" + port);
    }
}
