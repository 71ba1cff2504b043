import oneshot.cli.Cli;
import oneshot.cli.ImportWeightsCommand;

/** {@code mvn -q exec:java -Dexec.mainClass=ImportWeights -Dexec.args="--allow-missing"} */
public final class ImportWeights {
    public static void main(String[] args) {
        Cli.main(new ImportWeightsCommand(), args);
    }
}
