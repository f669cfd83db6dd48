package dev.cpaconsole.simulator;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simulate}: runs a demo CPA on a local port until interrupted, so the console (or curl)
 * has something realistic to talk to. The management key comes from an environment variable so
 * it never appears in a process list.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run a simulated CPA with demo accounts and live traffic until interrupted.")
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    private static final int MAX_PORT = 65_535;

    /** Read by the launcher before logging starts: the simulator keeps only its log there. */
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder whose logs/ receives the simulator's log (default: the console's data folder).")
    private java.nio.file.Path dataDir;

    @Option(names = "--port", defaultValue = "8317",
            description = "TCP port for HTTP and RESP (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--management-key-env", required = true, paramLabel = "VAR",
            description = "Environment variable holding the management key.")
    private String managementKeyEnv;

    @Option(names = "--rate", defaultValue = "2/s", paramLabel = "N/s", converter = RateConverter.class,
            description = "Simulated requests per second, e.g. 5/s or 0.5 (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--cpa-version", defaultValue = SimulatorOptions.DEFAULT_VERSION, paramLabel = "V",
            description = "CPA version to simulate, e.g. v7.2.140, v6.10.5 or dev (default: ${DEFAULT-VALUE}).")
    private String cpaVersion;

    private final UnaryOperator<String> environment;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Reads the key from the real process environment. */
    public SimulateCommand() {
        this(System::getenv);
    }

    /** Reads environment variables through {@code environment} (tests pass a map lookup). */
    public SimulateCommand(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** Ends a running {@link #call()} as an interrupt would. */
    public void stop() {
        stopped.countDown();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String key = environment.apply(managementKeyEnv);
        if (key == null || key.isBlank()) {
            err.println("simulate: environment variable " + managementKeyEnv
                    + " is not set or empty; put the management key there.");
            err.flush();
            return 2;
        }
        if (port < 0 || port > MAX_PORT) {
            err.println("simulate: --port must be between 0 and " + MAX_PORT + ", not " + port);
            err.flush();
            return 2;
        }
        try {
            CpaVersion.parse(cpaVersion);
        } catch (IllegalArgumentException e) {
            err.println("simulate: " + e.getMessage());
            err.flush();
            return 2;
        }
        SimulatorOptions options = SimulatorOptions.builder()
                .managementKey(key.trim())
                .allowRemoteManagement(true)
                .host(host)
                .port(port)
                .version(cpaVersion)
                .demo(true)
                .trafficRate(rate)
                .build();
        CpaSimulator simulator;
        try {
            simulator = CpaSimulator.start(options);
        } catch (IllegalStateException e) {
            err.println("simulate: " + e.getMessage());
            err.flush();
            return 1;
        }
        Thread shutdownHook = new Thread(() -> {
            stopped.countDown();
            simulator.close();
        }, "cpa-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        out.println("Simulated CPA " + cpaVersion + " at " + simulator.baseUri() + " ("
                + String.format(Locale.ROOT, "%s", rate) + " requests/s); press Ctrl+C to stop.");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            simulator.close();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook closes the simulator itself.
            }
        }
        return 0;
    }

    /** Accepts {@code 5}, {@code 5/s} or {@code 0.5/s}. */
    static final class RateConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            if (text.endsWith("/s")) {
                text = text.substring(0, text.length() - 2).trim();
            }
            try {
                double rate = Double.parseDouble(text);
                if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
                    throw new CommandLine.TypeConversionException("rate must be zero or positive: " + value);
                }
                return rate;
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("not a rate like 5/s: " + value);
            }
        }
    }
}
