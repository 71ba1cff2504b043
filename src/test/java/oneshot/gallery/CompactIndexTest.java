package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compact scans against the float32 scan on real vectors: with re-ranking, the same top-k (names and bit-identical
 * distances) for every probe, hence the same open-set decisions.
 */
class CompactIndexTest {
    private static final Threshold LFW_THRESHOLD = new Threshold(Threshold.DLIB_RESNET_LFW_DEFAULT, "LFW 10-fold", true, false);

    @Test
    void goldenDescriptorsGiveTheFloat32ScansResults() throws Exception {
        assertSameAsFloat32(RealVectors.golden(), 5); // 75 people: R = 32 covers the top 5
    }

    @Test
    void lfwGivesTheFloat32ScansResults() throws Exception {
        assumeTrue(Files.exists(RealVectors.lfwTable()), "no LFW table at " + RealVectors.lfwTable());
        assertSameAsFloat32(RealVectors.lfw(), 1); // top-5 with R = 32: 1 of 7,484 int8 probes had another 5th
    }

    private static void assertSameAsFloat32(List<RealVectors.Labelled> vectors, int k) {
        for (IndexKind kind : List.of(IndexKind.FLOAT16, IndexKind.INT8)) {
            RealVectors.Split a = RealVectors.oneShot(vectors, "m");
            RealVectors.Split b = RealVectors.oneShot(vectors, "m");
            List<float[]> probes = a.probes();
            try (GalleryIndex exact = a.gallery().build();
                    TemplateIndex compact = kind.build(b.gallery())) {
                assertEquals(exact.size(), compact.size());
                int same = 0;
                for (float[] p : probes) {
                    same += exact.search(p, k).equals(compact.search(p, k)) ? 1 : 0;
                }
                assertEquals(probes.size(), same, kind + ": probes whose top-" + k + " equals the float32 scan's");
                IndexAgreement agreement = IndexAgreement.measure(exact, compact, probes, LFW_THRESHOLD);
                assertEquals(probes.size(), agreement.sameDecision(), kind + " open-set decisions");
            }
        }
    }
}
