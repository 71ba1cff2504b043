package oneshot.cli;

import picocli.CommandLine;

/** Runs a picocli command the same way for every launcher: clear one-line errors, exit codes. */
public final class Cli {
    private Cli() {}

    public static int run(Object command, String... args) {
        oneshot.net.EngineDefaults.apply();
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("error: " + ex.getMessage());
            if (Boolean.getBoolean("oneshot.debug")) {
                ex.printStackTrace(line.getErr());
            } else {
                line.getErr().println("(run with -Doneshot.debug=true for the stack trace)");
            }
            return 1;
        });
        return cl.execute(args);
    }

    /** For launchers: run, then exit with the command's code (exec:java needs an explicit exit to stop DJL threads). */
    public static void main(Object command, String... args) {
        System.exit(run(command, args));
    }
}
