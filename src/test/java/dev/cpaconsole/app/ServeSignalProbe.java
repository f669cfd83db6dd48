package dev.cpaconsole.app;

import dev.cpaconsole.app.cli.ServeCommand;
import dev.cpaconsole.collector.core.CollectorSettings.Transport;
import dev.cpaconsole.usage.core.UsageEventStore;
import picocli.CommandLine;

/** Runs {@code serve} in a process of its own, with signal handling, for the SIGTERM test. */
public final class ServeSignalProbe {
    private ServeSignalProbe() {
    }

    public static void main(String[] args) {
        ServeCommand serve = new ServeCommand(System.getenv(), database -> new UsageEventStore(database)::write,
                CollectorSimulatorTest.fast(Transport.AUTO), true);
        System.exit(new CommandLine(serve).execute(args));
    }
}
