package oneshot.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Percentile bootstrap confidence intervals for ROC statistics. Each replicate redraws the positives from the positives and the
 * negatives from the negatives (stratified, so every replicate keeps the class sizes), with {@link java.util.Random} seeded by the
 * caller: the same seed gives the same intervals on every JVM.
 */
public final class Bootstrap {

    /** A statistic's value on the data and its two-sided interval. */
    public record Interval(double value, double low, double high, double level, int replicates) {}

    private Bootstrap() {}

    /**
     * Intervals for AUC, EER and TAR at each requested FAR; keys {@code auc}, {@code eer}, {@code tar@far=<far>}.
     */
    public static Map<String, Interval> roc(double[] distance, boolean[] same, double[] fars, int replicates, double level,
            long seed) {
        RocCurve.Sorted sorted = RocCurve.Sorted.of(distance, same);
        int n = distance.length;
        int[] posIdx = new int[n];
        int[] negIdx = new int[n];
        int np = 0, nn = 0;
        for (int i = 0; i < n; i++) {
            if (sorted.same()[i]) {
                posIdx[np++] = i;
            } else {
                negIdx[nn++] = i;
            }
        }
        int stats = 2 + fars.length;
        double[][] values = new double[stats][replicates];
        Random rnd = new Random(seed);
        int[] weight = new int[n];
        for (int r = 0; r < replicates; r++) {
            Arrays.fill(weight, 0);
            for (int k = 0; k < np; k++) {
                weight[posIdx[rnd.nextInt(np)]]++;
            }
            for (int k = 0; k < nn; k++) {
                weight[negIdx[rnd.nextInt(nn)]]++;
            }
            RocCurve roc = RocCurve.weighted(sorted, weight);
            values[0][r] = roc.auc();
            values[1][r] = roc.eer();
            for (int f = 0; f < fars.length; f++) {
                values[2 + f][r] = roc.tarAtFar(fars[f]);
            }
        }
        RocCurve full = RocCurve.of(distance, same);
        Map<String, Interval> out = new LinkedHashMap<>();
        out.put("auc", interval(full.auc(), values[0], level));
        out.put("eer", interval(full.eer(), values[1], level));
        for (int f = 0; f < fars.length; f++) {
            out.put("tar@far=" + fars[f], interval(full.tarAtFar(fars[f]), values[2 + f], level));
        }
        return out;
    }

    static Interval interval(double value, double[] replicates, double level) {
        Percentile p = new Percentile();
        p.setData(replicates);
        double alpha = (1 - level) / 2;
        return new Interval(value, p.evaluate(100 * alpha), p.evaluate(100 * (1 - alpha)), level, replicates.length);
    }
}
