package oneshot.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;

/**
 * Triplet loss on squared L2 distances, {@code max(0, d(a,p) - d(a,n) + margin)}, built from NDArray operations so
 * autograd reaches the embeddings. Embeddings are expected to be unit vectors (distances in [0, 4]), as FaceNet and
 * OpenFace use them; margin 0.2 by default.
 *
 * <p>Not a DJL {@code Loss} on purpose: DJL re-evaluates a {@code Loss} for its metrics, which with random mining
 * would log a different value from the one trained on. Here the value is computed once and returned with its stats.
 */
public final class TripletLoss {
    public static final float DEFAULT_MARGIN = 0.2f;

    /** How per-triplet losses become one number. */
    public enum Reduction {
        /** Mean over all mined triplets (FaceNet, OpenFace). */
        MEAN_ALL,
        /** Mean over triplets with positive loss only (Hermans et al. batch-all), so easy triplets do not dilute it. */
        MEAN_ACTIVE
    }

    private final float margin;
    private final Reduction reduction;

    public TripletLoss() {
        this(DEFAULT_MARGIN, Reduction.MEAN_ALL);
    }

    public TripletLoss(float margin, Reduction reduction) {
        if (!(margin >= 0)) {
            throw new IllegalArgumentException("Triplet margin must be >= 0, got " + margin);
        }
        this.margin = margin;
        this.reduction = reduction;
    }

    public float margin() { return margin; }

    public Reduction reduction() { return reduction; }

    /** N x D embeddings to the N x N matrix of squared L2 distances (clamped at 0 against rounding), differentiable. */
    public static NDArray squaredDistances(NDArray embeddings) {
        if (embeddings.getShape().dimension() != 2) {
            throw new IllegalArgumentException("Embeddings must be N x D, got shape " + embeddings.getShape());
        }
        NDArray sq = embeddings.square().sum(new int[] {1}, true);
        NDArray dot = embeddings.matMul(embeddings.transpose());
        return sq.add(sq.transpose()).sub(dot.mul(2f)).maximum(0f);
    }

    /**
     * The loss of the given triplets over a distance matrix from {@link #squaredDistances}.
     * With no triplet the result has no loss array and says so; it is never a silent zero.
     */
    public Result compute(NDArray distances, Triplets triplets) {
        if (triplets.isEmpty()) {
            return new Result(null, TripletStats.noValidTriplet(triplets.candidatePairs()));
        }
        long n = distances.getShape().get(0);
        int m = triplets.size();
        long[] ap = new long[m];
        long[] an = new long[m];
        for (int i = 0; i < m; i++) {
            long a = triplets.anchors()[i];
            ap[i] = a * n + triplets.positives()[i];
            an[i] = a * n + triplets.negatives()[i];
        }
        NDManager manager = distances.getManager();
        NDArray flat = distances.reshape(-1);
        NDArray dap = flat.take(manager.create(ap));
        NDArray dan = flat.take(manager.create(an));
        NDArray perTriplet = Activation.relu(dap.sub(dan).add(margin));

        float[] per = perTriplet.toFloatArray();
        int active = 0;
        for (float v : per) {
            if (v > 0) {
                active++;
            }
        }
        NDArray loss = reduction == Reduction.MEAN_ALL
                ? perTriplet.mean()
                : perTriplet.sum().div((float) Math.max(1, active));
        TripletStats stats = new TripletStats(loss.getFloat(), m, triplets.candidatePairs(), active / (float) m,
                mean(dap.toFloatArray()), mean(dan.toFloatArray()));
        return new Result(loss, stats);
    }

    private static float mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return (float) (s / v.length);
    }

    /**
     * @param loss  scalar to back-propagate, or null when there was no valid triplet
     * @param stats the numbers to log, taken from that same scalar
     */
    public record Result(NDArray loss, TripletStats stats) {
        public boolean hasLoss() {
            return loss != null;
        }
    }
}
