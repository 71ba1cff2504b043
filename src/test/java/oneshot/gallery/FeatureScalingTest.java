package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FeatureScalingTest {
    @Test
    void centresEachDimensionAndScalesTheSpreadToOne() {
        float[][] x = {{1, 5, 2}, {3, 5, 2}, {5, 5, 8}};
        FeatureScaling s = FeatureScaling.fit(x);
        // means 3, 5, 4; centred squares 4+0+4 (dim 0), 0 (dim 1), 4+4+16 (dim 2): 32 over 9 values, rms sqrt(32/9)
        assertArrayEquals(new double[] {3, 5, 4}, s.mean(), 1e-12);
        double inv = 1 / Math.sqrt(32.0 / 9);
        assertArrayEquals(new double[] {inv, inv, inv}, s.invStd(), 1e-12);
        assertArrayEquals(new float[] {(float) (-2 * inv), 0, (float) (-2 * inv)}, s.apply(x[0]), 1e-6f);
        float[][] z = s.apply(x);
        double all = 0;
        for (int j = 0; j < 3; j++) {
            double mean = 0;
            for (float[] row : z) {
                mean += row[j] / 3.0;
                all += row[j] * row[j] / 9.0;
            }
            assertEquals(0, mean, 1e-6, "dimension " + j + " centred");
        }
        assertEquals(1, all, 1e-5, "mean square over all values 1");
    }

    @Test
    void identicalVectorsAreCentredWithoutDividingByZero() {
        float[][] x = {{0.6f, 0.8f}, {0.6f, 0.8f}};
        assertArrayEquals(new float[] {0, 0}, FeatureScaling.fit(x).apply(x[0]), 0f);
    }

    @Test
    void identityChangesNothing() {
        float[] v = {0.25f, -0.5f};
        assertArrayEquals(v, FeatureScaling.identity(2).apply(v));
    }
}
