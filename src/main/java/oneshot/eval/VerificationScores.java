package oneshot.eval;

import java.util.ArrayList;
import java.util.List;
import oneshot.data.PairsProtocol;
import oneshot.embed.EmbeddingTable;

/**
 * The distance of every pair of a protocol, whether the pair is the same person, and its fold: all the k-fold protocol, the ROC
 * and the sweeps need. Pairs whose image has no embedding are either an error (default) or skipped and counted.
 */
public record VerificationScores(double[] distance, boolean[] same, int[] fold, int folds, List<String> skipped) {

    public int size() { return distance.length; }

    public int positives() {
        int n = 0;
        for (boolean s : same) {
            if (s) {
                n++;
            }
        }
        return n;
    }

    public int negatives() { return size() - positives(); }

    /** Builds the scores directly (tests, synthetic data); one fold unless {@code fold} says otherwise. */
    public static VerificationScores of(double[] distance, boolean[] same, int[] fold) {
        int folds = 0;
        for (int f : fold) {
            folds = Math.max(folds, f + 1);
        }
        return new VerificationScores(distance, same, fold, folds, List.of());
    }

    /**
     * Looks every pair's images up in the table with the table's one rule ({@link EmbeddingTable#indexOf}: folder and file
     * name, any image extension), so tables of absolute paths or of the aligned cache's PNGs both work.
     */
    public static VerificationScores of(EmbeddingTable table, PairsProtocol protocol, Distance distance, boolean skipMissing) {
        int n = protocol.size();
        double[] d = new double[n];
        boolean[] s = new boolean[n];
        int[] f = new int[n];
        List<String> skipped = new ArrayList<>();
        int k = 0;
        for (PairsProtocol.Pair p : protocol.pairs()) {
            int a = table.indexOf(p.path1());
            int b = table.indexOf(p.path2());
            if (a < 0 || b < 0) {
                String missing = a < 0 ? p.path1() : p.path2();
                if (!skipMissing) {
                    throw new IllegalArgumentException("No embedding for " + missing + " (pair " + (k + skipped.size() + 1)
                            + " of " + protocol.source() + "); embed it, or pass --skip-missing to leave such pairs out");
                }
                skipped.add(p.path1() + " " + p.path2());
                continue;
            }
            d[k] = distance.between(table.vector(a), table.vector(b));
            s[k] = p.same();
            f[k] = p.fold();
            k++;
        }
        return new VerificationScores(java.util.Arrays.copyOf(d, k), java.util.Arrays.copyOf(s, k),
                java.util.Arrays.copyOf(f, k), protocol.folds(), List.copyOf(skipped));
    }
}
