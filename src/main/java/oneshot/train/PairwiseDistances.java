package oneshot.train;

import ai.djl.ndarray.NDArray;

/**
 * Squared L2 distances between all items of a batch, as plain floats: what miners decide on.
 * Miners never need gradients, so this is a detached copy.
 */
public final class PairwiseDistances {
    private final int n;
    private final float[] d;

    private PairwiseDistances(int n, float[] d) {
        this.n = n;
        this.d = d;
    }

    /** From an N x N distance matrix (e.g. {@link TripletLoss#squaredDistances}); copied, no gradient kept. */
    public static PairwiseDistances of(NDArray matrix) {
        long[] s = matrix.getShape().getShape();
        if (s.length != 2 || s[0] != s[1]) {
            throw new IllegalArgumentException("Expected a square distance matrix, got shape " + matrix.getShape());
        }
        return new PairwiseDistances((int) s[0], matrix.toFloatArray());
    }

    /** Computes squared L2 distances between the rows of {@code embeddings}. */
    public static PairwiseDistances ofEmbeddings(float[][] embeddings) {
        int n = embeddings.length;
        float[] d = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                float[] x = embeddings[i];
                float[] y = embeddings[j];
                for (int k = 0; k < x.length; k++) {
                    double t = x[k] - y[k];
                    s += t * t;
                }
                d[i * n + j] = (float) s;
                d[j * n + i] = (float) s;
            }
        }
        return new PairwiseDistances(n, d);
    }

    /** From a full row-major N x N matrix. */
    public static PairwiseDistances ofMatrix(float[][] m) {
        int n = m.length;
        float[] d = new float[n * n];
        for (int i = 0; i < n; i++) {
            if (m[i].length != n) {
                throw new IllegalArgumentException("Row " + i + " has " + m[i].length + " entries, expected " + n);
            }
            System.arraycopy(m[i], 0, d, i * n, n);
        }
        return new PairwiseDistances(n, d);
    }

    public int size() { return n; }

    public float get(int i, int j) { return d[i * n + j]; }
}
