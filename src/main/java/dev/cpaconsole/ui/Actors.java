package dev.cpaconsole.ui;

/** Who the audit log names for what an operator does in the window. */
public final class Actors {
    /** The actor of every action taken on the desktop's screens. */
    public static final String DESKTOP = "desktop";

    private Actors() {
    }
}
