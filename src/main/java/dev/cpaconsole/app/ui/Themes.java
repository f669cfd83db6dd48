package dev.cpaconsole.app.ui;

import java.util.Objects;

import javafx.application.Application;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;

import dev.cpaconsole.settings.core.Theme;

/** Puts a theme on the whole application: AtlantaFX as user-agent stylesheet, then our own sheet. */
public final class Themes {
    /** The console's stylesheet, added to every scene on top of the theme. */
    public static final String APP_STYLESHEET = Objects.requireNonNull(
            Themes.class.getResource("console.css"), "console.css").toExternalForm();

    private Themes() {
    }

    public static void apply(Theme theme) {
        Application.setUserAgentStylesheet(theme == Theme.DARK
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }
}
