import oneshot.cli.Cli;
import oneshot.cli.EvaluateCommand;

/** {@code mvn -q exec:java -Dexec.mainClass=Evaluate -Dexec.args="--embeddings reports/embeddings/lfw.emb --pairs ../shared/data/lfw/pairs.txt"} */
public final class Evaluate {
    private Evaluate() {}

    public static void main(String[] args) {
        Cli.main(new EvaluateCommand(), args);
    }
}
