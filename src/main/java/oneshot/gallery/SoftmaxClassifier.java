package oneshot.gallery;

import java.util.Arrays;

/**
 * Multinomial logistic regression on gallery embeddings, trained by full-batch gradient descent with momentum.
 *
 * <p>The classical alternative to nearest-template matching for people with several images (OpenFace's SVM demo and
 * the softmax heads of other projects): it learns which directions separate the enrolled people. It must be retrained
 * when someone is added, and it only knows the enrolled people, so "unknown" comes from a probability threshold.
 */
public final class SoftmaxClassifier {
    /**
     * Training settings. The defaults centre and scale the vectors first ({@link FeatureScaling}) and step at 0.1: on
     * raw unit vectors (learning rate 2) the head stayed bias-dominated, LFW rank-1 0.0517 against 0.7817 now.
     */
    public record Options(int epochs, double learningRate, double momentum, double l2, boolean standardize) {
        public static Options defaults() {
            return new Options(300, 0.1, 0.9, 1e-4, true);
        }

        public Options standardized(boolean on) {
            return new Options(epochs, learningRate, momentum, l2, on);
        }
    }

    /** The most probable enrolled label and its probability. */
    public record Prediction(String label, double probability) {}

    private final String[] classes;
    private final int dim;
    private final double[] weights; // classes x (dim + 1), the last column is the bias
    private final FeatureScaling scaling;

    private SoftmaxClassifier(String[] classes, int dim, double[] weights, FeatureScaling scaling) {
        this.classes = classes;
        this.dim = dim;
        this.weights = weights;
        this.scaling = scaling;
    }

    /** Trains on (label, vector) pairs; vectors are normalised to unit length first, as the gallery stores them. */
    public static SoftmaxClassifier train(String[] labels, float[][] vectors, Options o) {
        LabelledVectors data = LabelledVectors.of(labels, vectors);
        int[] y = data.classOf();
        String[] classes = data.classes();
        int k = classes.length;
        int d = data.dim();
        int stride = d + 1;
        FeatureScaling scaling = o.standardize() ? FeatureScaling.fit(data.unit()) : FeatureScaling.identity(d);
        float[][] x = scaling.apply(data.unit());
        double[] w = new double[k * stride];
        double[] velocity = new double[w.length];
        double[] grad = new double[w.length];
        double[] p = new double[k];
        int n = x.length;
        for (int epoch = 0; epoch < o.epochs(); epoch++) {
            Arrays.fill(grad, 0);
            for (int i = 0; i < n; i++) {
                probabilities(w, k, d, x[i], p);
                p[y[i]] -= 1; // d(cross-entropy)/d(logit) = p - onehot
                for (int c = 0; c < k; c++) {
                    double g = p[c] / n;
                    if (g == 0) {
                        continue;
                    }
                    int row = c * stride;
                    for (int j = 0; j < d; j++) {
                        grad[row + j] += g * x[i][j];
                    }
                    grad[row + d] += g;
                }
            }
            for (int i = 0; i < w.length; i++) {
                boolean bias = i % stride == d;
                double g = grad[i] + (bias ? 0 : o.l2() * w[i]);
                velocity[i] = o.momentum() * velocity[i] - o.learningRate() * g;
                w[i] += velocity[i];
            }
        }
        return new SoftmaxClassifier(classes, d, w, scaling);
    }

    private static void probabilities(double[] w, int k, int d, float[] x, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            int row = c * (d + 1);
            double z = w[row + d];
            for (int j = 0; j < d; j++) {
                z += w[row + j] * x[j];
            }
            out[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            out[c] = Math.exp(out[c] - max); // shifted by the max: no overflow
            sum += out[c];
        }
        for (int c = 0; c < k; c++) {
            out[c] /= sum;
        }
    }

    public Prediction predict(float[] vector) {
        if (vector.length != dim) {
            throw new GalleryException("vector has " + vector.length + " dimensions, the classifier " + dim);
        }
        double[] p = new double[classes.length];
        probabilities(weights, classes.length, dim, scaling.apply(Vectors.normalized(vector)), p);
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return new Prediction(classes[best], p[best]);
    }

    public int classCount() {
        return classes.length;
    }
}
