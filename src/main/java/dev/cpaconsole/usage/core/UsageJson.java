package dev.cpaconsole.usage.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The JSON settings every reader of usage items shares. */
final class UsageJson {
    /**
     * Rejects text after the first value ("{} x" is not one record), and keeps decimals exact so
     * that a number's canonical form does not depend on binary floating point.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /** The same settings for reading many values from one stream, where more text follows each value. */
    static final ObjectMapper STREAMING = MAPPER.copy().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private UsageJson() {
    }
}
