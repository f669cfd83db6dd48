package dev.cpaconsole.usage.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Random but valid CPA usage records, reproducible from a seed. */
public final class RandomUsage {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[][] MODELS = {
        {"codex", "gpt-5.4", "gpt-5.4"}, {"codex", "gpt-5.4-mini", "fast"}, {"claude", "claude-sonnet-4-6", ""},
        {"gemini", "gemini-3-pro", "gemini-pro"}};
    private static final String[] KEYS = {"sk-random-client-0001", "sk-random-client-0002",
        "sk-random-client-0003", null};
    private static final String[] CREDENTIALS = {"a1b2c3d4e5f60718", "0f1e2d3c4b5a6978", "fedcba9876543210"};
    private static final int[] STATUS = {200, 200, 200, 200, 429, 500, 502};
    private static final long[] INPUTS = {0, 1_000, 31_999, 32_001, 150_000, 150_001, 200_000, 200_001, 272_000,
        272_001, 500_000};

    private final Random random;

    public RandomUsage(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    /** {@code count} records with instants spread over {@code [from, to)}. */
    public List<ReceivedItem> items(int count, Instant from, Instant to) {
        List<ReceivedItem> items = new ArrayList<>();
        long span = to.toEpochMilli() - from.toEpochMilli();
        for (int i = 0; i < count; i++) {
            Instant at = from.plusMillis((long) (random.nextDouble() * span)).plusNanos(random.nextInt(1_000_000));
            items.add(new ReceivedItem(record(at).toString(), Origin.IMPORT, Instant.parse("2026-09-01T00:00:00Z")));
        }
        return items;
    }

    ObjectNode record(Instant at) {
        String[] model = MODELS[random.nextInt(MODELS.length)];
        int status = STATUS[random.nextInt(STATUS.length)];
        long input = random.nextInt(4) == 0 ? INPUTS[random.nextInt(INPUTS.length)] : random.nextInt(40_000);
        long cached = input == 0 ? 0 : random.nextLong(input + 1) / 2;
        long output = random.nextInt(5_000);
        long reasoning = random.nextInt(3) == 0 ? random.nextInt(2_000) : 0;
        long latency = (long) Math.exp(random.nextDouble() * Math.log(1_500_000));
        String offset = random.nextBoolean() ? "Z" : "+08:00";
        ObjectNode record = MAPPER.createObjectNode()
                .put("timestamp", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                        at.atOffset(offset.equals("Z") ? ZoneOffset.UTC : ZoneOffset.ofHours(8))))
                .put("provider", model[0])
                .put("model", model[1])
                .put("alias", model[2])
                .put("endpoint", "POST /v1/responses")
                .put("auth_index", CREDENTIALS[random.nextInt(CREDENTIALS.length)])
                .put("source", "team@example.com")
                .put("auth_type", "oauth")
                .put("latency_ms", latency)
                .put("failed", status != 200)
                .put("request_id", "req-" + random.nextLong());
        if (random.nextBoolean()) {
            record.put("ttft_ms", random.nextLong(latency + 1));
        }
        String key = KEYS[random.nextInt(KEYS.length)];
        if (key != null) {
            record.put("api_key", key);
        }
        if (status != 200) {
            record.putObject("fail").put("status_code", status).put("body", "{}");
        }
        record.putObject("tokens")
                .put("input_tokens", input)
                .put("cached_tokens", cached)
                .put("output_tokens", output + reasoning)
                .put("reasoning_tokens", reasoning)
                .put("total_tokens", input + output + reasoning);
        return record;
    }
}
