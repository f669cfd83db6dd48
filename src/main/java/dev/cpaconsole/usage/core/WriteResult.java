package dev.cpaconsole.usage.core;

/**
 * What one write of received items did.
 *
 * @param added events stored for the first time
 * @param duplicates events already stored (same instant and record hash)
 * @param quarantined items kept aside because they were not usable records
 * @param control control messages that carried no usage
 */
public record WriteResult(int added, int duplicates, int quarantined, int control) {
    public static final WriteResult NONE = new WriteResult(0, 0, 0, 0);

    public WriteResult plus(WriteResult other) {
        return new WriteResult(added + other.added, duplicates + other.duplicates,
                quarantined + other.quarantined, control + other.control);
    }

    public int items() {
        return added + duplicates + quarantined + control;
    }
}
