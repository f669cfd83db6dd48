package dev.cpaconsole.settings.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a keychain command-line tool. Secrets travel on standard input or output, never on the
 * command line, where other users could read them from the process list.
 */
final class KeychainCommand {
    private static final long TIMEOUT_SECONDS = 15;

    private KeychainCommand() {
    }

    /** What the tool did. */
    record Outcome(int exitCode, String output, String error) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    static Outcome run(List<String> command, String input) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new KeyStoreException("Cannot start " + command.getFirst(), e);
        }
        try {
            CompletableFuture<String> output = readAsync(process.getInputStream());
            CompletableFuture<String> error = readAsync(process.getErrorStream());
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new KeyStoreException(command.getFirst() + " did not answer within " + TIMEOUT_SECONDS + " s");
            }
            return new Outcome(process.exitValue(), output.get(TIMEOUT_SECONDS, TimeUnit.SECONDS),
                    error.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).strip());
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new KeyStoreException("Talking to " + command.getFirst() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyStoreException("Interrupted while waiting for " + command.getFirst(), e);
        } finally {
            process.destroy();
        }
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, runnable -> Thread.ofVirtual().name("keychain-reader").start(runnable));
    }
}
