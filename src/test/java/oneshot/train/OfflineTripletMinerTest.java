package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import oneshot.data.PkSampler;
import org.junit.jupiter.api.Test;

/**
 * Offline batch-hard mining on a cached table of 1-D points (second coordinate 0):
 * item 0: 0.0 (A), 1: 1.0 (B), 2: 0.3 (A), 3: 1.2 (B), 4: 3.0 (C), 5: 3.5 (C). One pool holds all six items.
 * Farthest positive / nearest negative by hand: 0 -> (2, 1); 2 -> (0, 1); 1 -> (3, 2); 3 -> (1, 2); 4 -> (5, 3);
 * 5 -> (4, 3).
 */
class OfflineTripletMinerTest {
    private static final float[][] EMB = {{0f, 0}, {1f, 0}, {0.3f, 0}, {1.2f, 0}, {3f, 0}, {3.5f, 0}};
    private static final int[] LABELS = {0, 1, 0, 1, 2, 2};

    @Test
    void minesOnTheCachedTableInDatasetIndices() {
        CachedEmbeddings table = new CachedEmbeddings(EMB, LABELS);
        PkSampler pools = new PkSampler(LABELS, 3, 2, 11);
        List<Triplets> mined = new OfflineTripletMiner(new BatchHardMiner()).mine(table, pools, 0);
        assertEquals(1, mined.size());
        assertEquals(Set.of("(0,2,1)", "(2,0,1)", "(1,3,2)", "(3,1,2)", "(4,5,3)", "(5,4,3)"), asSet(mined.get(0)));
    }

    @Test
    void batchListsTheImagesToEmbedAndReindexesTheTriplets() {
        Triplets datasetTriplets = new Triplets(new int[] {7, 3}, new int[] {9, 7}, new int[] {3, 12}, 2);
        OfflineTripletMiner.Batch b = OfflineTripletMiner.Batch.of(datasetTriplets);
        assertArrayEquals(new int[] {3, 7, 9, 12}, b.datasetIndices());
        assertEquals("(1,2,0)(0,1,3)", MinerFixture.asString(b.local()));
        // The preset miner hands exactly those triplets to the unchanged loss.
        Triplets handed = b.asMiner().mine(PairwiseDistances.ofEmbeddings(new float[4][2]), new int[] {0, 0, 1, 2});
        assertEquals(b.local(), handed);
    }

    @Test
    void rejectsATableFromAnotherDataset() {
        CachedEmbeddings small = new CachedEmbeddings(new float[][] {{0}, {1}}, new int[] {0, 0});
        PkSampler pools = new PkSampler(LABELS, 3, 2, 1);
        assertThrows(IllegalArgumentException.class,
                () -> new OfflineTripletMiner(new BatchHardMiner()).mine(small, pools, 0));
    }

    private static Set<String> asSet(Triplets t) {
        Set<String> s = new TreeSet<>();
        for (int i = 0; i < t.size(); i++) {
            s.add("(" + t.anchors()[i] + "," + t.positives()[i] + "," + t.negatives()[i] + ")");
        }
        return s;
    }
}
