package dev.cpaconsole.settings.core;

/** The desktop's colour scheme. */
public enum Theme {
    LIGHT,
    DARK
}
