package dev.cpaconsole.pricing.core;

import java.util.List;

/**
 * The rows read from a price file and the entries that could not be read or were left out.
 *
 * @param rules rows read
 * @param problems one line per entry not read, naming it and saying why
 */
public record PriceFileResult(List<PriceRule> rules, List<String> problems) {

    public PriceFileResult {
        rules = List.copyOf(rules);
        problems = List.copyOf(problems);
    }
}
