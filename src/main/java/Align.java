import oneshot.cli.AlignCommand;
import oneshot.cli.Cli;

/** {@code mvn -q exec:java -Dexec.mainClass=Align -Dexec.args="--input ../shared/data/lfw --output data/aligned/lfw"} */
public final class Align {
    public static void main(String[] args) {
        Cli.main(new AlignCommand(), args);
    }
}
