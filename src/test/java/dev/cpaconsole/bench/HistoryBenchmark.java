package dev.cpaconsole.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import dev.cpaconsole.pricing.core.CostPolicy;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.PriceBook;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceSource;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.pricing.core.Rates;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.ManualClock;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.Origin;
import dev.cpaconsole.usage.core.ReceivedItem;
import dev.cpaconsole.usage.core.UsageEventStore;
import dev.cpaconsole.usage.core.UsageStatistics;
import dev.cpaconsole.usage.core.WriteResult;

/**
 * Builds a usage history of realistic simulator records spread over two years, writing it the way
 * the collector does (batches through {@link UsageEventStore}), and times the write rate as the
 * table grows and the statistics queries over the whole history. Not a unit test: run it with
 * {@code ./mvnw -q test-compile exec:exec@history-benchmark} (see README); it prints a Markdown
 * report to standard output.
 */
public final class HistoryBenchmark {
    private static final Duration SPAN = Duration.ofDays(730);
    private static final int BATCH = 2_000;

    private HistoryBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        Path directory = Files.createTempDirectory("cpa-console-bench");
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        ManualClock clock = new ManualClock(start);
        Duration step = SPAN.dividedBy(events);
        long written = 0;
        long segmentStart = System.nanoTime();
        List<String> segmentRates = new ArrayList<>();
        int segment = Math.max(events / 10, BATCH);
        try (CpaSimulator simulator = CpaSimulator.start(SimulatorOptions.builder()
                .managementKey("bench-key").randomSeed(42).clock(clock).build());
             Database database = Database.open(directory)) {
            UsageEventStore store = new UsageEventStore(database);
            long generationNanos = 0;
            long writeNanos = 0;
            while (written < events) {
                long generationStart = System.nanoTime();
                List<ReceivedItem> batch = new ArrayList<>(BATCH + 2);
                while (batch.size() < BATCH) {
                    for (String record : simulator.traffic().emit(1)) {
                        batch.add(new ReceivedItem(record, Origin.HTTP_QUEUE, clock.instant()));
                    }
                    clock.advance(step);
                }
                long writeStart = System.nanoTime();
                generationNanos += writeStart - generationStart;
                WriteResult result = store.write(batch);
                writeNanos += System.nanoTime() - writeStart;
                long before = written;
                written += result.added();
                if (written / segment > before / segment) {
                    double seconds = (System.nanoTime() - segmentStart) / 1e9;
                    segmentRates.add(String.format(Locale.ROOT, "| %,d | %,.0f |", written,
                            segment / Math.max(seconds, 1e-9)));
                    segmentStart = System.nanoTime();
                }
            }
            out.println("## Writing " + String.format(Locale.ROOT, "%,d", written) + " events over two years");
            out.println();
            out.printf(Locale.ROOT, "- write path only (read, normalise, insert, one transaction a batch of %,d): "
                    + "%,.0f events/s%n", BATCH, written / (writeNanos / 1e9));
            out.printf(Locale.ROOT, "- database file: %,.0f MiB%n", Files.size(database.file()) / 1048576.0);
            out.printf(Locale.ROOT, "- record generation (not part of the console): %.1f s%n", generationNanos / 1e9);
            out.println();
            out.println("| events stored | events/s in the last segment (generation included) |");
            out.println("|---|---|");
            segmentRates.forEach(out::println);
            out.println();

            UsageStatistics statistics = new UsageStatistics(database);
            ZoneId zone = ZoneId.of("Europe/Berlin");
            Instant end = clock.instant();
            out.println("## Queries over the whole history");
            out.println();
            out.println("| query | first run | best of 5 |");
            out.println("|---|---|---|");
            time(out, "totals, all time", () -> statistics.totals(null, null));
            time(out, "totals, last 24 h", () -> statistics.totals(end.minus(Duration.ofHours(24)), end));
            time(out, "by model, all time", () -> statistics.groups(null, null, UsageStatistics.GroupBy.MODEL, zone));
            time(out, "by client key, last 30 days", () -> statistics.groups(end.minus(Duration.ofDays(30)), end,
                    UsageStatistics.GroupBy.KEY, zone));
            time(out, "by day, all time", () -> statistics.groups(null, null, UsageStatistics.GroupBy.DAY, zone));
            PriceStore prices = new PriceStore(database, clock);
            prices.installCatalogue();
            PriceBook book = prices.book();
            CostQuery cost = new CostQuery(database);
            Instant monthAgo = end.minus(Duration.ofDays(30));
            time(out, "cost, all time", () -> cost.report(null, null, book, CostPolicy.DEFAULT, null, zone));
            time(out, "cost, last 30 days", () -> cost.report(monthAgo, end, book, CostPolicy.DEFAULT, null, zone));
            time(out, "cost by model, all time", () -> cost.report(null, null, book, CostPolicy.DEFAULT,
                    UsageStatistics.GroupBy.MODEL, zone));
            time(out, "cost by day, all time", () -> cost.report(null, null, book, CostPolicy.DEFAULT,
                    UsageStatistics.GroupBy.DAY, zone));
            PriceBook edited = new PriceBook(book.rules().stream()
                    .map(r -> r.model().equals("gpt-5.4") ? new PriceRule(r.id(), r.model(), r.provider(),
                            Rates.of("3", "20"), null, null, r.effectiveFrom(), PriceSource.MANUAL, "", null, "")
                            : r)
                    .toList());
            time(out, "price edit preview, last 30 days", () -> cost.compare(monthAgo, end, book, edited,
                    CostPolicy.DEFAULT));
            out.println();
            out.printf(Locale.ROOT, "Peak heap used: %,.0f MiB%n", peakHeapMiB());
        } finally {
            deleteRecursively(directory);
        }
    }

    private static void time(PrintStream out, String label, Supplier<?> query) {
        long first = 0;
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
            long start = System.nanoTime();
            query.get();
            long elapsed = System.nanoTime() - start;
            if (run == 0) {
                first = elapsed;
            }
            best = Math.min(best, elapsed);
        }
        out.printf(Locale.ROOT, "| %s | %,.0f ms | %,.0f ms |%n", label, first / 1e6, best / 1e6);
    }

    private static double peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / 1048576.0;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
