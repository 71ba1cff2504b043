package oneshot.gallery;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.Random;

/**
 * One-vs-rest linear SVM on gallery embeddings, trained by liblinear (L2-regularised squared-hinge loss, dual coordinate
 * descent: liblinear's default solver {@code L2R_L2LOSS_SVC_DUAL}).
 *
 * <p>OpenFace's classifier demo fits a linear SVM on its embeddings; this is that head with a well-kept library. One-vs-rest
 * rather than Crammer-Singer because each person's score is then the signed margin of a "this person or anyone else"
 * hyperplane, {@code w·x + b}: positive means the person beats the rest, so a threshold on the best score is an "unknown"
 * rule with a meaning, as the probability is for {@link SoftmaxClassifier}. Like the softmax it must be retrained when
 * someone is added and knows only the enrolled people. Training is deterministic: liblinear's coordinate order comes from
 * a {@link Random} seeded from {@link Options#seed()}.
 */
public final class LinearSvmClassifier {
    static {
        Linear.disableDebugOutput(); // liblinear prints its iterations to stdout otherwise
    }

    /**
     * Training settings: {@code c} is the SVM's cost (1, the default of liblinear and of OpenFace's demo), {@code eps} the
     * dual solver's stopping tolerance (tighter than liblinear's 0.1: the problems here are a few thousand vectors).
     * By default the vectors are centred and scaled on the training vectors first ({@link FeatureScaling}): on LFW
     * (dlib-resnet34 vectors, docs/gallery.md) rank-1 went from 0.4625 on raw unit vectors to 0.8243; with per-dimension
     * scales C = 1 and C = 3 gave 0.8243 and 0.8269, so C stays 1 unless {@link #crossValidatedC} is asked for.
     */
    public record Options(double c, double eps, long seed, boolean standardize, boolean chooseC) {
        public Options {
            if (!(c > 0) || !(eps > 0)) {
                throw new GalleryException("the SVM needs a positive cost and tolerance, got C=" + c + ", eps=" + eps);
            }
        }

        public static Options defaults() {
            return new Options(1.0, 0.01, 20261201L, true, false);
        }

        /** Each dimension centred and scaled on the training vectors first ({@link FeatureScaling}). */
        public Options standardized(boolean on) {
            return new Options(c, eps, seed, on, chooseC);
        }

        /** C chosen on the training vectors alone by {@value #CV_FOLDS}-fold cross-validation over {@link #C_GRID}. */
        public Options crossValidatedC(boolean on) {
            return new Options(c, eps, seed, standardize, on);
        }
    }

    /** The costs tried when C is cross-validated: half-decades from 0.001 to 100. */
    static final double[] C_GRID = {1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3, 10, 30, 100};
    static final int CV_FOLDS = 3;

    /** The enrolled label with the largest decision value, and that value. */
    public record Prediction(String label, double score) {}

    /** liblinear's bias feature value: each vector gets one extra feature of this value, so w·x + b is one dot product. */
    private static final double BIAS = 1.0;

    private final String[] classes; // our class index -> label
    private final int[] classOfModelLabel; // liblinear's label order -> our class index
    private final int dim;
    private final Model model;
    private final FeatureScaling scaling;
    private final double c;

    private LinearSvmClassifier(String[] classes, int dim, Model model, FeatureScaling scaling, double c) {
        this.c = c;
        this.classes = classes;
        this.dim = dim;
        this.model = model;
        this.scaling = scaling;
        this.classOfModelLabel = model.getLabels(); // liblinear's labels are the class indices it was given as y
    }

    /** Trains on (label, vector) pairs; vectors are normalised to unit length first, as the gallery stores them. */
    public static LinearSvmClassifier train(String[] labels, float[][] vectors, Options o) {
        LabelledVectors data = LabelledVectors.of(labels, vectors);
        if (data.classes().length < 2) {
            throw new GalleryException("a linear SVM separates people: it needs at least two, got " + data.classes().length);
        }
        FeatureScaling scaling = o.standardize() ? FeatureScaling.fit(data.unit()) : FeatureScaling.identity(data.dim());
        float[][] x = scaling.apply(data.unit());
        Problem problem = new Problem();
        problem.l = x.length;
        problem.n = data.dim() + 1;
        problem.bias = BIAS;
        problem.y = new double[problem.l];
        problem.x = new Feature[problem.l][];
        for (int i = 0; i < problem.l; i++) {
            problem.y[i] = data.classOf()[i];
            problem.x[i] = features(x[i]);
        }
        double c = o.chooseC() ? crossValidatedC(problem, o) : o.c();
        Parameter parameter = new Parameter(SolverType.L2R_L2LOSS_SVC_DUAL, c, o.eps());
        parameter.setRandom(new Random(o.seed()));
        return new LinearSvmClassifier(data.classes(), data.dim(), Linear.train(problem, parameter), scaling, c);
    }

    /**
     * The grid's C with the best cross-validated accuracy on the training vectors (the smallest on a tie: the most
     * regularised). Nothing outside the training vectors is looked at, so the probes of an evaluation stay unseen.
     */
    private static double crossValidatedC(Problem problem, Options o) {
        double best = C_GRID[0];
        int bestRight = -1;
        double[] predicted = new double[problem.l];
        for (double c : C_GRID) {
            Parameter p = new Parameter(SolverType.L2R_L2LOSS_SVC_DUAL, c, o.eps());
            p.setRandom(new Random(o.seed())); // the same folds for every C
            Linear.crossValidation(problem, p, Math.min(CV_FOLDS, problem.l), predicted);
            int right = 0;
            for (int i = 0; i < problem.l; i++) {
                if (predicted[i] == problem.y[i]) {
                    right++;
                }
            }
            if (right > bestRight) {
                bestRight = right;
                best = c;
            }
        }
        return best;
    }

    /** The cost the SVM was trained with (given, or chosen by cross-validation). */
    public double c() {
        return c;
    }

    /** liblinear's sparse form of a dense vector, with the bias feature last (index d + 1). */
    private static Feature[] features(float[] unit) {
        Feature[] f = new Feature[unit.length + 1];
        for (int j = 0; j < unit.length; j++) {
            f[j] = new FeatureNode(j + 1, unit[j]);
        }
        f[unit.length] = new FeatureNode(unit.length + 1, BIAS);
        return f;
    }

    /** Every enrolled label's decision value w·x + b on the unit-length {@code vector}, in training order of the labels. */
    public double[] decisionValues(float[] vector) {
        if (vector.length != dim) {
            throw new GalleryException("vector has " + vector.length + " dimensions, the classifier " + dim);
        }
        double[] raw = new double[model.getNrClass()];
        Linear.predictValues(model, features(scaling.apply(Vectors.normalized(vector))), raw);
        double[] byClass = new double[classes.length];
        if (classes.length == 2) {
            // liblinear keeps one hyperplane for two classes: positive for its first label, negative for the second
            byClass[classOfModelLabel[0]] = raw[0];
            byClass[classOfModelLabel[1]] = -raw[0];
        } else {
            for (int i = 0; i < raw.length; i++) {
                byClass[classOfModelLabel[i]] = raw[i];
            }
        }
        return byClass;
    }

    public Prediction predict(float[] vector) {
        double[] v = decisionValues(vector);
        int best = 0;
        for (int c = 1; c < v.length; c++) {
            if (v[c] > v[best]) {
                best = c;
            }
        }
        return new Prediction(classes[best], v[best]);
    }

    /** The labels in the order of {@link #decisionValues}. */
    public String[] labels() {
        return classes.clone();
    }

    public int classCount() {
        return classes.length;
    }

    /** liblinear's model, for tests that recompute w·x + b from its weights. */
    Model model() {
        return model;
    }
}
