import oneshot.cli.Cli;
import oneshot.cli.EmbedCommand;

/** {@code mvn -q exec:java -Dexec.mainClass=Embed -Dexec.args="--input data/aligned/lfw"} */
public final class Embed {
    public static void main(String[] args) {
        Cli.main(new EmbedCommand(), args);
    }
}
