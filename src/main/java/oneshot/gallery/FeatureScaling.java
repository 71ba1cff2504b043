package oneshot.gallery;

/**
 * Standardisation fitted on a head's training vectors: {@code (x - mean) / s}, with one scale s for all dimensions.
 *
 * <p>Face embeddings of different people lie in a narrow cone (squared L2 distances of 0.1-1 between unit vectors), so
 * on raw vectors a linear head must learn very large weights from small differences, and its bias (the class sizes)
 * dominates for many steps. Centring them and scaling the spread to 1 first is the usual remedy (a scaler before
 * the linear model); the heads apply the same fitted scaling at prediction time.
 */
record FeatureScaling(double[] mean, double[] invStd) {
    /** No change: mean 0, scale 1. */
    static FeatureScaling identity(int dim) {
        double[] ones = new double[dim];
        java.util.Arrays.fill(ones, 1.0);
        return new FeatureScaling(new double[dim], ones);
    }

    /**
     * Fitted on {@code vectors}: centred on their mean, then one scale for all dimensions (the root mean square of the
     * centred values), so a few training vectors give a stable fit (per-dimension scales from 28 vectors of 128
     * dimensions cost the SVM stranger rejections on bbt) and no dimension is divided by a near-zero spread.
     */
    static FeatureScaling fit(float[][] vectors) {
        int d = vectors[0].length;
        double[] mean = new double[d];
        for (float[] v : vectors) {
            for (int j = 0; j < d; j++) {
                mean[j] += v[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= vectors.length;
        }
        double sq = 0;
        for (float[] v : vectors) {
            for (int j = 0; j < d; j++) {
                double c = v[j] - mean[j];
                sq += c * c;
            }
        }
        double rms = Math.sqrt(sq / ((double) vectors.length * d));
        double[] inv = new double[d];
        java.util.Arrays.fill(inv, rms > 1e-12 ? 1.0 / rms : 1.0);
        return new FeatureScaling(mean, inv);
    }

    float[] apply(float[] v) {
        float[] out = new float[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = (float) ((v[j] - mean[j]) * invStd[j]);
        }
        return out;
    }

    float[][] apply(float[][] vectors) {
        float[][] out = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            out[i] = apply(vectors[i]);
        }
        return out;
    }
}
