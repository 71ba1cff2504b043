package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FeatureScalingTest {
    @Test
    void centresAndScalesEachDimensionOnItsTrainingVectors() {
        float[][] x = {{1, 5, 2}, {3, 5, 2}, {5, 5, 8}};
        FeatureScaling s = FeatureScaling.fit(x);
        // dimension 0: mean 3, population std sqrt(8/3); dimension 1 never varies; dimension 2: mean 4, std sqrt(8)
        assertArrayEquals(new double[] {3, 5, 4}, s.mean(), 1e-12);
        assertArrayEquals(new double[] {1 / Math.sqrt(8.0 / 3), 1, 1 / Math.sqrt(8)}, s.invStd(), 1e-12);
        assertArrayEquals(new float[] {(float) (-2 / Math.sqrt(8.0 / 3)), 0, (float) (-2 / Math.sqrt(8))},
                s.apply(x[0]), 1e-6f);
        float[][] z = s.apply(x);
        for (int j = 0; j < 3; j++) {
            double mean = 0;
            double sq = 0;
            for (float[] row : z) {
                mean += row[j] / 3.0;
                sq += row[j] * row[j] / 3.0;
            }
            assertEquals(0, mean, 1e-6, "dimension " + j + " centred");
            assertEquals(j == 1 ? 0 : 1, sq, 1e-5, "dimension " + j + " at unit variance (a constant one stays 0)");
        }
    }

    @Test
    void identityChangesNothing() {
        float[] v = {0.25f, -0.5f};
        assertArrayEquals(v, FeatureScaling.identity(2).apply(v));
    }
}
