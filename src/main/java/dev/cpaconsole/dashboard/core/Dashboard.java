package dev.cpaconsole.dashboard.core;

import java.time.Instant;
import java.util.List;

/**
 * Everything a dashboard shows for one range and scope, read at one moment.
 *
 * @param range the range summed
 * @param scope the events counted
 * @param readAt when it was read
 * @param figures the figures of the whole range
 * @param series per local hour (ranges up to 48 h) or local day, oldest first, empty buckets included
 * @param users users ranked
 * @param keys managed keys and unmanaged client keys ranked
 * @param models models ranked; also the model distribution
 * @param accounts accounts (auth files) ranked
 * @param hourOfWeek requests per local hour of the week
 * @param gaps collection gaps overlapping the range, oldest first
 * @param notes what the reader should know about how the figures were read, may be empty
 */
public record Dashboard(DashboardRange range, DashboardScope scope, Instant readAt, Figures figures,
        List<SeriesPoint> series, Ranking users, Ranking keys, Ranking models, Ranking accounts,
        HourOfWeek hourOfWeek, List<GapInterval> gaps, List<String> notes) {

    public Dashboard {
        series = List.copyOf(series);
        gaps = List.copyOf(gaps);
        notes = List.copyOf(notes);
    }
}
