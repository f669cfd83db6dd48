package dev.cpaconsole.pricing.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** Price files on disk: LiteLLM's JSON or the console's CSV, told apart by their first character. */
public final class PriceFiles {
    private PriceFiles() {
    }

    /**
     * Reads {@code file} as imported rows: a JSON object is LiteLLM's price file, anything else the
     * console's CSV. Every row's source is {@link PriceSource#IMPORT}.
     *
     * @param today the day the figures are read, recorded on LiteLLM rows
     * @throws IllegalArgumentException when the file cannot be read or is neither format; the message says why
     */
    public static PriceFileResult read(Path file, LocalDate today) {
        String reference = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            if (looksLikeJson(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    return LiteLlmPrices.read(in, reference, today);
                }
            }
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return PriceCsv.read(reader, PriceSource.IMPORT, reference);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code rules} to {@code file} as CSV, replacing it. */
    public static void writeCsv(List<PriceRule> rules, Path file) {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            PriceCsv.write(rules, writer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean looksLikeJson(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int c;
            do {
                c = reader.read();
            } while (c == '\uFEFF' || c >= 0 && Character.isWhitespace(c));
            return c == '{';
        }
    }
}
