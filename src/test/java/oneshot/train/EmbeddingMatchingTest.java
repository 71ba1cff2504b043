package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static oneshot.train.DistanceDistillationTest.toFloat;
import static oneshot.train.DistanceDistillationTest.unitRows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** Embedding matching against a direct computation in plain Java (double precision): value, cosine and gradient. */
class EmbeddingMatchingTest {

    /** Mean over faces of the squared L2 distance between student row i and teacher row i. */
    private static double byHand(double[][] s, double[][] t) {
        double loss = 0;
        for (int i = 0; i < s.length; i++) {
            for (int k = 0; k < s[i].length; k++) {
                loss += (s[i][k] - t[i][k]) * (s[i][k] - t[i][k]);
            }
        }
        return loss / s.length;
    }

    private static NDArray rows(NDManager m, double[][] s) {
        float[][] f = toFloat(s);
        float[] flat = new float[s.length * s[0].length];
        for (int i = 0; i < s.length; i++) {
            System.arraycopy(f[i], 0, flat, i * s[0].length, s[0].length);
        }
        return m.create(flat).reshape(s.length, s[0].length);
    }

    @Test
    void valueCosineAndGradientMatchTheDirectComputation() {
        double[][] s = unitRows(6, 5, 11);
        double[][] t = unitRows(6, 5, 12);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = rows(m, s);
            x.setRequiresGradient(true);
            EmbeddingMatching.Result r;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                r = new EmbeddingMatching().compute(x, toFloat(t));
                gc.backward(r.loss());
            }
            double expected = byHand(s, t);
            assertEquals(expected, r.value(), 1e-5);
            double cos = 0;
            for (int i = 0; i < s.length; i++) {
                for (int k = 0; k < s[i].length; k++) {
                    cos += s[i][k] * t[i][k];
                }
            }
            assertEquals(cos / s.length, r.meanCosine(), 1e-5, "unit vectors: |s - t|^2 = 2 - 2 cos");
            float[] g = x.getGradient().toFloatArray();
            double h = 1e-5;
            for (int i = 0; i < s.length; i++) {
                for (int k = 0; k < s[i].length; k++) {
                    double keep = s[i][k];
                    s[i][k] = keep + h;
                    double up = byHand(s, t);
                    s[i][k] = keep - h;
                    double down = byHand(s, t);
                    s[i][k] = keep;
                    double numeric = (up - down) / (2 * h);
                    assertEquals(numeric, g[i * s[i].length + k], 2e-4 + 2e-3 * Math.abs(numeric),
                            "gradient at (" + i + "," + k + ")");
                }
            }
        }
    }

    @Test
    void itPairsRowsInOrderSoAShuffledTeacherCostsMore() {
        double[][] s = unitRows(8, 16, 21);
        double[][] shuffled = new double[8][];
        for (int i = 0; i < 8; i++) {
            shuffled[i] = s[(i + 3) % 8];
        }
        try (NDManager m = NDManager.newBaseManager()) {
            EmbeddingMatching matching = new EmbeddingMatching();
            assertEquals(0, matching.compute(rows(m, s), toFloat(s)).value(), 1e-6, "own vectors: nothing to learn");
            float wrong = matching.compute(rows(m, s), toFloat(shuffled)).value();
            assertTrue(wrong > 1.0, "random unit vectors in 16-d are about sqrt(2) apart: " + wrong);
        }
    }

    @Test
    void anEmptyBatchHasNoLossAndMismatchesFail() {
        try (NDManager m = NDManager.newBaseManager()) {
            EmbeddingMatching matching = new EmbeddingMatching();
            assertFalse(matching.compute(m.zeros(new ai.djl.ndarray.types.Shape(0, 4)), new float[0][]).hasLoss());
            NDArray two = m.create(new float[] {1, 0, 0, 1}).reshape(2, 2);
            assertThrows(IllegalArgumentException.class, () -> matching.compute(two, new float[][] {{1, 0}}));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> matching.compute(two, new float[][] {{1, 0, 0}, {0, 1, 0}}));
            assertTrue(e.getMessage().contains("teacher of the student's length"), e.getMessage());
        }
    }

    @Test
    void guidanceNeedsATeacherAndMatchingAloneIsSomethingToTrain() {
        assertThrows(IllegalArgumentException.class, () -> new Guidance(null, null, 0f, 1f, false, 0, 1f));
        assertThrows(IllegalArgumentException.class, () -> new Guidance("stub", null, 0f, 1f, false, 0, -1f));
        Guidance onlyMatching = new Guidance("stub", null, 0f, 0f, false, 0, 2f);
        assertTrue(onlyMatching.usesTeacher());
        assertTrue(onlyMatching.describe().endsWith("embedding matching x 2.0"), onlyMatching.describe());
        // Runs without matching keep their old description, so their run folders still resume.
        assertEquals("teacher stub; distillation squared-l2 x 10.0; triplet x 1.0; mining on student;"
                + " 0 one-image people per batch", new Guidance("stub", DistanceDistillation.Kind.SQUARED_L2, 10f, 1f,
                false, 0).describe());
    }
}
