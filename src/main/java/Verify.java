import oneshot.cli.Cli;
import oneshot.cli.VerifyCommand;

/** Launcher: {@code mvn -q exec:java -Dexec.mainClass=Verify -Dexec.args="--help"}. */
public final class Verify {
    private Verify() {}

    public static void main(String[] args) {
        Cli.main(new VerifyCommand(), args);
    }
}
