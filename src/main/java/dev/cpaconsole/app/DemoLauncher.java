package dev.cpaconsole.app;

/**
 * Starts the demo: a simulated CPA with traffic, and a collector storing its events into the
 * demo's own data directory. Blocks while it starts: the shell calls it on a background task.
 */
@FunctionalInterface
public interface DemoLauncher {
    /** Where no demo can be started, e.g. while the demo is already running. */
    DemoLauncher UNAVAILABLE = () -> {
        throw new IllegalStateException("The demo is not available here");
    };

    /**
     * Starts the demo and returns the services the shell switches to. The shell closes them
     * through {@link ConsoleServices#close()} when the window closes.
     */
    ConsoleServices start() throws Exception;
}
