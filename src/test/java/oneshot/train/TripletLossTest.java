package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

/**
 * The loss on {@link MinerFixture}'s batch with batch-all triplets. Per-triplet max(0, d(a,p) - d(a,n) + 0.2):
 * active are (0,1,2) 0.1, (0,1,4) 0.4, (1,0,2) 0.02, (1,0,3) 0.05, (3,2,4) 0.05: 5 of 12, sum 0.62.
 * Mean d(a,p) = (6 x 0.5 + 6 x 0.4) / 12 = 0.45; mean d(a,n) = (2.1 + 3.33 + 2.38 + 2.4) / 12 = 10.21 / 12.
 */
class TripletLossTest {

    private static NDArray fixtureMatrix(NDManager m) {
        float[] flat = new float[25];
        for (int i = 0; i < 5; i++) {
            System.arraycopy(MinerFixture.D[i], 0, flat, i * 5, 5);
        }
        return m.create(flat).reshape(5, 5);
    }

    @Test
    void meanOverAllTripletsMatchesHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            Triplets t = new BatchAllMiner().mine(MinerFixture.distances(), MinerFixture.LABELS);
            TripletLoss.Result r = new TripletLoss().compute(fixtureMatrix(m), t);
            TripletStats s = r.stats();
            assertEquals(0.62f / 12, s.loss(), 1e-6);
            assertEquals(0.62f / 12, r.loss().getFloat(), 1e-6, "logged value is the back-propagated value");
            assertEquals(5f / 12, s.activeFraction(), 1e-6);
            assertEquals(0.45f, s.meanPositive(), 1e-6);
            assertEquals(10.21f / 12, s.meanNegative(), 1e-6);
            assertEquals(12, s.triplets());
            assertEquals(4, s.candidatePairs());
        }
    }

    @Test
    void meanOverActiveTripletsDividesByTheActiveCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            Triplets t = new BatchAllMiner().mine(MinerFixture.distances(), MinerFixture.LABELS);
            TripletLoss loss = new TripletLoss(0.2f, TripletLoss.Reduction.MEAN_ACTIVE);
            assertEquals(0.62f / 5, loss.compute(fixtureMatrix(m), t).stats().loss(), 1e-6);
        }
    }

    @Test
    void batchHardLossOnTheFixture() {
        // (0,1,4): 0.5-0.3+0.2 = 0.4; (1,0,3): 0.05; (2,3,1): 0.4-0.68+0.2 < 0; (3,2,4): 0.05. Mean = 0.5/4.
        try (NDManager m = NDManager.newBaseManager()) {
            Triplets t = new BatchHardMiner().mine(MinerFixture.distances(), MinerFixture.LABELS);
            TripletStats s = new TripletLoss().compute(fixtureMatrix(m), t).stats();
            assertEquals(0.125f, s.loss(), 1e-6);
            assertEquals(0.75f, s.activeFraction(), 1e-6);
        }
    }

    @Test
    void gradientReachesExactlyTheDistancesOfActiveTriplets() {
        // d loss / d D[a][p] = (#active triplets using (a,p)) / 12; d loss / d D[a][n] = -(#active using (a,n)) / 12.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray d = fixtureMatrix(m);
            d.setRequiresGradient(true);
            Triplets t = new BatchAllMiner().mine(MinerFixture.distances(), MinerFixture.LABELS);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                TripletLoss.Result r = new TripletLoss().compute(d, t);
                gc.backward(r.loss());
            }
            float[] g = d.getGradient().toFloatArray();
            assertEquals(2f / 12, g[0 * 5 + 1], 1e-6); // (0,1,2), (0,1,4)
            assertEquals(2f / 12, g[1 * 5 + 0], 1e-6); // (1,0,2), (1,0,3)
            assertEquals(0f, g[2 * 5 + 3], 1e-6);      // (2,3,*) all inactive
            assertEquals(1f / 12, g[3 * 5 + 2], 1e-6); // (3,2,4)
            assertEquals(-1f / 12, g[0 * 5 + 4], 1e-6);
            assertEquals(0f, g[0 * 5 + 3], 1e-6);      // (0,1,3) inactive
        }
    }

    @Test
    void noValidTripletIsReportedNotAZeroLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            TripletLoss.Result r = new TripletLoss().compute(fixtureMatrix(m), Triplets.empty(6));
            assertFalse(r.hasLoss());
            assertNull(r.loss());
            assertTrue(r.stats().noValidTriplet());
            assertTrue(Float.isNaN(r.stats().loss()));
            assertEquals(6, r.stats().candidatePairs());
            assertTrue(r.stats().toString().contains("no valid triplet"));
        }
    }

    @Test
    void squaredDistancesOfUnitVectors() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray e = m.create(new float[] {1, 0, 0, 1, -1, 0, 0.6f, 0.8f}).reshape(4, 2);
            float[] d = TripletLoss.squaredDistances(e).toFloatArray();
            assertArrayEquals(new float[] {
                    0, 2, 4, 0.8f,
                    2, 0, 2, 0.4f,
                    4, 2, 0, 3.2f,
                    0.8f, 0.4f, 3.2f, 0}, d, 1e-6f);
        }
    }
}
