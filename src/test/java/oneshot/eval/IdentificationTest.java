package oneshot.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import oneshot.embed.EmbeddingTable;
import org.junit.jupiter.api.Test;

class IdentificationTest {
    // rows: 0 a1 (1,0), 1 a2 (.8,.6), 2 b1 (0,1), 3 b2 (.6,.8), 4 c1 (-1,0), 5 c2 (0,-1), 6 d1 (.6,-.8)
    private static final EmbeddingTable T = new EmbeddingTable("m",
            List.of("A/1", "A/2", "B/1", "B/2", "C/1", "C/2", "D/1"), List.of("A", "A", "B", "B", "C", "C", "D"),
            new float[][] {{1, 0}, {.8f, .6f}, {0, 1}, {.6f, .8f}, {-1, 0}, {0, -1}, {.6f, -.8f}});
    private static final GallerySplit.Identity A = new GallerySplit.Identity("A", List.of(0, 1));
    private static final GallerySplit.Identity B = new GallerySplit.Identity("B", List.of(2, 3));
    private static final GallerySplit.Identity C = new GallerySplit.Identity("C", List.of(4, 5));
    private static final GallerySplit.Identity D = new GallerySplit.Identity("D", List.of(6));
    private static final GallerySplit SPLIT = GallerySplit.fixed(List.of(A, B, C, D), 1);

    @Test
    void closedSetHandComputed() {
        Identification.ClosedSet c = Identification.closedSet(T, SPLIT, 1, Distance.SQUARED_L2);
        // a2: A 0.4, B 0.8, C 3.6 -> rank 1; b2: A 0.8, B 0.4 -> rank 1; c2: C 2.0 ties A 2.0 -> rank 2 (ties count against)
        assertEquals(3, c.galleryIdentities());
        assertEquals(3, c.probes());
        assertArrayEquals(new double[] {2 / 3.0, 1, 1}, c.cmc(), 1e-15);
        assertEquals(1.0, c.rank(5)); // ranks beyond the gallery size are the whole gallery
    }

    @Test
    void openSetHandComputed() {
        Identification.OpenSet o = Identification.openSet(T, SPLIT, List.of(A, B), 1, Distance.SQUARED_L2);
        // genuine: a2 -> A at 0.4, b2 -> B at 0.4 (both right); strangers c1 -> 2.0, c2 -> 2.0, d1 -> A at 0.8
        assertEquals(2, o.genuineProbes());
        assertEquals(3, o.strangerProbes());
        RocCurve.Point zero = o.atFar(0.0);
        assertEquals(0.6, zero.threshold(), 1e-6); // midway between 0.4 and 0.8
        assertEquals(1.0, zero.tar());
        RocCurve.Point third = o.atFar(0.34);
        assertEquals(1 / 3.0, third.far(), 1e-15);
        assertEquals(1.4, third.threshold(), 1e-6); // midway between 0.8 and 2.0
        assertEquals(1.0, o.dirFar().auc());
    }

    @Test
    void misidentifiedProbesNeverCountAsDetected() {
        // A deliberately enrolled with c1 (-1,0): its probe a1 (1,0) is at 4.0 from A but 2.0 from B -> rank 2, never detected.
        // b2 (.6,.8) -> B at 0.4, right. Stranger d1 (.6,-.8) -> nearest A at 3.2.
        GallerySplit.Identity wrongA = new GallerySplit.Identity("A", List.of(4, 0));
        GallerySplit s = GallerySplit.fixed(List.of(wrongA, B, D), 1);
        Identification.OpenSet o = Identification.openSet(T, s, List.of(wrongA, B), 1, Distance.SQUARED_L2);
        RocCurve.Point p = o.atFar(0.0);
        assertEquals(0.5, p.tar(), 1e-15);
        assertEquals(1.8, p.threshold(), 1e-6);
        assertEquals(0.5, o.dirFar().points().get(o.dirFar().points().size() - 1).tar(), 1e-15);
    }

    @Test
    void templatesAreUnitMeans() {
        GallerySplit s = GallerySplit.fixed(List.of(new GallerySplit.Identity("A", List.of(0, 1, 6))), 2);
        float[] t = Identification.templates(T, s, s.eligible(), 2)[0];
        double n = Math.sqrt(0.9 * 0.9 + 0.3 * 0.3);
        assertArrayEquals(new float[] {(float) (0.9 / n), (float) (0.3 / n)}, t, 1e-6f);
    }

    @Test
    void gallerySplitIsSeededAndPerIdentity() {
        List<String> labels = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int id = 0; id < 30; id++) {
            for (int k = 0; k < 1 + id % 7; k++) {
                labels.add("P" + id);
                paths.add("P" + id + "/P" + id + "_" + k + ".jpg");
            }
        }
        GallerySplit a = GallerySplit.of(labels, paths, 1, 42);
        GallerySplit b = GallerySplit.of(labels, paths, 1, 42);
        GallerySplit c = GallerySplit.of(labels, paths, 1, 43);
        assertEquals(a.eligible(), b.eligible());
        assertNotEquals(a.eligible(), c.eligible());
        assertEquals(a.known(0.5, 42), b.known(0.5, 42));
        // 30 identities with 1..7 images: those with id % 7 == 0 have one image and are never enrolled
        assertEquals(30 - 5, a.eligible().size());
        assertEquals(5, a.ineligible().size());
        assertEquals(Math.round(0.5 * 25), a.known(0.5, 42).size());
        // one identity's order does not depend on the others being there
        List<String> fewer = labels.subList(0, 10);
        GallerySplit d = GallerySplit.of(fewer, paths.subList(0, 10), 1, 42);
        for (GallerySplit.Identity id : d.eligible()) {
            assertTrue(a.eligible().contains(id), id.toString());
        }
        // reordering the table's rows does not change which image is enrolled
        List<Integer> perm = new ArrayList<>();
        for (int i = labels.size() - 1; i >= 0; i--) {
            perm.add(i);
        }
        GallerySplit rev = GallerySplit.of(perm.stream().map(labels::get).toList(), perm.stream().map(paths::get).toList(), 1, 42);
        for (int g = 0; g < a.eligible().size(); g++) {
            String first = paths.get(a.eligible().get(g).rows().get(0));
            String firstRev = perm.stream().map(paths::get).toList().get(rev.eligible().get(g).rows().get(0));
            assertEquals(first, firstRev);
        }
    }

    @Test
    void moreEnrolledImagesHelpOnNoisySyntheticData() {
        List<String> labels = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int id = 0; id < 200; id++) {
            for (int k = 0; k < 8; k++) {
                labels.add("P" + id);
                paths.add("P" + id + "/" + k);
            }
        }
        EmbeddingTable t = SyntheticEmbeddings.of(paths, labels, 128, 0.12, 1);
        EvaluationSettings s = EvaluationSettings.defaults();
        IdentificationResult r = IdentificationResult.compute(t, s);
        assertEquals(4, r.templateClosed().size());
        double r1 = r.templateClosed().get(0).rank(1);
        double r5 = r.templateClosed().get(3).rank(1);
        assertTrue(r5 > r1, "rank-1 with 5 images " + r5 + " vs 1 image " + r1);
        assertEquals(r.templateClosed().get(0).probes(), r.templateClosed().get(3).probes(), "same probes for every size");
        assertTrue(r.closedSet().rank(5) >= r.closedSet().rank(1));
    }
}
