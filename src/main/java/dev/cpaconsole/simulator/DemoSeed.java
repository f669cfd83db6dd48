package dev.cpaconsole.simulator;

import java.time.Duration;
import java.util.List;

/** A pleasant starting state for demos: a few accounts in different conditions, keys, traffic on. */
final class DemoSeed {
    /** Fixed so an operator can try the demo by hand with the same keys each time. */
    static final List<String> CLIENT_KEYS = List.of(
            "sk-demo-alice-4c7b2e9f1a8d3e6b5f0a9c2d7e1b4f8a",
            "sk-demo-bob-9e2d5a7c1f4b8e3d6a0c9f2b5e8d1a7c",
            "sk-demo-carol-3f8a1d6c9e2b5f7a0d4c8e1b6f9a2d5c");

    private DemoSeed() {
    }

    static void apply(CpaSimulator simulator) {
        AuthFiles files = simulator.authFiles();
        files.addCodex("user@example.com", "plus");
        files.addCodex("pro@example.com", "pro");
        AuthFile team = files.addCodex("team@example.com", "team");
        files.markError(team.name(), "quota exhausted", simulator.clock().instant().plus(Duration.ofMinutes(90)));
        AuthFile expired = files.addCodex("expired@example.com", "plus");
        files.markError(expired.name(), "unauthorized", null);
        simulator.upstream().respond(expired.authIndex(), 401, WhamUsageUpstream.EXPIRED_TOKEN_BODY);
        files.addClaude("dev@example.com");
        files.addGemini("research@example.com", "demo-project-4711");
        if (simulator.apiKeys().isEmpty()) {
            simulator.setApiKeys(CLIENT_KEYS);
        }
        if (simulator.apiKeyUsage().keys().isEmpty()) {
            simulator.addUpstreamApiKey(new UpstreamApiKey("codex", "https://api.example.com/v1",
                    "sk-test-upstream-0001"));
            simulator.addUpstreamApiKey(new UpstreamApiKey("openrouter", "https://openrouter.example.com/api/v1",
                    "sk-test-upstream-0002"));
        }
        simulator.setUsageStatisticsEnabled(true);
    }
}
