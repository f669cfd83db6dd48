package dev.cpaconsole.collector.core;

import java.util.List;

import dev.cpaconsole.usage.core.ReceivedItem;
import dev.cpaconsole.usage.core.WriteResult;

/**
 * Where received usage items are stored: in one transaction per call, duplicates skipped and
 * unusable items quarantined. The usage store's {@code write} method fits.
 */
@FunctionalInterface
public interface UsageSink {
    WriteResult write(List<ReceivedItem> items);
}
