package dev.cpaconsole.pricing.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks the shipped price catalogue against the format in docs/pricing.md. */
class CatalogueFileTest {
    private static final Path CATALOGUE = Path.of("data", "prices", "catalogue.csv");

    private static final List<String> HEADER = List.of("model", "provider", "input", "output", "cache_read",
            "cache_write", "reasoning", "request_fee", "tier_threshold", "tier_input", "tier_output",
            "tier_cache_read", "tier_cache_write", "tier_reasoning", "effective_from", "source", "reference",
            "read_on", "note");

    private static final List<String> PRICE_COLUMNS = List.of("input", "output", "cache_read", "cache_write",
            "reasoning", "request_fee", "tier_input", "tier_output", "tier_cache_read", "tier_cache_write",
            "tier_reasoning");

    private static final List<String> TIER_PRICE_COLUMNS = List.of("tier_input", "tier_output",
            "tier_cache_read", "tier_cache_write", "tier_reasoning");

    // Plain decimals only: no sign, no exponent, no thousands separator, so the file reads the same everywhere.
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[1-9]\\d*");

    private static List<String> headerNames;
    private static List<CSVRecord> rows;

    @BeforeAll
    static void readCatalogue() throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.parse(CATALOGUE, StandardCharsets.UTF_8, format)) {
            headerNames = List.copyOf(parser.getHeaderNames());
            rows = parser.getRecords();
        }
    }

    @Test
    void headerIsExactlyTheDocumentedOne() {
        assertThat(headerNames).containsExactlyElementsOf(HEADER);
    }

    @Test
    void catalogueIsNotEmptyAndEveryRowHasEveryColumn() {
        assertThat(rows).isNotEmpty();
        SoftAssertions softly = new SoftAssertions();
        for (CSVRecord row : rows) {
            softly.assertThat(row.isConsistent()).as(label(row)).isTrue();
        }
        softly.assertAll();
    }

    @Test
    void everyRowNamesAModelAndPricesInputAndOutput() {
        SoftAssertions softly = new SoftAssertions();
        for (CSVRecord row : rows) {
            softly.assertThat(row.get("model")).as(label(row) + " model").isNotBlank();
            softly.assertThat(row.get("input")).as(label(row) + " input").matches(PLAIN_DECIMAL);
            softly.assertThat(row.get("output")).as(label(row) + " output").matches(PLAIN_DECIMAL);
        }
        softly.assertAll();
    }

    @Test
    void everyGivenPriceIsAPlainNonNegativeDecimal() {
        SoftAssertions softly = new SoftAssertions();
        for (CSVRecord row : rows) {
            for (String column : PRICE_COLUMNS) {
                String value = row.get(column);
                if (!value.isEmpty()) {
                    softly.assertThat(value).as(label(row) + " " + column).matches(PLAIN_DECIMAL);
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void tierPricesAppearExactlyWhenATierThresholdIsSet() {
        SoftAssertions softly = new SoftAssertions();
        for (CSVRecord row : rows) {
            String threshold = row.get("tier_threshold");
            if (threshold.isEmpty()) {
                for (String column : TIER_PRICE_COLUMNS) {
                    softly.assertThat(row.get(column)).as(label(row) + " " + column + " without threshold").isEmpty();
                }
            } else {
                softly.assertThat(threshold).as(label(row) + " tier_threshold").matches(WHOLE_NUMBER);
                softly.assertThat(row.get("tier_input")).as(label(row) + " tier_input").isNotEmpty();
                softly.assertThat(row.get("tier_output")).as(label(row) + " tier_output").isNotEmpty();
            }
        }
        softly.assertAll();
    }

    @Test
    void everyRowIsACatalogueRowWithAWebReference() {
        SoftAssertions softly = new SoftAssertions();
        for (CSVRecord row : rows) {
            softly.assertThat(row.get("source")).as(label(row) + " source").isEqualTo("catalogue");
            softly.assertThat(row.get("reference")).as(label(row) + " reference").startsWith("https://");
        }
        softly.assertAll();
    }

    @Test
    void datesAreIsoDates() {
        SoftAssertions softly = new SoftAssertions();
        for (CSVRecord row : rows) {
            softly.assertThat(isIsoDate(row.get("read_on"))).as(label(row) + " read_on").isTrue();
            softly.assertThat(isIsoDate(row.get("effective_from"))).as(label(row) + " effective_from").isTrue();
        }
        softly.assertAll();
    }

    @Test
    void noModelHasTwoRowsForTheSameProviderAndDate() {
        Set<List<String>> seen = new HashSet<>();
        List<List<String>> duplicates = rows.stream()
                .map(row -> List.of(row.get("model"), row.get("provider"), row.get("effective_from")))
                .filter(key -> !seen.add(key))
                .toList();
        assertThat(duplicates).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-5", "gpt-5-codex", "gpt-5-mini", "gpt-5.1-codex", "gpt-5.1-codex-mini", "gpt-5.2",
        "gpt-5.4", "gpt-5.4-mini", "gpt-5.3-codex-spark", "claude-sonnet-4-5", "claude-sonnet-4-6", "claude-opus-4-6",
        "claude-haiku-4-5", "gemini-2.5-pro", "gemini-2.5-flash", "gemini-3-pro-preview", "deepseek-v3.2"})
    void pricesTheModelsCpaUsersRun(String modelId) {
        assertThat(rows).as("rows pricing %s", modelId).anyMatch(row -> matches(row.get("model"), modelId));
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen", "kimi", "glm", "grok"})
    void pricesAtLeastOneModelOfEachOpenFamily(String family) {
        assertThat(rows).as("rows for the %s family", family)
                .anyMatch(row -> row.get("model").toLowerCase(Locale.ROOT).startsWith(family));
    }

    @Test
    void globRowsMatchWholeIdsOnly() {
        assertThat(matches("claude-sonnet-4-*", "claude-sonnet-4-5")).isTrue();
        assertThat(matches("gpt-5.?", "gpt-5.4")).isTrue();
        assertThat(matches("gpt-5.?", "gpt-5.4-mini")).isFalse();
        assertThat(matches("gpt-5", "gpt-5x")).isFalse();
        assertThat(matches("gpt-5.4", "gpt-5x4")).isFalse();
    }

    /** Exact id, or a glob where {@code *} is any run and {@code ?} one character, matched against the whole id. */
    private static boolean matches(String pattern, String modelId) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.matches(regex.toString(), modelId);
    }

    private static boolean isIsoDate(String value) {
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String label(CSVRecord row) {
        String model = row.isMapped("model") && row.isSet("model") ? row.get("model") : "?";
        return "line " + (row.getRecordNumber() + 1) + " (" + model + ")";
    }
}
