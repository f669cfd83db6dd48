package dev.cpaconsole.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.TreeMap;

/**
 * Success and failure counts since start plus the twenty ten-minute buckets CPA shows as
 * {@code recent_requests}. Not thread-safe; owners lock around it.
 */
final class RequestCounters {
    static final int BUCKETS = 20;
    private static final long BUCKET_SECONDS = 600;
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("HH:mm");

    private long success;
    private long failed;
    private final TreeMap<Long, long[]> buckets = new TreeMap<>();

    void record(Instant at, boolean failure) {
        if (failure) {
            failed++;
        } else {
            success++;
        }
        long[] bucket = buckets.computeIfAbsent(Math.floorDiv(at.getEpochSecond(), BUCKET_SECONDS),
                key -> new long[2]);
        bucket[failure ? 1 : 0]++;
        while (buckets.size() > BUCKETS * 2) {
            buckets.pollFirstEntry();
        }
    }

    long success() {
        return success;
    }

    long failed() {
        return failed;
    }

    void clear() {
        success = 0;
        failed = 0;
        buckets.clear();
    }

    /** Twenty buckets, oldest first, the last one holding {@code now}; labels in server time. */
    ArrayNode recentRequests(Instant now, ZoneId zone) {
        ArrayNode out = GoJson.MAPPER.createArrayNode();
        long current = Math.floorDiv(now.getEpochSecond(), BUCKET_SECONDS);
        for (long index = current - BUCKETS + 1; index <= current; index++) {
            long[] counts = buckets.getOrDefault(index, new long[2]);
            LocalTime start = Instant.ofEpochSecond(index * BUCKET_SECONDS).atZone(zone).toLocalTime();
            ObjectNode bucket = out.addObject();
            bucket.put("time", LABEL.format(start) + "-" + LABEL.format(start.plusSeconds(BUCKET_SECONDS)));
            bucket.put("success", counts[0]);
            bucket.put("failed", counts[1]);
        }
        return out;
    }
}
