package oneshot.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OpenFaceMeanRocAucTest {
    private static final double[] GRID = ThresholdGrid.openFace(Distance.SQUARED_L2);

    @Test
    void perfectSeparationLosesOnlyTheFirstTrapezoid() {
        // every fold: same pairs at 0.505, different at 1.505 -> each fold's curve reaches TPR 1 at FPR 0;
        // interp1d at FPR 0 brackets two points with FPR 0 -> NaN -> 0, elsewhere 1: area = 1 - (1/999)/2
        int n = 200;
        double[] d = new double[n];
        boolean[] s = new boolean[n];
        int[] f = new int[n];
        for (int i = 0; i < n; i++) {
            f[i] = i / 20;
            s[i] = i % 20 < 10;
            d[i] = s[i] ? 0.505 : 1.505;
        }
        assertEquals(1 - 0.5 / 999, OpenFaceMeanRocAuc.compute(VerificationScores.of(d, s, f), GRID), 1e-12);
    }

    @Test
    void interp1dBrackets() {
        double[] x = {0, 0, 0.5, 0.5, 1};
        double[] y = {0, 0.4, 0.6, 0.8, 1};
        assertTrue(Double.isNaN(OpenFaceMeanRocAuc.interp(x, y, 0.0)));
        assertEquals(0.5, OpenFaceMeanRocAuc.interp(x, y, 0.25), 1e-15); // between (0, .4) and (.5, .6)
        assertEquals(0.6, OpenFaceMeanRocAuc.interp(x, y, 0.5), 1e-15); // the first of the tied points
        assertEquals(0.9, OpenFaceMeanRocAuc.interp(x, y, 0.75), 1e-15);
    }

    @Test
    void closeToThePooledAucOnOverlappingData() {
        Random r = new Random(8);
        int n = 6000;
        double[] d = new double[n];
        boolean[] s = new boolean[n];
        int[] f = new int[n];
        for (int i = 0; i < n; i++) {
            f[i] = i / 600;
            s[i] = i % 600 < 300;
            d[i] = Math.max(0, (s[i] ? 0.8 : 1.3) + 0.3 * r.nextGaussian());
        }
        VerificationScores sc = VerificationScores.of(d, s, f);
        double pooled = RocCurve.of(sc).auc();
        double of = OpenFaceMeanRocAuc.compute(sc, GRID);
        assertTrue(Math.abs(pooled - of) < 0.01, "pooled " + pooled + " vs OpenFace-style " + of);
    }
}
