package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Lucene's HNSW index against the exact scan on real vectors, and kept in step with enrolments and removals. */
class HnswIndexTest {
    private static final Threshold LFW_THRESHOLD = new Threshold(Threshold.DLIB_RESNET_LFW_DEFAULT, "LFW 10-fold", true, false);

    @Test
    void goldenDescriptorsRecallAndDecisions() throws Exception {
        IndexAgreement a = agreement(RealVectors.golden());
        assertEquals(a.probes(), a.sameTop1());
        assertEquals(a.probes(), a.sameTop1Distance(), "re-ranked distances are the exact scan's");
        assertEquals(a.probes(), a.sameDecision());
    }

    @Test
    void lfwRecallAtLeast099AndDecisionsUnchanged() throws Exception {
        assumeTrue(Files.exists(RealVectors.lfwTable()), "no LFW table at " + RealVectors.lfwTable());
        IndexAgreement a = agreement(RealVectors.lfw());
        assertTrue(a.probes() > 7000, "LFW one-shot probes: " + a.probes());
        assertTrue(a.recallAt1() >= 0.99, "recall@1 " + a.recallAt1());
        assertEquals(a.probes(), a.sameDecision(), "open-set decisions at " + LFW_THRESHOLD.value());
    }

    private static IndexAgreement agreement(List<RealVectors.Labelled> vectors) {
        RealVectors.Split a = RealVectors.oneShot(vectors, "m");
        RealVectors.Split b = RealVectors.oneShot(vectors, "m");
        try (GalleryIndex exact = a.gallery().build(); HnswIndex hnsw = HnswIndex.build(b.gallery())) {
            assertEquals(exact.size(), hnsw.size());
            return IndexAgreement.measure(exact, hnsw, a.probes(), LFW_THRESHOLD);
        }
    }

    @Test
    void removedPersonIsNeverReturnedAndEnrolmentsAreFoundAtOnce() throws Exception {
        List<RealVectors.Labelled> real = RealVectors.golden();
        GalleryIndex.Builder b = new GalleryIndex.Builder("m", 1);
        List<String> names = new ArrayList<>();
        for (RealVectors.Labelled l : real) {
            if (!names.contains(l.label())) {
                names.add(l.label());
                b.add(l.label(), l.vector());
            }
        }
        try (HnswIndex index = HnswIndex.build(b)) {
            int n = names.size();
            String gone = names.get(3);
            float[] goneTemplate = index.template(gone).orElseThrow();
            assertEquals(gone, index.search(goneTemplate, 1).get(0).name());
            assertTrue(index.remove(gone));
            assertFalse(index.remove(gone), "second removal finds nothing");
            assertEquals(n - 1, index.size());
            assertTrue(index.template(gone).isEmpty());
            for (RealVectors.Labelled l : real) { // every probe, every rank: the removed person never comes back
                for (Match m : index.search(l.vector(), n)) {
                    assertFalse(m.name().equals(gone), "removed " + gone + " returned for " + l.path());
                }
            }
            assertEquals(n - 1, index.search(goneTemplate, n).size());
            // a new person is found by the next search; re-enrolling replaces the template instead of adding a copy
            float[] newcomer = TestVectors.random(new Random(5), 128);
            index.put("newcomer", newcomer, 1);
            Match hit = index.search(newcomer, 1).get(0);
            assertEquals("newcomer", hit.name());
            assertEquals(0.0, hit.distance(), 1e-6);
            float[] moved = TestVectors.random(new Random(6), 128);
            index.put("newcomer", moved, 2);
            assertEquals(n, index.size());
            Match again = index.search(moved, 1).get(0);
            assertEquals("newcomer", again.name());
            assertEquals(2, again.embeddings());
            assertTrue(index.search(newcomer, n).stream().filter(m -> m.name().equals("newcomer")).count() == 1);
        }
    }
}
