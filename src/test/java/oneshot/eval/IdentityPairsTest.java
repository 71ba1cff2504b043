package oneshot.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import oneshot.SharedData;
import oneshot.embed.EmbeddingTable;
import org.junit.jupiter.api.Test;

class IdentityPairsTest {

    /** {@code people} people with {@code images} images each, then {@code singles} one-image people; random vectors. */
    private static EmbeddingTable table(int people, int images, int singles) {
        EmbeddingTable.Builder b = new EmbeddingTable.Builder("m");
        java.util.Random r = new java.util.Random(3);
        for (int p = 0; p < people + singles; p++) {
            for (int i = 0; i < (p < people ? images : 1); i++) {
                float[] v = new float[4];
                for (int k = 0; k < 4; k++) {
                    v[k] = (float) r.nextGaussian();
                }
                b.add("p" + p + "/img" + i + ".png", "p" + p, v);
            }
        }
        return b.build();
    }

    @Test
    void pairsFollowTheLabelsAndEachPersonStaysInOneFold() {
        EmbeddingTable t = table(6, 3, 4);
        List<IdentityPairs.Pair> pairs = IdentityPairs.pairs(t, 7);
        assertNotNull(pairs);
        Map<String, Integer> foldOf = new HashMap<>();
        int same = 0;
        Set<Integer> folds = new HashSet<>();
        for (IdentityPairs.Pair p : pairs) {
            String a = t.label(p.row1());
            String b = t.label(p.row2());
            assertEquals(p.same(), a.equals(b), "pair " + p + ": " + a + " / " + b);
            assertNotEquals(p.row1(), p.row2());
            for (String who : List.of(a, b)) {
                Integer f = foldOf.putIfAbsent(who, p.fold());
                assertTrue(f == null || f == p.fold(), who + " appears in folds " + f + " and " + p.fold());
            }
            same += p.same() ? 1 : 0;
            folds.add(p.fold());
        }
        assertEquals(6 * 3, same, "every same-person pair of 6 people with 3 images");
        assertEquals(same, pairs.size() - same, "as many different-person pairs");
        assertEquals(5, folds.size(), "min(10 folds, 6 people with pairs, 10 people / 2)");
        assertEquals(pairs, IdentityPairs.pairs(t, 7), "the seed decides");
        assertNotEquals(pairs, IdentityPairs.pairs(t, 8));
    }

    @Test
    void onePersonWithManyPhotosIsCapped() {
        EmbeddingTable t = table(3, 20, 3); // 190 pairs each without the cap
        long same = IdentityPairs.pairs(t, 1).stream().filter(IdentityPairs.Pair::same).count();
        assertEquals(3 * IdentityPairs.MAX_GENUINE_PER_IDENTITY, same);
    }

    @Test
    void tooFewPeopleIsSaidNotGuessed() {
        EmbeddingTable t = table(3, 2, 0); // two folds need 4 people
        assertNull(IdentityPairs.pairs(t, 1));
        assertNull(IdentityPairs.of(t, Distance.SQUARED_L2, 1));
        assertTrue(IdentityPairs.why(t, 1).contains("3 people with 2+ images and 3 in all"), IdentityPairs.why(t, 1));
        assertNull(IdentityPairs.why(table(2, 2, 2), 1));
    }

    /** Real dlib descriptors (face-api.js's, of real dlib chips) of the bbt demo set: 8 people x 5 images. */
    @Test
    void bbtDescriptorsOfTheReferenceVerifyWell() throws IOException {
        Path file = SharedData.require("golden/dlib-chip/bbt").resolve("descriptors.csv");
        EmbeddingTable.Builder b = new EmbeddingTable.Builder("dlib");
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            float[] v = new float[128];
            for (int i = 0; i < 128; i++) {
                v[i] = Float.parseFloat(f[i + 1]);
            }
            b.add(f[0], f[0].substring(0, f[0].indexOf('/')), oneshot.gallery.Vectors.normalized(v));
        }
        EmbeddingTable t = b.build();
        VerificationScores s = IdentityPairs.of(t, Distance.SQUARED_L2, 42);
        assertEquals(8 * 10, s.positives(), "8 people x C(5,2) same-person pairs");
        assertEquals(s.positives(), s.negatives());
        assertEquals(4, s.folds(), "min(10, 8 people with pairs, 8 / 2)");
        EvaluationSettings settings = new EvaluationSettings(Distance.SQUARED_L2, 42, 0.01, List.of(0.01), 0,
                0.95, List.of(1), 0.5);
        VerificationResult v = VerificationResult.compute("bbt", "labels", s, null, settings);
        // bbt's one-shot rank-1 with this model is 1.000 (README); its pairs should be nearly all right too
        assertTrue(v.kfold().meanAccuracy() >= 0.95, "4-fold accuracy " + v.kfold().meanAccuracy());
        assertTrue(v.roc().auc() >= 0.98, "AUC " + v.roc().auc());
        List<Double> thresholds = new ArrayList<>();
        v.kfold().folds().forEach(f -> thresholds.add(f.threshold()));
        System.out.printf("bbt pairs from labels: accuracy %.4f +- %.4f, AUC %.4f, fold thresholds %s%n",
                v.kfold().meanAccuracy(), v.kfold().stdAccuracy(), v.roc().auc(), thresholds);
    }
}
