import oneshot.cli.EvaluateCommand;
import picocli.CommandLine;

/** Launcher: {@code mvn -q exec:java -Dexec.mainClass=Evaluate -Dexec.args="--help"}. */
public final class Evaluate {
    private Evaluate() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new EvaluateCommand()).execute(args));
    }
}
