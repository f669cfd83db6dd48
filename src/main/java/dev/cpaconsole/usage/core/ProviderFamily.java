package dev.cpaconsole.usage.core;

/** How a provider's flat token counts overlap; decides the bucket split without a breakdown. */
public enum ProviderFamily {
    /** Input includes cache reads and cache writes; output includes reasoning (Codex, OpenAI, xAI, Kimi...). */
    OPENAI_STYLE,
    /** Input, cache reads and cache writes are separate; output includes reasoning. */
    CLAUDE,
    /** Input includes the cache; reasoning is separate from output. */
    GEMINI
}
