package dev.cpaconsole.cpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RESP channel against a minimal RESP peer that logs every command it receives. */
class RespUsageChannelTest {
    private static final String KEY = "mgmt-test-secret-00001";

    private final FakeCpaResp cpa = new FakeCpaResp(KEY);

    @AfterEach
    void stop() throws IOException {
        cpa.close();
    }

    private CpaClient client(String key) {
        return new CpaClient(cpa.baseUri(), new ManagementKeyLatch(key), Duration.ofSeconds(5),
                Duration.ofSeconds(5));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void sendsAuthFirstAndNothingElseBeforeItsOwnCommands() {
        cpa.enqueue("{\"n\":1}");
        cpa.enqueue("{\"n\":2}");

        try (RespUsageChannel channel = RespUsageChannel.open(client(KEY))) {
            assertThat(channel.popBatch(500)).containsExactly("{\"n\":1}", "{\"n\":2}");
            assertThat(channel.popBatch(500)).isEmpty();
        }

        assertThat(cpa.log()).extracting(command -> command.words().getFirst().toUpperCase())
                .containsExactly("AUTH", "LPOP", "LPOP");
        assertThat(cpa.log().getFirst().words()).containsExactly("AUTH", KEY);
        assertThat(cpa.log().get(1).words()).containsExactly("LPOP", "usage", "500");
        assertThat(cpa.failedAuthAttempts()).isZero();
    }

    @Test
    void wrongKeyCostsOneAttemptAndLatches() {
        CpaClient client = client("wrong-key");

        assertThatThrownBy(() -> RespUsageChannel.open(client))
                .isInstanceOf(ManagementKeyRejectedException.class)
                .hasMessageContaining("invalid management key");
        assertThatThrownBy(() -> RespUsageChannel.open(client)).isInstanceOf(ManagementKeyRejectedException.class);
        assertThatThrownBy(client::usageStatisticsEnabled).isInstanceOf(ManagementKeyRejectedException.class);

        assertThat(cpa.failedAuthAttempts()).isEqualTo(1);
        assertThat(cpa.connections()).isEqualTo(1);
        assertThat(cpa.log()).hasSize(1);
    }

    @Test
    void subscriptionDeliversEveryMessageAndEndsOnUnsubscribe() throws Exception {
        List<String> messages = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        RespUsageChannel channel = RespUsageChannel.open(client(KEY));

        CompletableFuture<Void> confirmed = channel.subscribe(messages::add, ended::complete);
        confirmed.get(10, TimeUnit.SECONDS);
        assertThat(cpa.subscriberCount()).isEqualTo(1);
        cpa.publish("{\"n\":1}");
        cpa.publish("not json");
        await(() -> messages.size() == 3);
        channel.ping();
        await(() -> channel.lastPong() != null);
        channel.unsubscribe();

        assertThat(ended.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(messages).containsExactly("{\"support_refresh\":true}", "{\"n\":1}", "not json");
        assertThat(cpa.log()).extracting(command -> command.words().getFirst().toUpperCase())
                .containsExactly("AUTH", "SUBSCRIBE", "PING", "UNSUBSCRIBE");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void droppedConnectionEndsTheSubscriptionWithoutReconnecting() throws Exception {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        RespUsageChannel channel = RespUsageChannel.open(client(KEY));
        channel.subscribe(message -> { }, ended::complete);
        await(() -> cpa.subscriberCount() == 1);

        cpa.dropConnections();

        assertThat(ended.get(10, TimeUnit.SECONDS)).isInstanceOf(CpaUnavailableException.class);
        assertThatThrownBy(() -> channel.popBatch(5)).isInstanceOf(CpaUnavailableException.class);
        assertThat(cpa.connections()).isEqualTo(1);
        assertThat(cpa.failedAuthAttempts()).isZero();
    }

    @Test
    void lostConnectionDuringPopIsUnavailableAndTheChannelStaysDead() throws Exception {
        RespUsageChannel channel = RespUsageChannel.open(client(KEY));
        cpa.dropConnections();

        assertThatThrownBy(() -> channel.popBatch(5)).isInstanceOf(CpaUnavailableException.class);
        assertThatThrownBy(() -> channel.popBatch(5)).isInstanceOf(CpaUnavailableException.class);

        assertThat(cpa.connections()).isEqualTo(1);
        assertThat(cpa.failedAuthAttempts()).isZero();
    }

    @Test
    void httpsHasNoRespPath() {
        assertThat(RespUsageChannel.isPossibleFor(java.net.URI.create("https://cpa.example.com"))).isFalse();
        assertThat(RespUsageChannel.isPossibleFor(cpa.baseUri())).isTrue();
    }
}
