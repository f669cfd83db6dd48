package dev.cpaconsole.pricing.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/** Reads a price file of either kind the console imports: LiteLLM's JSON or the console's CSV. */
public final class PriceFiles {
    private static final int BYTE_ORDER_MARK = 0xFEFF;

    private PriceFiles() {
    }

    /**
     * Reads {@code file} as imported rows. A name ending in {@code .json} or {@code .csv} decides
     * the kind; otherwise a file starting with <code>{</code> is JSON and anything else CSV.
     *
     * @param readOn recorded as the day a LiteLLM file's figures were read
     * @throws IllegalArgumentException when the file is neither kind, with the reason
     * @throws UncheckedIOException when the file cannot be read
     */
    public static PriceFileResult read(Path file, LocalDate readOn) {
        String name = file.getFileName().toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not a text file in UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        boolean json = lower.endsWith(".json") || !lower.endsWith(".csv") && text.stripLeading().startsWith("{");
        if (json) {
            return LiteLlmPrices.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), name, readOn);
        }
        return PriceCsv.read(new StringReader(text), PriceSource.IMPORT, name);
    }
}
