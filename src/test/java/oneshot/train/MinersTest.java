package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each miner on {@link MinerFixture}'s hand-worked batch. Anchor-positive pairs: (0,1),(1,0),(2,3),(3,2), with
 * d(a,p) = 0.5, 0.5, 0.4, 0.4. Rows of the anchors: 0 -> {2:0.6, 3:1.2, 4:0.3}, 1 -> {2:0.68, 3:0.65, 4:2.0},
 * 2 -> {0:0.7, 1:0.68, 4:1.0}, 3 -> {0:1.2, 1:0.65, 4:0.55}.
 */
class MinersTest {
    private static final float MARGIN = 0.2f;

    @Test
    void batchAllReturnsEveryValidTriplet() {
        Triplets t = new BatchAllMiner().mine(MinerFixture.distances(), MinerFixture.LABELS);
        assertEquals("(0,1,2)(0,1,3)(0,1,4)(1,0,2)(1,0,3)(1,0,4)(2,3,0)(2,3,1)(2,3,4)(3,2,0)(3,2,1)(3,2,4)",
                MinerFixture.asString(t));
        assertEquals(4, t.candidatePairs());
    }

    @Test
    void batchAllViolatingKeepsOnlyTripletsInsideTheMargin() {
        // d(a,n) - d(a,p) < 0.2: (0,1,2) 0.1, (0,1,4) -0.2, (1,0,2) 0.18, (1,0,3) 0.15, (3,2,4) 0.15; the rest >= 0.25.
        Triplets t = new BatchAllMiner(MARGIN, true).mine(MinerFixture.distances(), MinerFixture.LABELS);
        assertEquals("(0,1,2)(0,1,4)(1,0,2)(1,0,3)(3,2,4)", MinerFixture.asString(t));
    }

    @Test
    void batchHardTakesFarthestPositiveAndNearestNegative() {
        // Anchor 4 has no positive, so it yields no triplet and is not counted.
        Triplets t = new BatchHardMiner().mine(MinerFixture.distances(), MinerFixture.LABELS);
        assertEquals("(0,1,4)(1,0,3)(2,3,1)(3,2,4)", MinerFixture.asString(t));
        assertEquals(4, t.candidatePairs());
    }

    @Test
    void batchHardPicksTheFarthestOfSeveralPositives() {
        float[][] d = {
                {0, 0.1f, 0.9f, 2f},
                {0.1f, 0, 0.3f, 2f},
                {0.9f, 0.3f, 0, 2f},
                {2f, 2f, 2f, 0},
        };
        Triplets t = new BatchHardMiner().mine(PairwiseDistances.ofMatrix(d), new int[] {0, 0, 0, 1});
        assertEquals("(0,2,3)(1,2,3)(2,0,3)", MinerFixture.asString(t));
    }

    @Test
    void semiHardTakesNearestNegativeBeyondThePositiveAndInsideTheMargin() {
        // (0,1): window (0.5,0.7) holds 2 (0.6). (1,0): holds 2 (0.68) and 3 (0.65): nearest is 3.
        // (2,3): window (0.4,0.6) holds nothing (0.7, 0.68, 1.0): dropped. (3,2): holds 4 (0.55).
        Triplets t = new SemiHardMiner(MARGIN).mine(MinerFixture.distances(), MinerFixture.LABELS);
        assertEquals("(0,1,2)(1,0,3)(3,2,4)", MinerFixture.asString(t));
        assertEquals(4, t.candidatePairs());
    }

    @Test
    void openFaceMinerDrawsOnlyAmongViolatingNegativesAndCoversThemAll() {
        // Violating negatives: (0,1) -> {2,4}; (1,0) -> {2,3}; (2,3) -> none (skipped); (3,2) -> {4}.
        Set<String> seenFor0 = new HashSet<>();
        Set<String> seenFor1 = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            Triplets t = new RandomViolatingNegativeMiner(MARGIN, seed).mine(MinerFixture.distances(),
                    MinerFixture.LABELS);
            assertEquals(3, t.size());
            assertEquals(4, t.candidatePairs());
            assertEquals("0,1,3", t.anchors()[0] + "," + t.anchors()[1] + "," + t.anchors()[2]);
            assertTrue(Set.of(2, 4).contains(t.negatives()[0]), "negative " + t.negatives()[0]);
            assertTrue(Set.of(2, 3).contains(t.negatives()[1]), "negative " + t.negatives()[1]);
            assertEquals(4, t.negatives()[2]);
            seenFor0.add("" + t.negatives()[0]);
            seenFor1.add("" + t.negatives()[1]);
        }
        assertEquals(Set.of("2", "4"), seenFor0);
        assertEquals(Set.of("2", "3"), seenFor1);
    }

    @Test
    void openFaceMinerIsReproducibleFromItsSeed() {
        Triplets a = new RandomViolatingNegativeMiner(MARGIN, 7).mine(MinerFixture.distances(), MinerFixture.LABELS);
        Triplets b = new RandomViolatingNegativeMiner(MARGIN, 7).mine(MinerFixture.distances(), MinerFixture.LABELS);
        assertEquals(a, b);
    }

    @Test
    void everyMinerReturnsNothingWhenAllItemsShareOneIdentity() {
        PairwiseDistances d = PairwiseDistances.ofMatrix(new float[][] {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}});
        int[] one = {5, 5, 5};
        for (TripletMiner m : new TripletMiner[] {new BatchAllMiner(), new BatchHardMiner(), new SemiHardMiner(MARGIN),
                new RandomViolatingNegativeMiner(MARGIN, 1)}) {
            Triplets t = m.mine(d, one);
            assertTrue(t.isEmpty(), m.name());
            assertTrue(t.candidatePairs() > 0, m.name() + " should count the pairs it could not use");
        }
    }

    @Test
    void minersRejectLabelsOfTheWrongLength() {
        assertThrows(IllegalArgumentException.class,
                () -> new BatchHardMiner().mine(MinerFixture.distances(), new int[] {0, 0, 1}));
    }

    @Test
    void distancesFromEmbeddingsAreSquaredL2() {
        PairwiseDistances d = PairwiseDistances.ofEmbeddings(new float[][] {{1, 0}, {0, 1}, {-1, 0}});
        assertEquals(2f, d.get(0, 1), 1e-6);
        assertEquals(4f, d.get(0, 2), 1e-6);
        assertEquals(2f, d.get(2, 1), 1e-6);
        assertEquals(0f, d.get(1, 1), 1e-6);
    }
}
