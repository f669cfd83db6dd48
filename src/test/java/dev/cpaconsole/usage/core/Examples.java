package dev.cpaconsole.usage.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The CPA example bodies of the API spec, kept as test resources. */
public final class Examples {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Examples() {
    }

    public static String text(String name) {
        try (InputStream in = Examples.class.getResourceAsStream("/cpa-api/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String name) {
        try {
            return MAPPER.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records of {@code usage-queue.response.json}, each as compact JSON text. */
    public static List<String> queueRecords() {
        List<String> records = new ArrayList<>();
        json("usage-queue.response.json").forEach(node -> records.add(node.toString()));
        return records;
    }
}
