package oneshot.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

class RocCurveTest {
    // same {0.1, 0.4}, different {0.2, 0.3, 0.5}
    private static final double[] D = {0.1, 0.4, 0.2, 0.3, 0.5};
    private static final boolean[] S = {true, true, false, false, false};

    @Test
    void handComputedCurve() {
        RocCurve roc = RocCurve.of(D, S);
        List<RocCurve.Point> p = roc.points();
        assertEquals(6, p.size());
        double[][] expected = {{0, 0}, {0, 0.5}, {1 / 3.0, 0.5}, {2 / 3.0, 0.5}, {2 / 3.0, 1}, {1, 1}};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], p.get(i).far(), 1e-15, "FAR " + i);
            assertEquals(expected[i][1], p.get(i).tar(), 1e-15, "TAR " + i);
        }
        assertEquals(0.15, p.get(1).threshold(), 1e-15); // midway between 0.1 and 0.2
        assertEquals(0.1, p.get(1).lastAccepted());
        // 4 of the 6 (same, different) pairs are ordered right: 0.1 < all three, 0.4 < 0.5.
        assertEquals(4 / 6.0, roc.auc(), 1e-15);
        // FAR - FRR goes -1/6 at (1/3, .5) to +1/6 at (2/3, .5): crossing half way, FAR = FRR = 0.5, threshold 0.3.
        assertEquals(0.5, roc.eer(), 1e-15);
        assertEquals(0.3, roc.eerThreshold(), 1e-12);
        assertEquals(0.5, roc.tarAtFar(0.0));
        assertEquals(0.15, roc.atFar(0.0).threshold(), 1e-15);
        assertEquals(0.5, roc.tarAtFar(0.34));
        assertEquals(0.25, roc.atFar(0.34).threshold(), 1e-15);
        assertEquals(1.0, roc.tarAtFar(0.7));
    }

    @Test
    void tiedSameAndDifferentGiveHalf() {
        assertEquals(0.5, RocCurve.of(new double[] {0.2, 0.2}, new boolean[] {true, false}).auc());
        assertEquals(1.0, RocCurve.of(new double[] {0.1, 0.2}, new boolean[] {true, false}).auc());
        assertEquals(0.0, RocCurve.of(new double[] {0.1, 0.2}, new boolean[] {false, true}).auc());
    }

    @Test
    void aucEqualsMannWhitneyU() {
        for (long seed = 1; seed <= 10; seed++) {
            Random r = new Random(seed);
            int np = 50 + r.nextInt(300);
            int nn = 50 + r.nextInt(300);
            double[] d = new double[np + nn];
            boolean[] s = new boolean[np + nn];
            double[] pos = new double[np];
            double[] neg = new double[nn];
            for (int i = 0; i < np + nn; i++) {
                s[i] = i < np;
                double x = (s[i] ? 0.9 : 1.3) + 0.3 * r.nextGaussian();
                x = seed % 2 == 0 ? Math.round(x * 20) / 20.0 : x; // half the seeds with many ties
                d[i] = x;
                if (s[i]) {
                    pos[i] = x;
                } else {
                    neg[i - np] = x;
                }
            }
            double auc = RocCurve.of(d, s).auc();
            assertTrue(auc > 0.5);
            // commons-math returns max(U1, U2); with AUC > 0.5 that is the count of (different > same) pairs, ties half.
            double u = new MannWhitneyUTest().mannWhitneyU(neg, pos);
            assertEquals(u / ((double) np * nn), auc, 1e-12, "seed " + seed);
        }
    }

    @Test
    void sweepRowsLieOnTheRoc() {
        Random r = new Random(9);
        int n = 2000;
        double[] d = new double[n];
        boolean[] s = new boolean[n];
        for (int i = 0; i < n; i++) {
            s[i] = i % 2 == 0;
            d[i] = Math.round(Math.max(0, (s[i] ? 0.7 : 1.3) + 0.35 * r.nextGaussian()) * 1000) / 1000.0;
        }
        VerificationScores scores = VerificationScores.of(d, s, new int[n]);
        RocCurve roc = RocCurve.of(scores);
        List<ThresholdSweep.Row> sweep = ThresholdSweep.run(scores, ThresholdGrid.openFace(Distance.SQUARED_L2));
        for (ThresholdSweep.Row row : sweep) {
            // the ROC point for a threshold t is the last one whose accepted distances are all < t
            RocCurve.Point match = roc.points().get(0);
            for (RocCurve.Point p : roc.points()) {
                if (p.lastAccepted() < row.threshold()) {
                    match = p;
                }
            }
            assertEquals(match.far(), row.far(), 1e-15, "FAR at " + row.threshold());
            assertEquals(match.tar(), row.recall(), 1e-15, "TAR at " + row.threshold());
            assertEquals(1 - row.recall(), row.frr(), 1e-15);
            assertEquals(n, row.tp() + row.fp() + row.tn() + row.fn());
        }
        // and every ROC threshold, swept, gives back its own point
        double[] th = roc.points().stream().mapToDouble(RocCurve.Point::threshold).toArray();
        List<ThresholdSweep.Row> atRoc = ThresholdSweep.run(scores, th);
        for (int i = 1; i < th.length; i++) {
            assertEquals(roc.points().get(i).far(), atRoc.get(i).far(), 1e-15);
            assertEquals(roc.points().get(i).tar(), atRoc.get(i).recall(), 1e-15);
        }
    }

    @Test
    void sweepHandComputed() {
        VerificationScores scores = VerificationScores.of(D, S, new int[5]);
        ThresholdSweep.Row r = ThresholdSweep.run(scores, new double[] {0.35}).get(0);
        // accepted: 0.1 (same), 0.2, 0.3 (different); rejected: 0.4 (same), 0.5 (different)
        assertEquals(1, r.tp());
        assertEquals(2, r.fp());
        assertEquals(1, r.tn());
        assertEquals(1, r.fn());
        assertEquals(0.4, r.accuracy(), 1e-15);
        assertEquals(1 / 3.0, r.precision(), 1e-15);
        assertEquals(0.5, r.recall(), 1e-15);
        assertEquals(0.4, r.f1(), 1e-15); // 2 * (1/3) * (1/2) / (5/6)
        assertEquals(2 / 3.0, r.far(), 1e-15);
        assertEquals(0.5, r.frr(), 1e-15);
        ThresholdSweep.Row none = ThresholdSweep.run(scores, new double[] {0.0}).get(0);
        assertEquals(0.0, none.precision());
        assertEquals(0.0, none.f1());
    }

    @Test
    void infiniteDistancesAreNeverAccepted() {
        // two probes: one correct at 0.2, one misidentified (infinite); strangers at 0.5 and 0.1
        RocCurve roc = RocCurve.of(new double[] {0.2, Double.POSITIVE_INFINITY, 0.5, 0.1}, new boolean[] {true, true, false, false});
        assertEquals(0.5, roc.points().get(roc.points().size() - 1).tar());
        assertEquals(0.0, roc.tarAtFar(0.0));
        assertEquals(0.5, roc.tarAtFar(0.5));
        // (0.2 > 0.1, 0.2 < 0.5) -> 1 of 2; inf vs both strangers -> 0: AUC = 1/4
        assertEquals(0.25, roc.auc(), 1e-15);
    }

    @Test
    void bootstrapIsSeededAndBracketsTheValue() {
        Random r = new Random(4);
        int n = 1000;
        double[] d = new double[n];
        boolean[] s = new boolean[n];
        for (int i = 0; i < n; i++) {
            s[i] = i < n / 2;
            d[i] = (s[i] ? 0.8 : 1.2) + 0.3 * r.nextGaussian();
        }
        double[] fars = {0.01, 0.1};
        Map<String, Bootstrap.Interval> a = Bootstrap.roc(d, s, fars, 200, 0.95, 1);
        Map<String, Bootstrap.Interval> b = Bootstrap.roc(d, s, fars, 200, 0.95, 1);
        Map<String, Bootstrap.Interval> c = Bootstrap.roc(d, s, fars, 200, 0.95, 2);
        assertEquals(a, b);
        assertNotEquals(a.get("auc"), c.get("auc"));
        for (Bootstrap.Interval i : a.values()) {
            assertTrue(i.low() <= i.value() && i.value() <= i.high(), i.toString());
        }
        Bootstrap.Interval auc = a.get("auc");
        assertEquals(RocCurve.of(d, s).auc(), auc.value());
        // normal theory: sd(AUC) for this effect size and n is ~0.014, so the 95 % interval is ~0.055 wide
        double width = auc.high() - auc.low();
        assertTrue(width > 0.03 && width < 0.08, "AUC interval width " + width);
    }
}
