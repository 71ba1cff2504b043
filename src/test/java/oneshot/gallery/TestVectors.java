package oneshot.gallery;

import java.util.Random;

/** Random vectors for store and index tests. */
public final class TestVectors {
    private TestVectors() {}

    public static float[] random(Random rnd, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return Vectors.normalized(v);
    }

    /** A unit vector close to {@code centre}: centre + noise, re-normalised. */
    public static float[] near(Random rnd, float[] centre, double noise) {
        float[] v = new float[centre.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (centre[i] + noise * rnd.nextGaussian());
        }
        return Vectors.normalized(v);
    }
}
