package oneshot.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Locale;

/**
 * Relational distance distillation: the student's pairwise distances within a batch are pulled towards the teacher's,
 * over every pair {@code i < j} of the batch (one-image people included: they need no positive).
 *
 * <ul>
 *   <li>{@link Kind#RKD}: Park et al. 2019, RKD-D. Euclidean distances, each side divided by its own mean over the
 *       batch's pairs (the student's mean stays in the graph, as in the authors' code), then smooth-L1 (Huber with
 *       delta 1) of the difference, averaged over pairs. Scale-free: only the shape of the distance pattern is taught.
 *   <li>{@link Kind#SQUARED_L2}: both embeddings are unit vectors, so their squared L2 distances share one scale (0..4);
 *       the student's squared distances are matched to the teacher's directly, mean squared difference over pairs.
 *       This also teaches the teacher's absolute spread (where "same person" ends).
 * </ul>
 * Teacher distances are constants (no gradient); student distances come from {@link TripletLoss#squaredDistances}.
 */
public final class DistanceDistillation {
    /** Below this the Euclidean distance's gradient (1 / 2 sqrt(d)) blows up; pairs of identical images sit here. */
    private static final float SQRT_EPS = 1e-12f;

    public enum Kind {
        RKD("rkd"), SQUARED_L2("squared-l2");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() { return label; }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.label.equals(s.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("Unknown distillation '" + s + "' (rkd, squared-l2)");
        }
    }

    private final Kind kind;

    public DistanceDistillation(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() { return kind; }

    /**
     * @param studentSquared N x N squared L2 distances of the student's embeddings (differentiable)
     * @param teacherSquared the teacher's squared L2 distances between the same N items (unit embeddings)
     * @return the loss over the N(N-1)/2 pairs, or no loss for N &lt; 2
     */
    public Result compute(NDArray studentSquared, PairwiseDistances teacherSquared) {
        int n = (int) studentSquared.getShape().get(0);
        if (teacherSquared.size() != n) {
            throw new IllegalArgumentException("Teacher distances are " + teacherSquared.size() + " x "
                    + teacherSquared.size() + " for a batch of " + n);
        }
        int pairs = n * (n - 1) / 2;
        if (pairs == 0) {
            return new Result(null, Float.NaN, 0, Float.NaN);
        }
        long[] upper = new long[pairs];
        float[] teacher = new float[pairs];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                upper[k] = (long) i * n + j;
                teacher[k] = teacherSquared.get(i, j);
                k++;
            }
        }
        NDManager m = studentSquared.getManager();
        NDArray s = studentSquared.reshape(-1).take(m.create(upper));
        NDArray loss;
        if (kind == Kind.RKD) {
            double tMean = 0;
            for (int i = 0; i < pairs; i++) {
                teacher[i] = (float) Math.sqrt(Math.max(teacher[i], 0));
                tMean += teacher[i];
            }
            tMean /= pairs;
            if (!(tMean > 0)) {
                throw new IllegalArgumentException("Teacher embeddings of the batch are all identical: RKD needs a"
                        + " positive mean distance");
            }
            NDArray se = s.add(SQRT_EPS).sqrt();
            NDArray sNorm = se.div(se.mean());
            NDArray t = m.create(teacher).div((float) tMean);
            NDArray diff = sNorm.sub(t);
            NDArray abs = diff.abs();
            // Huber(delta 1): 0.5 x^2 where |x| < 1, |x| - 0.5 elsewhere (torch's smooth_l1_loss, beta 1).
            NDArray huber = abs.lt(1f).toType(diff.getDataType(), false).mul(diff.square().mul(0.5f))
                    .add(abs.gte(1f).toType(diff.getDataType(), false).mul(abs.sub(0.5f)));
            loss = huber.mean();
        } else {
            loss = s.sub(m.create(teacher)).square().mean();
        }
        float[] sv = s.toFloatArray();
        return new Result(loss, loss.getFloat(), pairs, correlation(sv, teacherSquaredValues(teacherSquared, n)));
    }

    private static float[] teacherSquaredValues(PairwiseDistances t, int n) {
        float[] v = new float[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                v[k++] = t.get(i, j);
            }
        }
        return v;
    }

    /** Pearson correlation of student and teacher squared distances: how well the student's pattern follows. */
    static float correlation(float[] a, float[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa > 0 && sbb > 0 ? (float) (sab / Math.sqrt(saa * sbb)) : Float.NaN;
    }

    /**
     * @param loss        scalar to back-propagate (null for a batch of fewer than 2 items)
     * @param value       its value
     * @param pairs       pairs it was averaged over
     * @param correlation Pearson correlation between student and teacher squared distances over those pairs
     */
    public record Result(NDArray loss, float value, int pairs, float correlation) {
        public boolean hasLoss() {
            return loss != null;
        }
    }
}
