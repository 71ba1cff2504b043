package oneshot.eval;

import java.util.List;

/**
 * A person's template: the re-normalised mean of their unit vectors. The one rule for Evaluate's 1:K experiments, the
 * gallery's index ({@code GalleryIndex.Builder} accumulates the same unit vectors in its blocked layout) and Verify.
 */
public final class Templates {
    private Templates() {}

    /** The template of these vectors (each scaled to unit length first, so no image weighs more than another). */
    public static float[] of(List<float[]> vectors) {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("no vectors to make a template from");
        }
        float[] sum = new float[vectors.get(0).length];
        for (float[] v : vectors) {
            if (v.length != sum.length) {
                throw new IllegalArgumentException("vectors differ in length: " + v.length + " vs " + sum.length);
            }
            float[] unit = unit(v);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += unit[i];
            }
        }
        return unit(sum);
    }

    /** A unit-length copy; refuses zero, NaN or infinite vectors because they cannot be compared. */
    public static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new IllegalArgumentException("embedding has no direction (zero, NaN or infinite values): cannot be compared");
        }
        double inv = 1.0 / Math.sqrt(sum);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * inv);
        }
        return out;
    }
}
