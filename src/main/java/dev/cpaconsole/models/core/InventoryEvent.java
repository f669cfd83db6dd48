package dev.cpaconsole.models.core;

import java.time.Instant;

/**
 * What {@link ModelInventory} tells its listeners: a refresh, scheduled or asked for, and prices
 * that changed under the saved inventory.
 */
public sealed interface InventoryEvent {
    /** A refresh began at {@code at}. */
    record RefreshStarted(Instant at) implements InventoryEvent {
    }

    /** A refresh ended with a new inventory, already saved. */
    record Refreshed(InventorySnapshot snapshot) implements InventoryEvent {
    }

    /** The saved inventory with prices looked up again, after the price table changed. */
    record Repriced(InventorySnapshot snapshot) implements InventoryEvent {
    }

    /** A refresh that began at {@code at} ended without an inventory; the saved one stays. */
    record RefreshFailed(Instant at, String problem) implements InventoryEvent {
    }
}
