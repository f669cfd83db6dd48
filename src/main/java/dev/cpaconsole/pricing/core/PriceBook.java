package dev.cpaconsole.pricing.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * An immutable set of price rows that finds the price of an event. Names are tried in order:
 * the upstream model, the alias, both normalised (no provider prefix, no date suffix), then glob
 * patterns, of which the most specific wins. A row limited to the event's provider beats one for
 * every provider, and among rows for the same name the latest one in effect at the event's time
 * applies.
 *
 * <p>The rows in effect change only at the rows' start dates, so time is cut into segments at
 * those instants and a resolution holds for a whole segment; that is what lets history be priced
 * from sums instead of event by event.
 */
public final class PriceBook {
    private static final Comparator<PriceRule> PREFERENCE = Comparator
            .comparing((PriceRule r) -> r.provider().isEmpty())
            .thenComparing(PriceRule::effectiveFrom, Comparator.reverseOrder());

    private final List<PriceRule> rules;
    private final Map<String, List<PriceRule>> exact = new HashMap<>();
    private final List<CompiledPattern> patterns = new ArrayList<>();
    private final long[] boundaries;
    private final long[] thresholds;
    private final Map<Lookup, Optional<PriceMatch>> cache = new ConcurrentHashMap<>();

    public PriceBook(List<PriceRule> rules) {
        this.rules = List.copyOf(rules);
        TreeSet<Long> starts = new TreeSet<>();
        TreeSet<Long> tiers = new TreeSet<>();
        for (PriceRule rule : this.rules) {
            starts.add(rule.effectiveFromNanos());
            if (rule.tier() != null) {
                tiers.add(rule.tier().thresholdTokens());
            }
            if (rule.isPattern()) {
                patterns.add(new CompiledPattern(rule, ModelNames.compileGlob(rule.model()),
                        ModelNames.specificity(rule.model()), wildcardRuns(rule.model())));
            } else {
                exact.computeIfAbsent(ModelNames.fold(rule.model()), k -> new ArrayList<>()).add(rule);
            }
        }
        exact.values().forEach(list -> list.sort(PREFERENCE));
        patterns.sort(Comparator.comparingInt(CompiledPattern::specificity).reversed()
                .thenComparingInt(CompiledPattern::wildcards)
                .thenComparing(p -> p.rule(), PREFERENCE)
                .thenComparing(p -> ModelNames.fold(p.rule().model())));
        this.boundaries = starts.stream().mapToLong(Long::longValue).toArray();
        this.thresholds = tiers.stream().mapToLong(Long::longValue).toArray();
    }

    /** A book without rows: every event is unpriced. */
    public static PriceBook empty() {
        return new PriceBook(List.of());
    }

    public List<PriceRule> rules() {
        return rules;
    }

    /** The price of an event of {@code provider} for {@code model} asked as {@code alias} at {@code tsNanos}. */
    public Optional<PriceMatch> resolve(String provider, String model, String alias, long tsNanos) {
        return resolveInSegment(provider, model, alias, segmentOf(tsNanos));
    }

    /** Like {@link #resolve} for every instant of {@code segment}. */
    public Optional<PriceMatch> resolveInSegment(String provider, String model, String alias, int segment) {
        Lookup lookup = new Lookup(nullToEmpty(provider), nullToEmpty(model), nullToEmpty(alias), segment);
        return cache.computeIfAbsent(lookup, this::find);
    }

    /** The segment holding {@code tsNanos}: how many rows' start instants are at or before it. */
    public int segmentOf(long tsNanos) {
        int index = Arrays.binarySearch(boundaries, tsNanos);
        return index >= 0 ? index + 1 : -index - 1;
    }

    /** Start instants of the segments after the first, ascending (UTC epoch nanoseconds). */
    public long[] boundaries() {
        return boundaries.clone();
    }

    /** The distinct long-context thresholds of the rows, ascending. */
    public long[] thresholds() {
        return thresholds.clone();
    }

    private Optional<PriceMatch> find(Lookup lookup) {
        if (lookup.segment() == 0) {
            return Optional.empty();
        }
        long at = boundaries[lookup.segment() - 1];
        String model = ModelNames.fold(lookup.model());
        String alias = ModelNames.fold(lookup.alias());
        String provider = ModelNames.fold(lookup.provider());
        List<Candidate> names = List.of(
                new Candidate(model, PriceMatch.Kind.MODEL, lookup.model()),
                new Candidate(alias, PriceMatch.Kind.ALIAS, lookup.alias()),
                new Candidate(ModelNames.normalise(lookup.model()), PriceMatch.Kind.NORMALISED, lookup.model()),
                new Candidate(ModelNames.normalise(lookup.alias()), PriceMatch.Kind.NORMALISED, lookup.alias()));
        for (Candidate name : names) {
            if (name.folded().isEmpty()) {
                continue;
            }
            for (PriceRule rule : exact.getOrDefault(name.folded(), List.of())) {
                if (applies(rule, provider, at)) {
                    String shown = name.kind() == PriceMatch.Kind.NORMALISED
                            ? ModelNames.normalise(name.original()) : name.original();
                    return Optional.of(new PriceMatch(rule, name.kind(), shown));
                }
            }
        }
        for (CompiledPattern pattern : patterns) {
            if (!applies(pattern.rule(), provider, at)) {
                continue;
            }
            for (Candidate name : names) {
                if (!name.folded().isEmpty() && pattern.regex().matcher(name.folded()).matches()) {
                    return Optional.of(new PriceMatch(pattern.rule(), PriceMatch.Kind.PATTERN, name.original()));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean applies(PriceRule rule, String provider, long at) {
        return rule.effectiveFromNanos() <= at
                && (rule.provider().isEmpty() || ModelNames.fold(rule.provider()).equals(provider));
    }

    private static int wildcardRuns(String pattern) {
        return (int) pattern.chars().filter(c -> c == '*').count();
    }

    private static String nullToEmpty(String value) {
        return Objects.requireNonNullElse(value, "");
    }

    private record Lookup(String provider, String model, String alias, int segment) {
    }

    private record Candidate(String folded, PriceMatch.Kind kind, String original) {
    }

    private record CompiledPattern(PriceRule rule, Pattern regex, int specificity, int wildcards) {
    }
}
