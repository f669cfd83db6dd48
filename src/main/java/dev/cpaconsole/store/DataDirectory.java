package dev.cpaconsole.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the console keeps its database and settings: {@code --data-dir} first, then the
 * {@code CPA_CONSOLE_DATA_DIR} environment variable, then the platform's per-user
 * application-data folder.
 */
public final class DataDirectory {
    public static final String ENVIRONMENT_VARIABLE = "CPA_CONSOLE_DATA_DIR";
    private static final String APP_FOLDER = "CPA Console";
    private static final String UNIX_APP_FOLDER = "cpa-console";

    private DataDirectory() {
    }

    /** Resolves the directory; {@code explicit} is the command-line value or null. */
    public static Path resolve(Path explicit, Map<String, String> environment, String osName, Path home) {
        if (explicit != null) {
            return explicit.toAbsolutePath();
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment).toAbsolutePath();
        }
        return platformDefault(environment, osName, home);
    }

    public static Path resolve(Path explicit) {
        return resolve(explicit, System.getenv(), System.getProperty("os.name", ""),
                Path.of(System.getProperty("user.home")));
    }

    /**
     * The directory of {@code --demo}: {@code explicit} when given, otherwise the one
     * {@link #besideForDemo(Path) beside} the console's usual directory.
     */
    public static Path demo(Path explicit) {
        if (explicit != null) {
            return explicit.toAbsolutePath();
        }
        return besideForDemo(resolve(null));
    }

    /** The demo's own directory next to {@code dataDirectory}, so demo traffic never mixes with real history. */
    public static Path besideForDemo(Path dataDirectory) {
        Path absolute = dataDirectory.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + "-demo");
    }

    static Path platformDefault(Map<String, String> environment, String osName, Path home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = environment.get("APPDATA");
            Path base = appData != null && !appData.isBlank() ? Path.of(appData) : home.resolve("AppData/Roaming");
            return base.resolve(APP_FOLDER);
        }
        if (os.contains("mac")) {
            return home.resolve("Library/Application Support").resolve(APP_FOLDER);
        }
        String xdg = environment.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share");
        return base.resolve(UNIX_APP_FOLDER);
    }
}
