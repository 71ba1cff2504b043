package oneshot.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Confusion counts and the usual rates at each threshold of a grid, accepting "same" when {@code distance < threshold}.
 * Precision is 0 when nothing is accepted (scikit-learn's {@code zero_division=0}), and so is F1 then.
 */
public final class ThresholdSweep {

    public record Row(double threshold, long tp, long fp, long tn, long fn) {
        public double accuracy() { return (tp + tn) / (double) (tp + fp + tn + fn); }
        public double precision() { return tp + fp == 0 ? 0 : tp / (double) (tp + fp); }
        /** Recall = TAR = true positive rate. */
        public double recall() { return tp + fn == 0 ? 0 : tp / (double) (tp + fn); }
        public double f1() {
            double p = precision(), r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
        public double far() { return fp + tn == 0 ? 0 : fp / (double) (fp + tn); }
        public double frr() { return tp + fn == 0 ? 0 : fn / (double) (tp + fn); }
    }

    private ThresholdSweep() {}

    public static List<Row> run(VerificationScores s, double[] grid) {
        double[] pos = new double[s.positives()];
        double[] neg = new double[s.negatives()];
        int np = 0, nn = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.same()[i]) {
                pos[np++] = s.distance()[i];
            } else {
                neg[nn++] = s.distance()[i];
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        List<Row> rows = new ArrayList<>(grid.length);
        for (double t : grid) {
            long tp = KFoldVerification.countBelow(pos, t);
            long fp = KFoldVerification.countBelow(neg, t);
            rows.add(new Row(t, tp, fp, neg.length - fp, pos.length - tp));
        }
        return rows;
    }

    /** The grid row with the best accuracy (first one on ties): a single threshold fitted on all pairs, for reference. */
    public static Row bestAccuracy(List<Row> rows) {
        Row best = rows.get(0);
        for (Row r : rows) {
            if (r.tp() + r.tn() > best.tp() + best.tn()) {
                best = r;
            }
        }
        return best;
    }
}
