import oneshot.cli.Cli;
import oneshot.cli.EnrollCommand;

/** Launcher: {@code mvn -q exec:java -Dexec.mainClass=Enroll -Dexec.args="--help"}. */
public final class Enroll {
    private Enroll() {}

    public static void main(String[] args) {
        Cli.main(new EnrollCommand(), args);
    }
}
