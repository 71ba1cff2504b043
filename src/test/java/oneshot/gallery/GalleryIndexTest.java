package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryIndexTest {
    @TempDir
    Path dir;

    @Test
    void topKEqualsExactBruteForceInDoublePrecision() {
        Random rnd = new Random(11);
        int n = 3 * BlockedVectors.BLOCK + 77; // several blocks plus a padded one
        List<float[]> vs = new ArrayList<>();
        GalleryIndex.Builder b1 = new GalleryIndex.Builder("m", 1);
        GalleryIndex.Builder b2 = new GalleryIndex.Builder("m", 2);
        for (int i = 0; i < n; i++) {
            float[] v = TestVectors.random(rnd, 128);
            vs.add(v);
            b1.add("p" + i, v);
            b2.add("p" + i, v);
        }
        try (GalleryIndex one = b1.build(); GalleryIndex two = b2.build()) {
            for (int probe = 0; probe < 20; probe++) {
                // probes near a known row, and a random one, so the top-1 is sometimes clear and sometimes not
                float[] q = probe % 2 == 0 ? TestVectors.near(rnd, vs.get(rnd.nextInt(n)), 0.05) : TestVectors.random(rnd, 128);
                List<Integer> exact = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    exact.add(i);
                }
                exact.sort(Comparator.comparingDouble(i -> oneshot.eval.Distance.SQUARED_L2.between(q, vs.get(i))));
                for (GalleryIndex index : List.of(one, two)) {
                    List<Match> got = index.search(q, 10);
                    assertEquals(10, got.size());
                    for (int r = 0; r < 10; r++) {
                        double want = oneshot.eval.Distance.SQUARED_L2.between(q, vs.get(exact.get(r)));
                        assertEquals(want, got.get(r).distance(), 2e-5, "rank " + r);
                        if (r == 0 || want + 1e-5 < oneshot.eval.Distance.SQUARED_L2.between(q, vs.get(exact.get(r + 1)))) {
                            assertEquals("p" + exact.get(r), got.get(r).name(), "rank " + r + " of probe " + probe);
                        }
                    }
                }
            }
        }
    }

    @Test
    void templateIsTheRenormalisedMeanAndSmallGalleriesReturnWhatTheyHave() {
        Random rnd = new Random(12);
        float[] a = TestVectors.random(rnd, 128);
        float[] b = TestVectors.random(rnd, 128);
        float[] c = TestVectors.random(rnd, 128);
        GalleryIndex.Builder builder = new GalleryIndex.Builder("m", 2);
        builder.add("ann", a).add("ann", b).add("bob", c);
        try (GalleryIndex index = builder.build()) {
            float[] mean = new float[128];
            for (int i = 0; i < 128; i++) {
                mean[i] = (a[i] + b[i]) / 2;
            }
            assertArrayEquals(Vectors.normalized(mean), index.template("ann").orElseThrow(), 1e-6f);
            assertArrayEquals(c, index.template("bob").orElseThrow(), 1e-6f);
            List<Match> all = index.search(c, 10);
            assertEquals(2, all.size(), "padding rows of the block are never reported");
            assertEquals("bob", all.get(0).name());
            assertEquals(0.0, all.get(0).distance(), 1e-6);
            assertEquals(2, all.get(1).embeddings());
            assertThrows(GalleryException.class, () -> index.search(new float[64], 1));
        }
    }

    @Test
    void loadFromStoreBuildsTheSameTemplates() {
        Random rnd = new Random(13);
        GalleryIndex.Builder expected = new GalleryIndex.Builder("m", 1);
        try (GalleryStore store = GalleryStore.openOrCreate(dir.resolve("g.db"))) {
            for (int i = 0; i < 30; i++) {
                float[] v = TestVectors.random(rnd, 128);
                String name = "p" + (i % 12);
                store.enroll(name, v, "m", "sha" + i, new FaceBox(0, 0, 1, 1));
                expected.add(name, v);
            }
            store.remove("p3");
            try (GalleryIndex loaded = GalleryIndex.load(store, "m", 2); GalleryIndex want = expected.build()) {
                assertEquals(11, loaded.size());
                assertTrue(loaded.template("p3").isEmpty());
                for (int i = 0; i < 12; i++) {
                    if (i != 3) {
                        assertArrayEquals(want.template("p" + i).orElseThrow(), loaded.template("p" + i).orElseThrow(), 1e-6f);
                    }
                }
                assertThrows(GalleryException.class, () -> GalleryIndex.load(store, "other-model", 1));
            }
        }
    }
}
