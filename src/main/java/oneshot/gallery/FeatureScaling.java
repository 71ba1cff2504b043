package oneshot.gallery;

/**
 * Per-dimension standardisation fitted on a head's training vectors: {@code (x - mean) / std}.
 *
 * <p>Face embeddings of different people lie in a narrow cone (squared L2 distances of 0.1-1 between unit vectors), so
 * on raw vectors a linear head must learn very large weights from small differences, and its bias (the class sizes)
 * dominates for many steps. Centring and scaling each dimension first is the usual remedy (a scaler before the linear
 * model); the heads apply the same fitted scaling at prediction time.
 */
record FeatureScaling(double[] mean, double[] invStd) {
    /** No change: mean 0, scale 1. */
    static FeatureScaling identity(int dim) {
        double[] ones = new double[dim];
        java.util.Arrays.fill(ones, 1.0);
        return new FeatureScaling(new double[dim], ones);
    }

    /** Fitted on {@code vectors}; a dimension that never varies keeps scale 1 rather than dividing by zero. */
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
        double[] var = new double[d];
        for (float[] v : vectors) {
            for (int j = 0; j < d; j++) {
                double c = v[j] - mean[j];
                var[j] += c * c;
            }
        }
        double[] inv = new double[d];
        for (int j = 0; j < d; j++) {
            double std = Math.sqrt(var[j] / vectors.length);
            inv[j] = std > 1e-12 ? 1.0 / std : 1.0;
        }
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
