import oneshot.cli.Cli;
import oneshot.cli.IdentifyCommand;

/** Launcher: {@code mvn -q exec:java -Dexec.mainClass=Identify -Dexec.args="--help"}. */
public final class Identify {
    private Identify() {}

    public static void main(String[] args) {
        Cli.main(new IdentifyCommand(), args);
    }
}
