import oneshot.cli.Cli;
import oneshot.cli.ServeCommand;

/** Launcher: {@code mvn -q exec:java -Dexec.mainClass=Serve -Dexec.args="--help"}. */
public final class Serve {
    private Serve() {}

    public static void main(String[] args) {
        Cli.main(new ServeCommand(), args);
    }
}
