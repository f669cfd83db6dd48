package dev.cpaconsole.dashboard.core;

import java.time.Instant;

/**
 * A collection gap overlapping a dashboard's range, clipped to it: usage in it may be missing.
 *
 * @param start first instant possibly missed, within the range
 * @param end end of the interval within the range; a gap still open ends when the range was read
 * @param reason the recorded reason ({@code disconnected}, {@code console-stopped}, ...)
 * @param detail words for the operator, may be ""
 */
public record GapInterval(Instant start, Instant end, String reason, String detail) {
}
