package oneshot.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LFW verification accuracy exactly as OpenFace's {@code evaluation/lfw.py} computes it.
 *
 * <p>Folds in file order; for each fold the threshold is chosen on the other folds, then applied to the fold. A pair is called
 * "same" when {@code distance < threshold}. The threshold search is OpenFace's {@code findBestThreshold}: walk the grid upwards,
 * keep a threshold whenever its training accuracy is {@code >=} the best so far (so ties move to the larger threshold), and stop at
 * the first threshold whose accuracy is strictly lower (the first local maximum, not necessarily the global one). Mean and
 * standard deviation are over folds, the standard deviation with divisor n ({@code numpy.std}).
 *
 * <p>Fast: each fold's distances are sorted once and counted by binary search, O(n log n + folds x grid x log n).
 */
public final class KFoldVerification {

    /** One fold: the threshold picked on the others, and the accuracies. */
    public record Fold(int fold, double threshold, double trainAccuracy, double testAccuracy, int testPairs) {}

    /** All folds with mean and population standard deviation of the test accuracies. */
    public record Result(List<Fold> folds, double meanAccuracy, double stdAccuracy) {}

    private KFoldVerification() {}

    public static Result run(VerificationScores scores, double[] grid) {
        int k = scores.folds();
        if (k < 2) {
            throw new IllegalArgumentException("k-fold needs at least 2 folds, the pairs have " + k);
        }
        FoldCounts[] counts = new FoldCounts[k];
        for (int f = 0; f < k; f++) {
            counts[f] = new FoldCounts(scores, f);
        }
        List<Fold> folds = new ArrayList<>(k);
        double[] acc = new double[k];
        for (int f = 0; f < k; f++) {
            long[] trainCorrect = new long[grid.length];
            long trainN = 0;
            for (int g = 0; g < k; g++) {
                if (g == f) {
                    continue;
                }
                trainN += counts[g].size();
                for (int t = 0; t < grid.length; t++) {
                    trainCorrect[t] += counts[g].correct(grid[t]);
                }
            }
            int best = selectOpenFace(trainCorrect);
            double threshold = grid[best];
            acc[f] = counts[f].correct(threshold) / (double) counts[f].size();
            folds.add(new Fold(f, threshold, trainCorrect[best] / (double) trainN, acc[f], counts[f].size()));
        }
        return new Result(folds, mean(acc), populationStd(acc));
    }

    /**
     * OpenFace's {@code findBestThreshold} on per-threshold correct counts (all over the same pairs, so counts order like
     * accuracies): returns the index of the last threshold of the first non-decreasing run's maximum.
     */
    public static int selectOpenFace(long[] correct) {
        int best = 0;
        long bestCorrect = Long.MIN_VALUE;
        for (int t = 0; t < correct.length; t++) {
            if (correct[t] >= bestCorrect) {
                bestCorrect = correct[t];
                best = t;
            } else {
                return best;
            }
        }
        return best;
    }

    /** Threshold picked by the OpenFace rule on one set of pairs (View 1: pick on pairsDevTrain, test on pairsDevTest). */
    public static double pickThreshold(VerificationScores train, double[] grid) {
        FoldCounts all = new FoldCounts(train, -1);
        long[] correct = new long[grid.length];
        for (int t = 0; t < grid.length; t++) {
            correct[t] = all.correct(grid[t]);
        }
        return grid[selectOpenFace(correct)];
    }

    /** Fraction of pairs classified correctly with {@code distance < threshold} meaning "same". */
    public static double accuracy(VerificationScores scores, double threshold) {
        return new FoldCounts(scores, -1).correct(threshold) / (double) scores.size();
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    static double populationStd(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / x.length);
    }

    /** Sorted distances of one fold (fold -1: all pairs), split by label. */
    private static final class FoldCounts {
        final double[] pos;
        final double[] neg;

        FoldCounts(VerificationScores s, int fold) {
            double[] p = new double[s.size()];
            double[] n = new double[s.size()];
            int np = 0, nn = 0;
            for (int i = 0; i < s.size(); i++) {
                if (fold >= 0 && s.fold()[i] != fold) {
                    continue;
                }
                if (s.same()[i]) {
                    p[np++] = s.distance()[i];
                } else {
                    n[nn++] = s.distance()[i];
                }
            }
            pos = Arrays.copyOf(p, np);
            neg = Arrays.copyOf(n, nn);
            Arrays.sort(pos);
            Arrays.sort(neg);
            if (pos.length + neg.length == 0) {
                throw new IllegalArgumentException("fold " + (fold + 1) + " has no pairs");
            }
        }

        int size() { return pos.length + neg.length; }

        /** Same pairs below the threshold plus different pairs at or above it. */
        long correct(double threshold) {
            return countBelow(pos, threshold) + (neg.length - countBelow(neg, threshold));
        }
    }

    /** Number of sorted values strictly below x. */
    static int countBelow(double[] sorted, double x) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
