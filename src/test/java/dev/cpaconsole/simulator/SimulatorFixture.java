package dev.cpaconsole.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** Starts simulators for tests and talks HTTP to them. */
final class SimulatorFixture implements AutoCloseable {
    static final String KEY = "mgmt-test-secret-00001";
    static final Instant T0 = Instant.parse("2026-08-22T06:00:00Z");

    final CpaSimulator sim;
    final ManualClock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private SimulatorFixture(CpaSimulator sim, ManualClock clock) {
        this.sim = sim;
        this.clock = clock;
    }

    static SimulatorFixture start() {
        return start(b -> b);
    }

    static SimulatorFixture start(UnaryOperator<SimulatorOptions.Builder> customise) {
        ManualClock clock = new ManualClock(T0);
        SimulatorOptions.Builder builder = SimulatorOptions.builder().managementKey(KEY).clock(clock).randomSeed(42);
        return new SimulatorFixture(CpaSimulator.start(customise.apply(builder).build()), clock);
    }

    /** A management request with the right key. */
    HttpResponse<String> mgmt(String method, String subPath, String body) {
        return send(method, "/v0/management" + subPath, body, "Authorization", "Bearer " + KEY);
    }

    HttpResponse<String> mgmt(String method, String subPath) {
        return mgmt(method, subPath, null);
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUri() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    RespTestClient resp() {
        return new RespTestClient(sim.port());
    }

    /** Polls until the condition holds, failing after ten seconds. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        sim.close();
    }
}
