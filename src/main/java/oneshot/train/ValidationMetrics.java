package oneshot.train;

import java.util.Arrays;

/**
 * Verification quality of embeddings on held-out identities, over every pair: AUC and TAR at a fixed FAR.
 * A pair is accepted as "same person" when its squared L2 distance is at most the threshold.
 *
 * @param auc            probability that a random impostor pair is farther apart than a random genuine pair (ties 1/2)
 * @param tarAtFar       fraction of genuine pairs accepted at the largest threshold with FAR <= {@code far}
 * @param far            the FAR target
 * @param threshold      that threshold (squared L2); -Infinity when fewer than 1/far impostor pairs exist
 * @param genuinePairs   number of same-identity pairs
 * @param impostorPairs  number of different-identity pairs
 */
public record ValidationMetrics(double auc, double tarAtFar, double far, double threshold, long genuinePairs,
                                long impostorPairs) {

    public static ValidationMetrics of(float[][] embeddings, int[] labels, double far) {
        PairwiseDistances d = PairwiseDistances.ofEmbeddings(embeddings);
        int n = labels.length;
        long nGen = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (labels[i] == labels[j]) {
                    nGen++;
                }
            }
        }
        long nImp = (long) n * (n - 1) / 2 - nGen;
        if (nGen == 0 || nImp == 0) {
            throw new IllegalArgumentException("Validation needs genuine and impostor pairs; got " + nGen + " and "
                    + nImp + " (validation identities need >= 2 images)");
        }
        float[] gen = new float[Math.toIntExact(nGen)];
        float[] imp = new float[Math.toIntExact(nImp)];
        int g = 0;
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (labels[i] == labels[j]) {
                    gen[g++] = d.get(i, j);
                } else {
                    imp[m++] = d.get(i, j);
                }
            }
        }
        return of(gen, imp, far);
    }

    /** From genuine and impostor distances (arrays are sorted in place). */
    public static ValidationMetrics of(float[] genuine, float[] impostor, double far) {
        Arrays.sort(genuine);
        Arrays.sort(impostor);
        // AUC = P(impostor > genuine) + P(equal)/2, by merging the two sorted lists.
        double wins = 0;
        int lo = 0;
        int hi = 0;
        for (float x : genuine) {
            while (lo < impostor.length && impostor[lo] < x) {
                lo++;
            }
            hi = Math.max(hi, lo);
            while (hi < impostor.length && impostor[hi] <= x) {
                hi++;
            }
            wins += (impostor.length - hi) + 0.5 * (hi - lo);
        }
        double auc = wins / ((double) genuine.length * impostor.length);
        int allowed = (int) Math.floor(far * impostor.length);
        double threshold = Double.NEGATIVE_INFINITY;
        if (allowed > 0) {
            // Accept d <= t: the allowed-th smallest impostor distance, unless ties above it would exceed the budget.
            threshold = impostor[allowed - 1];
            if (allowed < impostor.length && impostor[allowed] == impostor[allowed - 1]) {
                threshold = Math.nextDown(impostor[allowed - 1]);
            }
        }
        int accepted = 0;
        for (float x : genuine) {
            if (x <= threshold) {
                accepted++;
            }
        }
        return new ValidationMetrics(auc, accepted / (double) genuine.length, far, threshold, genuine.length,
                impostor.length);
    }
}
