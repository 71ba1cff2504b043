package oneshot.eval;

/**
 * A line-by-line port of OpenFace's {@code evaluation/lfw.py} k-fold code ({@code classifyExp}, {@code findBestThreshold},
 * {@code evalThresholdAccuracy}) with sklearn's {@code KFold(n, n_folds, shuffle=False)}: the slow reference the fast
 * {@link KFoldVerification} must equal.
 */
final class OpenFaceReference {
    record Result(double[] thresholds, double[] accuracies, double mean, double std) {}

    static Result classify(double[] dist, boolean[] same, int nFolds) {
        int n = dist.length;
        double[] thresholds = new double[400];
        for (int i = 0; i < 400; i++) {
            thresholds[i] = 0 + i * 0.01; // numpy arange(0, 4, 0.01)
        }
        double[] th = new double[nFolds];
        double[] acc = new double[nFolds];
        int start = 0;
        for (int idx = 0; idx < nFolds; idx++) {
            int size = n / nFolds + (idx < n % nFolds ? 1 : 0); // sklearn KFold fold sizes
            int end = start + size;
            boolean[] isTest = new boolean[n];
            for (int i = start; i < end; i++) {
                isTest[i] = true;
            }
            double bestThresh = 0, bestThreshAcc = 0;
            for (double threshold : thresholds) {
                double accuracy = evalThresholdAccuracy(dist, same, isTest, false, threshold);
                if (accuracy >= bestThreshAcc) {
                    bestThreshAcc = accuracy;
                    bestThresh = threshold;
                } else {
                    break;
                }
            }
            th[idx] = bestThresh;
            acc[idx] = evalThresholdAccuracy(dist, same, isTest, true, bestThresh);
            start = end;
        }
        double mean = 0;
        for (double a : acc) {
            mean += a;
        }
        mean /= nFolds;
        double var = 0;
        for (double a : acc) {
            var += (a - mean) * (a - mean);
        }
        return new Result(th, acc, mean, Math.sqrt(var / nFolds));
    }

    private static double evalThresholdAccuracy(double[] dist, boolean[] same, boolean[] isTest, boolean test, double threshold) {
        int correct = 0, total = 0;
        for (int i = 0; i < dist.length; i++) {
            if (isTest[i] != test) {
                continue;
            }
            boolean predictSame = dist[i] < threshold;
            if (predictSame == same[i]) {
                correct++;
            }
            total++;
        }
        return correct / (double) total; // sklearn accuracy_score
    }
}
