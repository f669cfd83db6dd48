package dev.cpaconsole.app.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.settings.core.ManagementKeyStore;
import dev.cpaconsole.settings.core.ManagementKeyStores;

/**
 * What the user and key commands take from their surroundings.
 *
 * @param environment where passwords ({@code --password-env}), the management key and the data
 *     directory variable are read
 * @param secrets the store of a key of the given kind for a data directory: the management key
 *     of the saved connection, and the secret that seals client keys
 * @param clock the time of every action
 */
record AccessContext(Map<String, String> environment, BiFunction<Path, KeyKind, ManagementKeyStore> secrets,
        Clock clock) {

    AccessContext {
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(clock, "clock");
    }

    /** The process environment, this computer's keychain or owner-only files, the system clock. */
    static AccessContext ofThisProcess() {
        return new AccessContext(System.getenv(), ManagementKeyStores::forThisComputer, Clock.systemUTC());
    }

    /** The parent command ({@code users} or {@code keys}) that hands its context to its subcommands. */
    interface Holder {
        AccessContext context();
    }
}
