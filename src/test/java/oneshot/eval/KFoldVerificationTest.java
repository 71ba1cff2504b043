package oneshot.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import oneshot.SharedData;
import oneshot.data.PairsProtocol;
import oneshot.embed.EmbeddingTable;
import org.junit.jupiter.api.Test;

class KFoldVerificationTest {
    private static final double[] GRID = ThresholdGrid.openFace(Distance.SQUARED_L2);

    @Test
    void gridIsOpenFacesArange() {
        assertEquals(400, GRID.length);
        assertEquals(0.0, GRID[0]);
        assertEquals(0.35000000000000003, GRID[35]); // 35 * 0.01 in binary, as numpy computes it
        assertEquals(3.99, GRID[399], 1e-12);
    }

    @Test
    void openFaceRuleKeepsTiesAndStopsAtTheFirstDrop() {
        // correct counts per threshold: the global maximum (7 at index 5) is never reached because index 4 drops.
        assertEquals(3, KFoldVerification.selectOpenFace(new long[] {4, 5, 6, 6, 5, 7, 3}));
        assertEquals(4, KFoldVerification.selectOpenFace(new long[] {1, 2, 3, 4, 5}));
        assertEquals(2, KFoldVerification.selectOpenFace(new long[] {5, 5, 5}));
    }

    /** Three folds of 2 same + 2 different pairs, worked out by hand (see the comments for each fold's training counts). */
    @Test
    void handComputedThreeFolds() {
        double[] d = {0.105, 0.305, 0.505, 0.205, // fold 1: same, same, diff, diff
                0.155, 0.605, 0.705, 0.905,       // fold 2
                0.055, 0.195, 0.455, 0.355};      // fold 3
        boolean[] same = {true, true, false, false, true, true, false, false, true, true, false, false};
        int[] fold = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
        KFoldVerification.Result r = KFoldVerification.run(VerificationScores.of(d, same, fold), GRID);
        // Fold 1, trained on folds 2+3: correct = 4 (t<=.05), 5 (..0.15), 6 (..0.19), 7 (0.20..0.35), 6 at 0.36 -> stop: 0.35.
        // Tested: 0.105, 0.305 accepted, 0.505 rejected, 0.205 accepted wrongly -> 3/4.
        assertEquals(GRID[35], r.folds().get(0).threshold());
        assertEquals(7 / 8.0, r.folds().get(0).trainAccuracy());
        assertEquals(0.75, r.folds().get(0).testAccuracy());
        // Fold 2, trained on 1+3: 4, 5, 6, 7 at 0.20, 6 at 0.21 -> 0.20 (a later 7 at 0.31..0.35 is never reached).
        assertEquals(GRID[20], r.folds().get(1).threshold());
        assertEquals(0.75, r.folds().get(1).testAccuracy());
        // Fold 3, trained on 1+2: 4, 5 at 0.11, 6 at 0.16..0.20, 5 at 0.21 -> 0.20; all four test pairs right.
        assertEquals(GRID[20], r.folds().get(2).threshold());
        assertEquals(1.0, r.folds().get(2).testAccuracy());
        assertEquals(2.5 / 3, r.meanAccuracy(), 1e-15);
        assertEquals(Math.sqrt(1 / 72.0), r.stdAccuracy(), 1e-15);
    }

    @Test
    void equalsTheLiteralOpenFaceLoopOnRandomDataWithTies() {
        for (long seed = 1; seed <= 20; seed++) {
            Random r = new Random(seed);
            int n = 10 * (20 + r.nextInt(40));
            double[] d = new double[n];
            boolean[] same = new boolean[n];
            int[] fold = new int[n];
            for (int i = 0; i < n; i++) {
                fold[i] = i / (n / 10);
                same[i] = (i % (n / 10)) < (n / 20);
                double mu = same[i] ? 0.8 : 1.4 + 0.3 * (seed % 3);
                double x = Math.max(0, mu + 0.4 * r.nextGaussian());
                // every fourth seed: distances on the grid itself, so ties with thresholds are exercised
                d[i] = seed % 4 == 0 ? Math.round(x * 100) * 0.01 : x;
            }
            assertMatchesReference(d, same, fold);
        }
    }

    @Test
    void equalsTheLiteralOpenFaceLoopOnTheRealPairsFile() throws IOException {
        PairsProtocol p = PairsProtocol.read(SharedData.require("data/lfw").resolve("pairs.txt"));
        List<String> paths = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (PairsProtocol.Pair x : p.pairs()) {
            paths.add(x.path1());
            labels.add(x.name1());
            paths.add(x.path2());
            labels.add(x.name2());
        }
        EmbeddingTable t = SyntheticEmbeddings.of(paths, labels, 128, 0.11, 5);
        VerificationScores s = VerificationScores.of(t, p, Distance.SQUARED_L2, false);
        assertEquals(6000, s.size());
        assertMatchesReference(s.distance(), s.same(), s.fold());
    }

    private static void assertMatchesReference(double[] d, boolean[] same, int[] fold) {
        KFoldVerification.Result fast = KFoldVerification.run(VerificationScores.of(d, same, fold), GRID);
        OpenFaceReference.Result ref = OpenFaceReference.classify(d, same, 10);
        double[] th = fast.folds().stream().mapToDouble(KFoldVerification.Fold::threshold).toArray();
        double[] acc = fast.folds().stream().mapToDouble(KFoldVerification.Fold::testAccuracy).toArray();
        assertArrayEquals(ref.thresholds(), th, 0.0);
        assertArrayEquals(ref.accuracies(), acc, 0.0);
        assertEquals(ref.mean(), fast.meanAccuracy(), 1e-15);
        assertEquals(ref.std(), fast.stdAccuracy(), 1e-15);
    }

    @Test
    void trainTestPicksOnTrainingPairsOnly() {
        VerificationScores train = VerificationScores.of(new double[] {0.105, 0.205, 0.905, 1.005},
                new boolean[] {true, true, false, false}, new int[4]);
        double t = KFoldVerification.pickThreshold(train, GRID);
        assertEquals(GRID[90], t); // correct: 2 up to 0.10, 3 to 0.20, 4 from 0.21 to 0.90 (ties move up), 3 at 0.91
        VerificationScores test = VerificationScores.of(new double[] {0.505, 0.855, 0.955, 0.935},
                new boolean[] {true, false, false, true}, new int[4]);
        assertEquals(0.5, KFoldVerification.accuracy(test, t)); // 0.505 right, 0.855 wrongly accepted, 0.955 right, 0.935 missed
    }
}
