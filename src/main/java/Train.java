import oneshot.cli.Cli;
import oneshot.cli.TrainCommand;

/** {@code mvn -q exec:java -Dexec.mainClass=Train} (see {@code --help}). */
public final class Train {
    public static void main(String[] args) {
        Cli.main(new TrainCommand(), args);
    }
}
