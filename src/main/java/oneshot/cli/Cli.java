package oneshot.cli;

import oneshot.UsageException;
import picocli.CommandLine;

/**
 * Runs a picocli command the same way for every launcher: clear one-line errors, and one exit-code convention:
 * 0 success, 1 failure, 2 usage error (picocli's parse errors and every {@link UsageException} a command throws).
 */
public final class Cli {
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private Cli() {}

    public static int run(Object command, String... args) {
        oneshot.net.EngineDefaults.apply();
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("error: " + ex.getMessage());
            if (ex instanceof UsageException) {
                line.getErr().println("(see --help for the options)");
                return USAGE;
            }
            if (Boolean.getBoolean("oneshot.debug")) {
                ex.printStackTrace(line.getErr());
            } else {
                line.getErr().println("(run with -Doneshot.debug=true for the stack trace)");
            }
            return FAILURE;
        });
        return cl.execute(args);
    }

    /** For launchers: run, then exit with the command's code (exec:java needs an explicit exit to stop DJL threads). */
    public static void main(Object command, String... args) {
        System.exit(run(command, args));
    }
}
