package dev.cpaconsole.dashboard.core;

import java.util.List;

/**
 * The members of one kind (users, keys, models or accounts), most tokens first.
 *
 * @param rows the members with usage in the range
 * @param unavailable why the ranking is not shown for this scope, or ""
 */
public record Ranking(List<RankingRow> rows, String unavailable) {

    public Ranking {
        rows = List.copyOf(rows);
    }

    static Ranking unavailable(String why) {
        return new Ranking(List.of(), why);
    }
}
