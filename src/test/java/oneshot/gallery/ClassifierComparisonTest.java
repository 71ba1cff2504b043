package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassifierComparisonTest {
    /** People as clusters on the unit sphere: within-person squared L2 around 0.3, between people around 2. */
    private static void person(Random rnd, String name, int images, List<String> labels, List<float[]> vectors) {
        float[] centre = TestVectors.random(rnd, 128);
        for (int i = 0; i < images; i++) {
            labels.add(name);
            vectors.add(TestVectors.near(rnd, centre, 0.05));
        }
    }

    @Test
    void softmaxLearnsTheEnrolledPeopleAndSaysHowSureItIs() {
        Random rnd = new Random(21);
        List<String> labels = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
            person(rnd, "p" + p, 4, labels, vectors);
        }
        SoftmaxClassifier clf = SoftmaxClassifier.train(labels.toArray(new String[0]), vectors.toArray(new float[0][]),
                SoftmaxClassifier.Options.defaults());
        assertEquals(10, clf.classCount());
        int right = 0;
        for (int i = 0; i < labels.size(); i++) {
            if (clf.predict(vectors.get(i)).label().equals(labels.get(i))) {
                right++;
            }
        }
        assertEquals(labels.size(), right, "training vectors of well separated people");
        double known = clf.predict(TestVectors.near(rnd, vectors.get(0), 0.02)).probability();
        double stranger = clf.predict(TestVectors.random(rnd, 128)).probability();
        assertTrue(known > 0.5 && known > stranger + 0.2, "known " + known + " vs stranger " + stranger);
    }

    @Test
    void bothMethodsAreScoredOnTheSameOpenSetSplit() {
        Random rnd = new Random(22);
        List<String> labels = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int p = 0; p < 25; p++) {
            person(rnd, "known" + p, 2 + p % 4, labels, vectors);
        }
        for (int p = 0; p < 100; p++) {
            person(rnd, "stranger" + p, 1, labels, vectors);
        }
        ClassifierComparison.Result r = ClassifierComparison.compare(labels.toArray(new String[0]),
                vectors.toArray(new float[0][]), 0.05, SoftmaxClassifier.Options.defaults());
        assertEquals(25, r.enrolledIdentities());
        assertEquals(25, r.knownProbes());
        assertEquals(100, r.unknownProbes());
        assertEquals(labels.size() - 125, r.enrolmentVectors());
        assertEquals(2, r.methods().size());
        for (ClassifierComparison.MethodResult m : r.methods()) {
            assertTrue(m.actualFar() <= 0.05, m.toString());
            assertTrue(m.rank1() >= 0.95, m.toString());
            assertTrue(m.dirAtFar() >= 0.9 && m.dirAtFar() <= m.rank1(), m.toString());
        }
        ClassifierComparison.MethodResult distance = r.methods().get(0);
        assertTrue(distance.threshold() > 0.2 && distance.threshold() < 2.0, "a squared-L2 cut between the clusters: "
                + distance);
    }
}
