package oneshot.gallery;

import java.nio.file.Path;
import java.util.Locale;
import oneshot.embed.EmbeddingTable;

/**
 * Prints the open-set comparison of distance matching (one image, mean template), the softmax and the linear SVM on an
 * embedding table.
 *
 * <pre>
 * mvn -q exec:java -Dexec.mainClass=oneshot.gallery.CompareMethods -Dexec.args="EMBEDDINGS.csv|.emb [targetFar]"
 * </pre>
 */
public final class CompareMethods {
    private CompareMethods() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CompareMethods EMBEDDINGS(.csv|.emb) [targetFar, default 0.01]");
            System.exit(2);
        }
        EmbeddingTable table = EmbeddingTable.read(Path.of(args[0]));
        double far = args.length > 1 ? Double.parseDouble(args[1]) : 0.01;
        long t = System.nanoTime();
        ClassifierComparison.Result r = ClassifierComparison.compare(table, far, ClassifierComparison.Options.defaults());
        System.out.printf(Locale.ROOT, "%s (model %s): %d enrolled people from %d vectors; %d known probes, %d unknown"
                + " probes; %.1f s%n", args[0], table.modelId(), r.enrolledIdentities(), r.enrolmentVectors(),
                r.knownProbes(), r.unknownProbes(), (System.nanoTime() - t) / 1e9);
        System.out.printf(Locale.ROOT, "unknowns: %s; DIR at target FAR %.4g on the unknown probes%n",
                r.protocol().description(), far);
        System.out.printf("| %-29s | %-7s | %-7s | %-10s | %-29s |%n", "method", "rank-1", "DIR", "FAR seen", "threshold");
        System.out.println("|-------------------------------|---------|---------|------------|-------------------------------|");
        for (ClassifierComparison.MethodResult m : r.methods()) {
            System.out.printf(Locale.ROOT, "| %-29s | %.4f  | %.4f  | %.4f     | %-29s |%n", m.method(), m.rank1(),
                    m.dirAtFar(), m.actualFar(), String.format(Locale.ROOT, "%.4f %s", m.threshold(), m.thresholdUnit()));
        }
    }
}
