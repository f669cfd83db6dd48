package dev.cpaconsole.models.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The model inventory as one refresh built it.
 *
 * @param refreshedAt when CPA was asked
 * @param usageSince start of the usage window, seven days before {@link #refreshedAt()}
 * @param rows the models, by id
 * @param proxyList how {@code GET /v1/models} answered
 * @param authFiles how the auth files and their model lists answered
 */
public record InventorySnapshot(Instant refreshedAt, Instant usageSince, List<ModelRow> rows,
        SourceStatus proxyList, SourceStatus authFiles) {

    public InventorySnapshot {
        Objects.requireNonNull(refreshedAt, "refreshedAt");
        Objects.requireNonNull(usageSince, "usageSince");
        rows = List.copyOf(rows);
        Objects.requireNonNull(proxyList, "proxyList");
        Objects.requireNonNull(authFiles, "authFiles");
    }
}
