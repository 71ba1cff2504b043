package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both distillation losses against a direct computation in plain Java loops (double precision), value and gradient with
 * respect to the student embeddings (central finite differences of the plain-Java loss).
 */
class DistanceDistillationTest {

    /** Random unit vectors, N x D. */
    static double[][] unitRows(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                row[k] = r.nextGaussian();
                s += row[k] * row[k];
            }
            for (int k = 0; k < d; k++) {
                row[k] /= Math.sqrt(s);
            }
        }
        return x;
    }

    private static double sq(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return s;
    }

    /** Park et al.'s RKD-D, written out: Euclidean distances over i < j, each side over its mean, Huber delta 1. */
    static double rkdByHand(double[][] s, double[][] t) {
        int n = s.length;
        int pairs = n * (n - 1) / 2;
        double[] ds = new double[pairs];
        double[] dt = new double[pairs];
        double ms = 0;
        double mt = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                ds[k] = Math.sqrt(sq(s[i], s[j]));
                dt[k] = Math.sqrt(sq(t[i], t[j]));
                ms += ds[k];
                mt += dt[k];
                k++;
            }
        }
        ms /= pairs;
        mt /= pairs;
        double loss = 0;
        for (int p = 0; p < pairs; p++) {
            double x = Math.abs(ds[p] / ms - dt[p] / mt);
            loss += x < 1 ? 0.5 * x * x : x - 0.5;
        }
        return loss / pairs;
    }

    static double squaredL2ByHand(double[][] s, double[][] t) {
        int n = s.length;
        double loss = 0;
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double x = sq(s[i], s[j]) - sq(t[i], t[j]);
                loss += x * x;
                pairs++;
            }
        }
        return loss / pairs;
    }

    static float[][] toFloat(double[][] x) {
        float[][] f = new float[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < x[i].length; k++) {
                f[i][k] = (float) x[i][k];
            }
        }
        return f;
    }

    private interface HandLoss {
        double of(double[][] s, double[][] t);
    }

    private static void checkAgainstHand(DistanceDistillation.Kind kind, HandLoss hand, double[][] s, double[][] t) {
        int n = s.length;
        int d = s[0].length;
        try (NDManager m = NDManager.newBaseManager()) {
            float[] flat = new float[n * d];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    flat[i * d + k] = (float) s[i][k];
                }
            }
            NDArray x = m.create(flat).reshape(n, d);
            x.setRequiresGradient(true);
            DistanceDistillation.Result r;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                r = new DistanceDistillation(kind).compute(TripletLoss.squaredDistances(x),
                        PairwiseDistances.ofEmbeddings(toFloat(t)));
                gc.backward(r.loss());
            }
            double expected = hand.of(s, t);
            assertEquals(expected, r.value(), 1e-5 + 1e-4 * Math.abs(expected), kind + " value");
            assertEquals(n * (n - 1) / 2, r.pairs());
            float[] g = x.getGradient().toFloatArray();
            double h = 1e-5;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    double keep = s[i][k];
                    s[i][k] = keep + h;
                    double up = hand.of(s, t);
                    s[i][k] = keep - h;
                    double down = hand.of(s, t);
                    s[i][k] = keep;
                    double numeric = (up - down) / (2 * h);
                    assertEquals(numeric, g[i * d + k], 2e-4 + 2e-3 * Math.abs(numeric),
                            kind + " gradient at (" + i + "," + k + ")");
                }
            }
        }
    }

    @Test
    void rkdMatchesTheDirectComputation() {
        checkAgainstHand(DistanceDistillation.Kind.RKD, DistanceDistillationTest::rkdByHand, unitRows(6, 5, 1),
                unitRows(6, 7, 2));
    }

    @Test
    void rkdUsesTheLinearPartOfHuberForLargeDifferences() {
        // Student: items 0 and 1 nearly coincide, 2 far away; teacher: the opposite pattern. The normalised distance of
        // pair (0,1) differs by more than 1, so that pair sits on Huber's linear part.
        double[][] s = {{1, 0}, {0.9987, 0.05}, {-1, 0}};
        double[][] t = {{1, 0}, {-1, 0}, {-0.9987, 0.05}};
        boolean linear = false;
        double ms = (Math.sqrt(sq(s[0], s[1])) + Math.sqrt(sq(s[0], s[2])) + Math.sqrt(sq(s[1], s[2]))) / 3;
        double mt = (Math.sqrt(sq(t[0], t[1])) + Math.sqrt(sq(t[0], t[2])) + Math.sqrt(sq(t[1], t[2]))) / 3;
        linear = Math.abs(Math.sqrt(sq(s[0], s[1])) / ms - Math.sqrt(sq(t[0], t[1])) / mt) > 1;
        assertTrue(linear, "fixture must exercise the linear branch");
        checkAgainstHand(DistanceDistillation.Kind.RKD, DistanceDistillationTest::rkdByHand, s, t);
    }

    @Test
    void squaredL2MatchesTheDirectComputation() {
        checkAgainstHand(DistanceDistillation.Kind.SQUARED_L2, DistanceDistillationTest::squaredL2ByHand,
                unitRows(5, 4, 3), unitRows(5, 4, 4));
    }

    @Test
    void rkdIgnoresScaleSquaredL2DoesNot() {
        // A teacher whose distances are the student's scaled by 2: RKD sees the same pattern (zero loss), squared-L2 not.
        double[][] s = unitRows(5, 3, 5);
        double[][] t = new double[5][3];
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < 3; k++) {
                t[i][k] = 2 * s[i][k];
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(toFloat(s));
            PairwiseDistances td = PairwiseDistances.ofEmbeddings(toFloat(t));
            DistanceDistillation.Result rkd = new DistanceDistillation(DistanceDistillation.Kind.RKD)
                    .compute(TripletLoss.squaredDistances(x), td);
            DistanceDistillation.Result l2 = new DistanceDistillation(DistanceDistillation.Kind.SQUARED_L2)
                    .compute(TripletLoss.squaredDistances(x), td);
            assertEquals(0, rkd.value(), 1e-6);
            assertTrue(l2.value() > 0.1, "squared-L2 sees the scale: " + l2.value());
            assertEquals(1, rkd.correlation(), 1e-5, "same pattern: perfect correlation");
        }
    }

    @Test
    void aBatchOfOneHasNoLossAndMismatchedSizesFail() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray one = m.create(new float[] {1, 0}).reshape(1, 2);
            DistanceDistillation.Result r = new DistanceDistillation(DistanceDistillation.Kind.RKD)
                    .compute(TripletLoss.squaredDistances(one), PairwiseDistances.ofEmbeddings(new float[][] {{1, 0}}));
            assertFalse(r.hasLoss());
            NDArray two = m.create(new float[] {1, 0, 0, 1}).reshape(2, 2);
            assertThrows(IllegalArgumentException.class, () -> new DistanceDistillation(DistanceDistillation.Kind.RKD)
                    .compute(TripletLoss.squaredDistances(two), PairwiseDistances.ofEmbeddings(new float[][] {{1, 0}})));
        }
        assertThrows(IllegalArgumentException.class, () -> DistanceDistillation.Kind.parse("angle"));
    }
}
