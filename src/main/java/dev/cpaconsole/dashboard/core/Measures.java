package dev.cpaconsole.dashboard.core;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalDouble;

import org.jooq.Field;
import org.jooq.Record;

import dev.cpaconsole.usage.core.LatencyClasses;
import dev.cpaconsole.usage.core.Rollups;
import dev.cpaconsole.usage.core.UsageRows;
import dev.cpaconsole.usage.core.UsageStatistics.Totals;

/**
 * The summed measures of a set of usage rows ({@link Rollups#MEASURE_COLUMNS} without the first
 * and last instants), added up exactly in longs.
 */
final class Measures {
    /** The measure columns summed, in order. */
    static final List<String> COLUMNS = Rollups.MEASURE_COLUMNS.stream()
            .filter(c -> !c.equals("first_ns") && !c.equals("last_ns")).toList();
    /** Their sums as SQL over {@link UsageRows}. */
    static final List<Field<BigDecimal>> SUMS = COLUMNS.stream().map(UsageRows::sum).toList();

    private static final int REQUESTS = COLUMNS.indexOf("requests");
    private static final int FAILED = COLUMNS.indexOf("failed");
    private static final int UNCACHED = COLUMNS.indexOf("uncached_input_tokens");
    private static final int TOTAL_TOKENS = COLUMNS.indexOf("total_tokens");
    private static final int LATENCY_SUM = COLUMNS.indexOf("latency_ms_sum");
    private static final int TTFT_COUNT = COLUMNS.indexOf("ttft_count");
    private static final int TTFT_SUM = COLUMNS.indexOf("ttft_ms_sum");
    private static final int GEN_TOKENS = COLUMNS.indexOf("gen_tokens_sum");
    private static final int GEN_MS = COLUMNS.indexOf("gen_ms_sum");
    private static final int FIRST_CLASS = COLUMNS.indexOf("lat_00");

    private final long[] sums = new long[COLUMNS.size()];

    /** Adds the sums of a row selected with {@link #SUMS}. */
    Measures add(Record row) {
        for (int i = 0; i < sums.length; i++) {
            BigDecimal sum = row.get(SUMS.get(i));
            sums[i] += sum == null ? 0 : sum.longValueExact();
        }
        return this;
    }

    Measures add(Measures other) {
        for (int i = 0; i < sums.length; i++) {
            sums[i] += other.sums[i];
        }
        return this;
    }

    long requests() {
        return sums[REQUESTS];
    }

    long failed() {
        return sums[FAILED];
    }

    long totalTokens() {
        return sums[TOTAL_TOKENS];
    }

    /** Requests and tokens by bucket. */
    Totals totals() {
        return new Totals(sums[REQUESTS], sums[FAILED], sums[UNCACHED], sums[UNCACHED + 1], sums[UNCACHED + 2],
                sums[UNCACHED + 3], sums[UNCACHED + 4], sums[UNCACHED + 5], sums[TOTAL_TOKENS]);
    }

    OptionalDouble averageLatencyMs() {
        return ratio(sums[LATENCY_SUM], sums[REQUESTS]);
    }

    OptionalDouble averageTtftMs() {
        return ratio(sums[TTFT_SUM], sums[TTFT_COUNT]);
    }

    /** Output and reasoning tokens per second after the first token. */
    OptionalDouble outputTokensPerSecond() {
        return sums[GEN_MS] == 0 ? OptionalDouble.empty() : OptionalDouble.of(sums[GEN_TOKENS] * 1000.0 / sums[GEN_MS]);
    }

    /** The latency at quantile {@code q} from the histogram, empty without requests. */
    OptionalDouble latencyQuantile(double q) {
        long[] counts = new long[LatencyClasses.COUNT];
        System.arraycopy(sums, FIRST_CLASS, counts, 0, counts.length);
        double value = LatencyClasses.quantile(counts, q);
        return value < 0 ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private static OptionalDouble ratio(long sum, long count) {
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) sum / count);
    }

    /** What a ranking shows of a group's usage, summed over {@link UsageRows}: requests, failures, tokens. */
    static final Field<BigDecimal> RANKED_REQUESTS = UsageRows.sum("requests").as("requests");
    static final Field<BigDecimal> RANKED_FAILED = UsageRows.sum("failed").as("failed");
    static final Field<BigDecimal> RANKED_TOKENS = UsageRows.sum("total_tokens").as("total_tokens");

    /** A sum read from {@code row}, 0 when there was nothing to sum. */
    static long ranked(Record row, Field<BigDecimal> sum) {
        BigDecimal value = row.get(sum);
        return value == null ? 0 : value.longValueExact();
    }
}
