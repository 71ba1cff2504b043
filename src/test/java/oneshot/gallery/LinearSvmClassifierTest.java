package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.liblinear.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearSvmClassifierTest {
    private static void clusters(Random rnd, int people, int images, double noise, List<String> labels,
            List<float[]> vectors) {
        for (int p = 0; p < people; p++) {
            float[] centre = TestVectors.random(rnd, 128);
            for (int i = 0; i < images; i++) {
                labels.add("p" + p);
                vectors.add(TestVectors.near(rnd, centre, noise));
            }
        }
    }

    private static LinearSvmClassifier train(List<String> labels, List<float[]> vectors, LinearSvmClassifier.Options o) {
        return LinearSvmClassifier.train(labels.toArray(new String[0]), vectors.toArray(new float[0][]), o);
    }

    @Test
    void separableClustersAreAllClassifiedRightAndTrainingIsDeterministic() {
        Random rnd = new Random(31);
        List<String> labels = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        clusters(rnd, 8, 4, 0.05, labels, vectors); // 128-d, 32 points: linearly separable
        LinearSvmClassifier svm = train(labels, vectors, LinearSvmClassifier.Options.defaults().standardized(false));
        assertEquals(8, svm.classCount());
        for (int i = 0; i < labels.size(); i++) {
            LinearSvmClassifier.Prediction p = svm.predict(vectors.get(i));
            assertEquals(labels.get(i), p.label(), "training vector " + i);
            assertTrue(p.score() > 0, "the own person's hyperplane is on the right side: " + p);
        }
        double stranger = svm.predict(TestVectors.random(rnd, 128)).score();
        assertTrue(stranger < 0, "on raw unit vectors a random direction is 'the rest' for every person: " + stranger);
        LinearSvmClassifier again = train(labels, vectors, LinearSvmClassifier.Options.defaults().standardized(false));
        assertArrayEquals(svm.model().getFeatureWeights(), again.model().getFeatureWeights(), "same seed, same model");
    }

    @Test
    void decisionValuesAreWeightsTimesTheUnitVectorPlusBias() {
        Random rnd = new Random(32);
        List<String> labels = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        clusters(rnd, 5, 3, 0.3, labels, vectors);
        LinearSvmClassifier svm = train(labels, vectors, LinearSvmClassifier.Options.defaults().standardized(false));
        float[] probe = TestVectors.random(rnd, 128);
        assertDecisionValues(svm, probe, Vectors.normalized(probe), 1e-9);
    }

    /** Each class's decision value is w·features + b, from liblinear's own weights, for the features the model saw. */
    private static void assertDecisionValues(LinearSvmClassifier svm, float[] probe, float[] features, double tol) {
        Model m = svm.model();
        double[] w = m.getFeatureWeights(); // liblinear's layout: feature j of class c at j * classes + c, bias feature last
        int nrW = m.getNrClass();
        int[] modelLabels = m.getLabels(); // our class index for each of liblinear's columns
        double[] got = svm.decisionValues(probe);
        for (int c = 0; c < nrW; c++) {
            double z = w[128 * nrW + c]; // bias feature (value 1)
            for (int j = 0; j < 128; j++) {
                z += w[j * nrW + c] * features[j];
            }
            assertEquals(z, got[modelLabels[c]], tol, "class " + svm.labels()[modelLabels[c]]);
        }
    }

    @Test
    void standardisedDecisionValuesAreWeightsTimesTheScaledUnitVectorPlusBias() {
        Random rnd = new Random(33);
        List<String> labels = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        clusters(rnd, 5, 3, 0.3, labels, vectors);
        LinearSvmClassifier svm = train(labels, vectors, LinearSvmClassifier.Options.defaults().standardized(true));
        // the scaling the model must have used, computed here from the unit training vectors: centre, one scale
        int n = vectors.size();
        double[] mean = new double[128];
        for (float[] v : vectors) {
            float[] u = Vectors.normalized(v);
            for (int j = 0; j < 128; j++) {
                mean[j] += u[j] / n;
            }
        }
        double sq = 0;
        for (float[] v : vectors) {
            float[] u = Vectors.normalized(v);
            for (int j = 0; j < 128; j++) {
                sq += (u[j] - mean[j]) * (u[j] - mean[j]);
            }
        }
        double scale = Math.sqrt(sq / (n * 128.0));
        float[] unit = Vectors.normalized(TestVectors.random(rnd, 128));
        float[] scaled = new float[128];
        for (int j = 0; j < 128; j++) {
            scaled[j] = (float) ((unit[j] - mean[j]) * (1 / scale));
        }
        assertDecisionValues(svm, unit, scaled, 1e-5);
    }

    @Test
    void crossValidatedCostComesFromTheGridAndRepeats() {
        Random rnd = new Random(34);
        List<String> labels = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        clusters(rnd, 6, 6, 0.6, labels, vectors); // noisy people: not every C fits equally well
        LinearSvmClassifier.Options o = LinearSvmClassifier.Options.defaults().standardized(true).crossValidatedC(true);
        LinearSvmClassifier svm = train(labels, vectors, o);
        assertTrue(java.util.Arrays.stream(LinearSvmClassifier.C_GRID).anyMatch(c -> c == svm.c()), "C " + svm.c());
        LinearSvmClassifier again = train(labels, vectors, o);
        assertEquals(svm.c(), again.c(), "same seed, same folds, same C");
        assertArrayEquals(svm.model().getFeatureWeights(), again.model().getFeatureWeights());
        assertEquals(1.0, train(labels, vectors, LinearSvmClassifier.Options.defaults()).c(), "a given C is kept");
    }

    /**
     * Two unit vectors (1,0) and (-1,0): by symmetry liblinear's solution is w = (a, 0) with bias 0, and the primal
     * 1/2 a^2 + C * 2 (1 - a)^2 of the squared hinge is smallest at a = 4C / (1 + 4C): 0.8 for C = 1.
     */
    @Test
    void twoPointProblemMatchesTheClosedFormOptimum() {
        LinearSvmClassifier svm = LinearSvmClassifier.train(new String[] {"east", "west"},
                new float[][] {{1, 0}, {-1, 0}}, new LinearSvmClassifier.Options(1.0, 1e-8, 1, false, false));
        double a = 4.0 / 5.0;
        assertArrayEquals(new double[] {a, -a}, svm.decisionValues(new float[] {1, 0}), 1e-6);
        assertArrayEquals(new double[] {-a, a}, svm.decisionValues(new float[] {-1, 0}), 1e-6);
        assertArrayEquals(new double[] {0, 0}, svm.decisionValues(new float[] {0, 1}), 1e-6);
        LinearSvmClassifier.Prediction p = svm.predict(new float[] {-2, 0}); // normalised to (-1, 0) first
        assertEquals("west", p.label());
        assertEquals(a, p.score(), 1e-6);
    }

    @Test
    void refusesOnePersonAndMismatchedInput() {
        assertThrows(GalleryException.class, () -> LinearSvmClassifier.train(new String[] {"a", "a"},
                new float[][] {{1, 0}, {0, 1}}, LinearSvmClassifier.Options.defaults()));
        assertThrows(GalleryException.class, () -> LinearSvmClassifier.train(new String[] {"a"},
                new float[][] {{1, 0}, {0, 1}}, LinearSvmClassifier.Options.defaults()));
        LinearSvmClassifier svm = LinearSvmClassifier.train(new String[] {"a", "b"}, new float[][] {{1, 0}, {0, 1}},
                LinearSvmClassifier.Options.defaults());
        assertThrows(GalleryException.class, () -> svm.predict(new float[] {1, 0, 0}));
    }
}
