package dev.cpaconsole.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The models each kind of credential serves, with the metadata CPA's registry knows. */
final class ModelCatalog {
    /** One model as {@code /v1/models} and {@code /auth-files/models} describe it. */
    record Model(String id, String displayName, String type, String ownedBy, long created, String provider) {
    }

    static final List<Model> MODELS = List.of(
            new Model("gpt-5.4", "GPT 5.4", "openai", "openai", 1772668800L, "codex"),
            new Model("gpt-5.4-mini", "GPT 5.4 Mini", "openai", "openai", 1773705600L, "codex"),
            new Model("gpt-5.3-codex-spark", "GPT 5.3 Codex Spark", "openai", "openai", 1770000000L, "codex"),
            new Model("claude-sonnet-4-6", "Claude Sonnet 4.6", "claude", "anthropic", 1771000000L, "claude"),
            new Model("claude-opus-4-6", "Claude Opus 4.6", "claude", "anthropic", 1771000000L, "claude"),
            new Model("claude-haiku-4-5", "Claude Haiku 4.5", "claude", "anthropic", 1760000000L, "claude"),
            new Model("gemini-2.5-pro", "Gemini 2.5 Pro", "gemini", "google", 1750118400L, "gemini"),
            new Model("gemini-2.5-flash", "Gemini 2.5 Flash", "gemini", "google", 1750118400L, "gemini"),
            new Model("deepseek-v3.2", "DeepSeek V3.2", "openai", "deepseek", 1764547200L, "openai-compatibility"));

    private ModelCatalog() {
    }

    /** Models a credential of this type serves; Codex Spark only for Pro plans. */
    static List<Model> forCredential(String type, String planType) {
        String provider = type == null ? "" : type.toLowerCase(Locale.ROOT);
        return MODELS.stream()
                .filter(m -> m.provider().equals(provider))
                .filter(m -> !m.id().equals("gpt-5.3-codex-spark") || "pro".equalsIgnoreCase(planType))
                .toList();
    }

    /** Models served through a config api-key of this provider. */
    static List<Model> forApiKey(UpstreamApiKey key) {
        if (key.compatibility()) {
            return MODELS.stream().filter(m -> m.provider().equals("openai-compatibility")).toList();
        }
        return forCredential(key.provider(), "");
    }

    static Optional<Model> byId(String id) {
        return MODELS.stream().filter(m -> m.id().equals(id)).findFirst();
    }
}
