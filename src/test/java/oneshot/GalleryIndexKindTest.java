package oneshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import oneshot.gallery.EncodedFace;
import oneshot.gallery.FaceBox;
import oneshot.gallery.FaceEncoder;
import oneshot.gallery.IndexKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gallery with each index kind (OneShotOptions.index): the same names for the same faces, and through enrolments,
 * a rename and a removal the index follows the file (HNSW in place, the others rebuilt), so a removed person is never named.
 */
class GalleryIndexKindTest {
    private static final String MODEL = "test-model";

    @Test
    void everyKindFollowsEnrolRenameAndRemove(@TempDir Path dir) {
        Random rnd = new Random(11);
        float[][] people = new float[40][];
        for (int i = 0; i < people.length; i++) {
            people[i] = unit(rnd, null, 0);
        }
        for (IndexKind kind : IndexKind.values()) {
            OneShotOptions o = new OneShotOptions().encoder(new NoImages()).index(kind).threshold(0.5).candidates(1);
            try (OneShot oneShot = OneShot.open(o); Gallery g = oneShot.gallery(dir.resolve(kind.id() + ".db"))) {
                for (int i = 0; i < people.length; i++) {
                    g.enroll("p" + i, face(people[i], "a" + i));
                }
                Face probe7 = face(unit(rnd, people[7], 0.02), "probe7");
                assertEquals("p7", g.identify(List.of(probe7)).get(0).name(), kind.id());
                g.remove("p7");
                assertNull(g.identify(List.of(probe7)).get(0).name(), kind + ": removed p7 named (nobody else is near)");
                g.rename("p8", "eight");
                assertEquals("eight", g.identify(List.of(face(people[8], "probe8"))).get(0).name(), kind.id());
                g.enroll("p7", face(people[7], "b7")); // back again
                assertEquals("p7", g.identify(List.of(probe7)).get(0).name(), kind.id());
                assertEquals(people.length, g.size());
            }
        }
    }

    private static Face face(float[] v, String source) {
        return new Face(new FaceBox(0, 0, 10, 10), 1.0, new double[0], null, v, "test", MODEL, source);
    }

    private static float[] unit(Random rnd, float[] centre, double noise) {
        float[] v = new float[128];
        double n = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (centre == null ? rnd.nextGaussian() : centre[i] + noise * rnd.nextGaussian());
            n += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }

    /** The faces come from the test; no image is ever encoded. */
    private static final class NoImages implements FaceEncoder {
        @Override
        public String modelId() {
            return MODEL;
        }

        @Override
        public List<EncodedFace> encode(Path image) {
            throw new UnsupportedOperationException("no images in this test");
        }

        @Override
        public void close() {}
    }
}
