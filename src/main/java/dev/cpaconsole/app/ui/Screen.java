package dev.cpaconsole.app.ui;

/** The screens of the sidebar, in its order. */
public enum Screen {
    OVERVIEW("Overview"),
    REQUESTS("Requests"),
    PRICES("Prices"),
    MODELS("Models"),
    USERS("Users"),
    KEYS("Keys"),
    AUDIT("Audit"),
    SETTINGS("Settings"),
    LOG("Log");

    private final String title;

    Screen(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
