package dev.cpaconsole.pricing.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads LiteLLM's model price JSON ({@code model_prices_and_context_window.json}): one object per
 * model id, prices per single token. The {@code sample_spec} entry documents the schema and is
 * not a model. Ids are taken without their provider prefix; when several entries share an id,
 * the unprefixed one is used, or the prefixed ones when they all agree, and otherwise the id is
 * left out as ambiguous.
 */
public final class LiteLlmPrices {
    private static final String SAMPLE_ENTRY = "sample_spec";
    private static final Set<String> TEXT_MODES = Set.of("chat", "completion", "responses");
    private static final MathContext NOISE = new MathContext(12);
    private static final Pattern TIER_KEY = Pattern.compile(
            "(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost"
                    + "|cache_creation_input_token_cost|output_cost_per_reasoning_token)_above_(\\d+)k_tokens");

    private LiteLlmPrices() {
    }

    /**
     * Reads the file. Entries that are not text models, have no input or output price, or cannot
     * be read are listed in {@link PriceFileResult#problems()} with the reason.
     *
     * @param reference recorded as every row's reference (the file name or URL)
     * @param readOn recorded as the day the figures were read
     * @throws IllegalArgumentException when the file is not a JSON object
     */
    public static PriceFileResult read(InputStream in, String reference, LocalDate readOn) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(in);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the file: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a LiteLLM price file: expected one JSON object keyed by model id");
        }
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, PriceRule>> byId = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.equals(SAMPLE_ENTRY)) {
                continue;
            }
            JsonNode node = entry.getValue();
            String mode = node.path("mode").asText("");
            if (!mode.isEmpty() && !TEXT_MODES.contains(mode)) {
                continue;
            }
            if (!node.hasNonNull("input_cost_per_token") || !node.hasNonNull("output_cost_per_token")) {
                problems.add(key + ": no input or output price per token");
                continue;
            }
            int slash = key.lastIndexOf('/');
            String id = slash >= 0 ? key.substring(slash + 1) : key;
            try {
                PriceRule rule = rule(id, node, reference, readOn, problems, key);
                byId.computeIfAbsent(ModelNames.fold(id), k -> new LinkedHashMap<>()).put(key, rule);
            } catch (IllegalArgumentException e) {
                problems.add(key + ": " + e.getMessage());
            }
        }
        List<PriceRule> rules = new ArrayList<>();
        for (Map<String, PriceRule> entries : byId.values()) {
            PriceRule chosen = choose(entries, problems);
            if (chosen != null) {
                rules.add(chosen);
            }
        }
        return new PriceFileResult(rules, problems);
    }

    private static PriceRule choose(Map<String, PriceRule> entries, List<String> problems) {
        Map<String, PriceRule> unprefixed = new LinkedHashMap<>();
        entries.forEach((key, rule) -> {
            if (key.indexOf('/') < 0) {
                unprefixed.put(key, rule);
            }
        });
        Map<String, PriceRule> candidates = unprefixed.isEmpty() ? entries : unprefixed;
        // Ids compare without case, so "Model" and "model" are one id and must agree too.
        PriceRule first = candidates.values().iterator().next();
        for (PriceRule other : candidates.values()) {
            if (!other.samePricesAs(first)) {
                problems.add(first.model() + ": left out, its entries disagree ("
                        + String.join(", ", candidates.keySet()) + "); add it by hand");
                return null;
            }
        }
        return first;
    }

    private static PriceRule rule(String id, JsonNode node, String reference, LocalDate readOn,
            List<String> problems, String key) {
        Rates rates = new Rates(perMillion(node.get("input_cost_per_token")),
                perMillion(node.get("output_cost_per_token")),
                perMillion(node.get("cache_read_input_token_cost")),
                perMillion(node.get("cache_creation_input_token_cost")),
                perMillion(node.get("output_cost_per_reasoning_token")));
        Map<Long, Map<String, JsonNode>> tiers = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Matcher matcher = TIER_KEY.matcher(field.getKey());
            if (matcher.matches()) {
                long threshold = Long.parseLong(matcher.group(2)) * 1000;
                tiers.computeIfAbsent(threshold, t -> new LinkedHashMap<>()).put(matcher.group(1), field.getValue());
            }
        }
        PriceTier tier = null;
        if (!tiers.isEmpty()) {
            Map.Entry<Long, Map<String, JsonNode>> first = tiers.entrySet().iterator().next();
            Map<String, JsonNode> prices = first.getValue();
            BigDecimal input = perMillion(prices.get("input_cost_per_token"));
            BigDecimal output = perMillion(prices.get("output_cost_per_token"));
            tier = new PriceTier(first.getKey(), new Rates(input == null ? rates.input() : input,
                    output == null ? rates.output() : output,
                    perMillion(prices.get("cache_read_input_token_cost")),
                    perMillion(prices.get("cache_creation_input_token_cost")),
                    perMillion(prices.get("output_cost_per_reasoning_token"))));
            if (tiers.size() > 1) {
                problems.add(key + ": only the tier above " + first.getKey() + " input tokens is kept");
            }
        }
        BigDecimal fee = node.hasNonNull("input_cost_per_request")
                ? perRequest(node.get("input_cost_per_request")) : null;
        return new PriceRule(0, id, "", rates, fee, tier, PriceRule.ALWAYS, PriceSource.IMPORT, reference, readOn,
                "");
    }

    /** A price per request, without binary floating-point noise. */
    private static BigDecimal perRequest(JsonNode value) {
        BigDecimal perMillion = perMillion(value);
        return perMillion == null ? null : perMillion.movePointLeft(6).stripTrailingZeros();
    }

    /** A price per token as a price per 1M tokens, without binary floating-point noise. */
    private static BigDecimal perMillion(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() && !value.isTextual()) {
            throw new IllegalArgumentException("price " + value + " is not a number");
        }
        try {
            return new BigDecimal(value.asText().trim()).movePointRight(6).round(NOISE);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("price " + value + " is not a number");
        }
    }
}
