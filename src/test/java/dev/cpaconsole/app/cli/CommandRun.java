package dev.cpaconsole.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** One in-process run of a command, with what it printed. */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    String[] outLines() {
        return out.lines().toArray(String[]::new);
    }

    String[] errLines() {
        return err.lines().toArray(String[]::new);
    }
}
