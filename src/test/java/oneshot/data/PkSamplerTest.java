package oneshot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PkSamplerTest {
    /** 7 identities: label 0 has 1 image (not eligible), 1 has 2, 2 has 3, 3..6 have 6 each. */
    private static int[] labels() {
        int[] counts = {1, 2, 3, 6, 6, 6, 6};
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        int[] labels = new int[n];
        int i = 0;
        for (int l = 0; l < counts.length; l++) {
            for (int j = 0; j < counts[l]; j++) {
                labels[i++] = l;
            }
        }
        return labels;
    }

    @Test
    void batchesHoldPIdentitiesOfAtMostKDistinctImagesAndCoverEveryEligibleIdentityOnce() {
        int[] labels = labels();
        PkSampler s = new PkSampler(labels, 2, 4, 9);
        assertEquals(6, s.eligibleIdentities());
        List<int[]> batches = s.batches(0);
        assertEquals(3, batches.size());
        Set<Integer> seenIdentities = new HashSet<>();
        for (int[] b : batches) {
            Map<Integer, Integer> perLabel = new HashMap<>();
            Set<Integer> distinct = new HashSet<>();
            for (int i : b) {
                assertTrue(distinct.add(i), "image " + i + " twice in a batch");
                perLabel.merge(labels[i], 1, Integer::sum);
            }
            assertEquals(2, perLabel.size());
            for (Map.Entry<Integer, Integer> e : perLabel.entrySet()) {
                assertNotEquals(0, e.getKey(), "an identity with one image was sampled");
                int available = e.getKey() == 1 ? 2 : e.getKey() == 2 ? 3 : 6;
                assertEquals(Math.min(4, available), e.getValue());
                assertTrue(seenIdentities.add(e.getKey()), "identity " + e.getKey() + " twice in one epoch");
            }
        }
        assertEquals(Set.of(1, 2, 3, 4, 5, 6), seenIdentities);
    }

    @Test
    void sameSeedAndEpochGiveSameBatchesOtherEpochsDiffer() {
        int[] labels = labels();
        PkSampler a = new PkSampler(labels, 3, 2, 5);
        PkSampler b = new PkSampler(labels, 3, 2, 5);
        for (int e = 0; e < 3; e++) {
            assertTrue(same(a.batches(e), b.batches(e)));
        }
        assertFalse(same(a.batches(0), a.batches(1)) && same(a.batches(1), a.batches(2)));
        assertFalse(same(a.batches(0), new PkSampler(labels, 3, 2, 6).batches(0))
                && same(a.batches(1), new PkSampler(labels, 3, 2, 6).batches(1)));
    }

    @Test
    void rejectsDegenerateSettings() {
        assertThrows(IllegalArgumentException.class, () -> new PkSampler(labels(), 1, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> new PkSampler(labels(), 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PkSampler(new int[] {0, 0, 1}, 2, 2, 0));
    }

    private static boolean same(List<int[]> x, List<int[]> y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!java.util.Arrays.equals(x.get(i), y.get(i))) {
                return false;
            }
        }
        return true;
    }
}
