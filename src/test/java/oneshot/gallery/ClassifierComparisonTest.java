package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
                SoftmaxClassifier.Options.defaults().standardized(false));
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

    /**
     * Real face embeddings of different people lie in a narrow cone (LFW, dlib-resnet34: rank-1 of the softmax 0.0517 on
     * raw unit vectors, 0.7817 standardised; SVM 0.4625 and 0.8243). Here 100 people whose centres are all
     * within about 0.16 squared L2 of each other, 2 to 6 training vectors and 1 held-out vector each: the standardised
     * defaults must name the held-out vectors, where the raw softmax fails.
     */
    private static final int PEOPLE = 100;

    @Test
    void standardisedHeadsSeparatePeopleInANarrowCone() {
        Random rnd = new Random(23);
        float[] axis = TestVectors.random(rnd, 128);
        List<String> labels = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        List<float[]> heldOut = new ArrayList<>();
        for (int p = 0; p < PEOPLE; p++) {
            float[] centre = TestVectors.near(rnd, axis, 0.025);
            for (int i = 0; i < 2 + p % 5; i++) { // 2 to 6 images: unequal classes, as in LFW
                labels.add("p" + p);
                vectors.add(TestVectors.near(rnd, centre, 0.015));
            }
            heldOut.add(TestVectors.near(rnd, centre, 0.015));
        }
        String[] l = labels.toArray(new String[0]);
        float[][] v = vectors.toArray(new float[0][]);
        SoftmaxClassifier softStd = SoftmaxClassifier.train(l, v, SoftmaxClassifier.Options.defaults());
        SoftmaxClassifier softRaw = SoftmaxClassifier.train(l, v, SoftmaxClassifier.Options.defaults().standardized(false));
        LinearSvmClassifier svmStd = LinearSvmClassifier.train(l, v, LinearSvmClassifier.Options.defaults());
        LinearSvmClassifier svmRaw = LinearSvmClassifier.train(l, v,
                LinearSvmClassifier.Options.defaults().standardized(false));
        int[] right = new int[4];
        for (int p = 0; p < PEOPLE; p++) {
            String want = "p" + p;
            float[] x = heldOut.get(p);
            right[0] += softStd.predict(x).label().equals(want) ? 1 : 0;
            right[1] += softRaw.predict(x).label().equals(want) ? 1 : 0;
            right[2] += svmStd.predict(x).label().equals(want) ? 1 : 0;
            right[3] += svmRaw.predict(x).label().equals(want) ? 1 : 0;
        }
        String counts = java.util.Arrays.toString(right) + " of " + PEOPLE + " (softmax std, raw; SVM std, raw)";
        assertTrue(right[0] >= 0.9 * PEOPLE && right[2] >= 0.9 * PEOPLE, counts);
        // The raw softmax stays bias-dominated here as on LFW (about a third right); the raw SVM's LFW loss is not
        // reproduced by this geometry, so only the standardised SVM's own figure is checked.
        assertTrue(right[1] < 0.6 * PEOPLE, "the raw softmax's failure is what this data shows: " + counts);
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
                vectors.toArray(new float[0][]), 0.05, ClassifierComparison.Options.defaults());
        assertEquals(ClassifierComparison.Protocol.ONE_IMAGE_STRANGERS, r.protocol());
        assertEquals(25, r.enrolledIdentities());
        assertEquals(25, r.knownProbes());
        assertEquals(100, r.unknownProbes());
        assertEquals(labels.size() - 125, r.enrolmentVectors());
        assertEquals(List.of("distance, one image enrolled", "distance to the mean template", "softmax classifier",
                "linear SVM"), r.methods().stream().map(ClassifierComparison.MethodResult::method).toList());
        for (ClassifierComparison.MethodResult m : r.methods()) {
            assertTrue(m.actualFar() <= 0.05, m.toString());
            assertTrue(m.rank1() >= 0.95, m.toString());
            assertTrue(m.dirAtFar() >= 0.9 && m.dirAtFar() <= m.rank1(), m.toString());
        }
        ClassifierComparison.MethodResult distance = r.methods().get(1);
        assertTrue(distance.threshold() > 0.2 && distance.threshold() < 2.0, "a squared-L2 cut between the clusters: "
                + distance);
    }

    /** A user's own folder: 8 people x 5 images, nobody with one image. */
    private static ClassifierComparison.Result ownPeople(long seed, double noise, double far, List<String> labels,
            List<float[]> vectors) {
        Random rnd = new Random(seed);
        for (int p = 0; p < 8; p++) {
            float[] centre = TestVectors.random(rnd, 128);
            for (int i = 0; i < 5; i++) {
                labels.add("p" + p);
                vectors.add(TestVectors.near(rnd, centre, noise));
            }
        }
        return ClassifierComparison.compare(labels.toArray(new String[0]), vectors.toArray(new float[0][]), far,
                ClassifierComparison.Options.defaults());
    }

    @Test
    void aFolderWithoutOneImagePeopleLeavesEachPersonOutInTurn() {
        ClassifierComparison.Result r = ownPeople(23, 0.05, 0.05, new ArrayList<>(), new ArrayList<>());
        assertEquals(ClassifierComparison.Protocol.LEAVE_ONE_PERSON_OUT, r.protocol());
        assertEquals(8, r.enrolledIdentities());
        assertEquals(32, r.enrolmentVectors());
        assertEquals(8, r.knownProbes());
        assertEquals(40, r.unknownProbes(), "every image of each left-out person");
        assertEquals(4, r.methods().size());
        for (ClassifierComparison.MethodResult m : r.methods()) {
            assertEquals(1.0, m.rank1(), m.toString());
            assertTrue(m.actualFar() <= 0.05, m.toString());
            assertEquals(1.0, m.dirAtFar(), "well separated people are accepted, strangers refused: " + m);
        }
    }

    /** Squared L2 between unit vectors, computed here rather than by the gallery. */
    private static double squaredL2(float[] a, float[] b) {
        float[] x = Vectors.normalized(a);
        float[] y = Vectors.normalized(b);
        double s = 0;
        for (int j = 0; j < x.length; j++) {
            s += (x[j] - y[j]) * (double) (x[j] - y[j]);
        }
        return s;
    }

    /**
     * Leave-one-person-out for the one-image distance method recomputed by hand: at FAR 0 the threshold is the smallest
     * distance from any person's image to another person's first image, and a known probe (the last image) is detected
     * when its nearest first image is its own and closer than that.
     */
    @Test
    void leaveOnePersonOutMatchesADirectComputationForOneEnrolledImage() {
        List<String> labels = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        ClassifierComparison.Result r = ownPeople(24, 0.12, 0.0, labels, vectors); // noisier: some probes refused
        ClassifierComparison.MethodResult oneImage = r.methods().get(0);
        assertEquals("distance, one image enrolled", oneImage.method());
        double threshold = Double.POSITIVE_INFINITY;
        for (int i = 0; i < labels.size(); i++) {
            for (int p = 0; p < 8; p++) {
                if (!labels.get(i).equals("p" + p)) {
                    threshold = Math.min(threshold, squaredL2(vectors.get(i), vectors.get(5 * p)));
                }
            }
        }
        int rank1 = 0;
        int detected = 0;
        for (int p = 0; p < 8; p++) {
            float[] probe = vectors.get(5 * p + 4);
            int nearest = 0;
            for (int q = 1; q < 8; q++) {
                if (squaredL2(probe, vectors.get(5 * q)) < squaredL2(probe, vectors.get(5 * nearest))) {
                    nearest = q;
                }
            }
            if (nearest == p) {
                rank1++;
                if (squaredL2(probe, vectors.get(5 * p)) < threshold) {
                    detected++;
                }
            }
        }
        assertEquals(threshold, oneImage.threshold(), 1e-5);
        assertEquals(0.0, oneImage.actualFar());
        assertEquals(rank1 / 8.0, oneImage.rank1());
        assertEquals(detected / 8.0, oneImage.dirAtFar());
        assertTrue(detected < 8, "the noisy case must refuse someone, else the check proves little: " + oneImage);
    }

    @Test
    void refusesFoldersTooSmallForTheProtocol() {
        String[] labels = {"a", "a", "b", "b"};
        float[][] vectors = {{1, 0}, {1, 0.1f}, {0, 1}, {0.1f, 1}};
        GalleryException e = assertThrows(GalleryException.class, () -> ClassifierComparison.compare(labels, vectors,
                0.05, ClassifierComparison.Options.defaults()));
        assertTrue(e.getMessage().contains("at least 3 people"), e.getMessage());
    }
}
