package oneshot.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Receiver operating characteristic of a distance: for every cut between distinct distance values, the true accept rate (TAR,
 * "same" pairs accepted) against the false accept rate (FAR, "different" pairs accepted), accepting when
 * {@code distance < threshold}.
 *
 * <p>Ties are handled exactly: pairs with the same distance enter the curve together (a diagonal segment), so the trapezoid
 * AUC equals the Mann-Whitney statistic {@code P(d+ < d-) + P(d+ = d-)/2}. Infinite distances (used for "never accepted", e.g. a
 * misidentified probe in the open-set curve) count in the denominators but are never accepted.
 */
public final class RocCurve {

    /**
     * An operating point: {@code threshold} lies midway between the largest accepted distance ({@code lastAccepted}) and the next
     * distance value; the first point ({@code lastAccepted = -inf}) accepts nothing.
     */
    public record Point(double threshold, double lastAccepted, double far, double tar) {
        public double frr() { return 1 - tar; }
    }

    private final List<Point> points;
    private final long positives;
    private final long negatives;
    private final double auc;

    private RocCurve(List<Point> points, long positives, long negatives, double auc) {
        this.points = points;
        this.positives = positives;
        this.negatives = negatives;
        this.auc = auc;
    }

    public static RocCurve of(VerificationScores s) {
        return of(s.distance(), s.same());
    }

    public static RocCurve of(double[] distance, boolean[] same) {
        Sorted sorted = Sorted.of(distance, same);
        int[] ones = new int[distance.length];
        Arrays.fill(ones, 1);
        return weighted(sorted, ones);
    }

    /** Pairs sorted by distance once, so that bootstrap replicates only re-weight them. */
    record Sorted(double[] distance, boolean[] same) {
        static Sorted of(double[] distance, boolean[] same) {
            if (distance.length != same.length) {
                throw new IllegalArgumentException("distances and labels differ in length");
            }
            Integer[] order = new Integer[distance.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(distance[a], distance[b]));
            double[] d = new double[order.length];
            boolean[] s = new boolean[order.length];
            for (int i = 0; i < order.length; i++) {
                d[i] = distance[order[i]];
                s[i] = same[order[i]];
                if (Double.isNaN(d[i])) {
                    throw new IllegalArgumentException("distance " + order[i] + " is NaN");
                }
            }
            return new Sorted(d, s);
        }
    }

    /** The curve with pair i counted {@code weight[i]} times (pairs in {@link Sorted} order). */
    static RocCurve weighted(Sorted s, int[] weight) {
        double[] d = s.distance();
        long pos = 0, neg = 0;
        for (int i = 0; i < d.length; i++) {
            if (s.same()[i]) {
                pos += weight[i];
            } else {
                neg += weight[i];
            }
        }
        if (pos == 0 || neg == 0) {
            throw new IllegalArgumentException("a ROC needs both same and different pairs (same " + pos + ", different " + neg + ")");
        }
        List<Point> pts = new ArrayList<>();
        int i = 0;
        double first = d.length == 0 ? 0 : d[0];
        pts.add(new Point(first, Double.NEGATIVE_INFINITY, 0, 0));
        long tp = 0, fp = 0;
        double aucSum = 0; // sum over negatives of (positives strictly below + half the tied positives)
        while (i < d.length && d[i] != Double.POSITIVE_INFINITY) {
            double v = d[i];
            long gp = 0, gn = 0;
            while (i < d.length && d[i] == v) {
                if (s.same()[i]) {
                    gp += weight[i];
                } else {
                    gn += weight[i];
                }
                i++;
            }
            if (gp == 0 && gn == 0) {
                continue;
            }
            aucSum += gn * (tp + gp / 2.0);
            tp += gp;
            fp += gn;
            double next = i < d.length ? d[i] : Double.POSITIVE_INFINITY;
            double threshold = next == Double.POSITIVE_INFINITY ? Math.nextUp(v) : v + (next - v) / 2;
            pts.add(new Point(threshold, v, fp / (double) neg, tp / (double) pos));
        }
        // Never-accepted negatives (infinite distance) are ranked after every finite positive.
        aucSum += (neg - fp) * (double) tp;
        long infPos = pos - tp;
        aucSum += (neg - fp) * infPos / 2.0;
        return new RocCurve(List.copyOf(pts), pos, neg, aucSum / ((double) pos * neg));
    }

    public List<Point> points() { return points; }
    public long positives() { return positives; }
    public long negatives() { return negatives; }

    /** Area under the curve, equal to the Mann-Whitney U of positives vs negatives divided by (n+ n-). */
    public double auc() { return auc; }

    /**
     * The operating point with the highest TAR whose FAR does not exceed {@code targetFar}; its threshold is the calibrated
     * threshold for that FAR (midway between the last accepted distance and the next one).
     */
    public Point atFar(double targetFar) {
        Point best = points.get(0);
        for (Point p : points) {
            if (p.far() <= targetFar + 1e-12) {
                best = p;
            } else {
                break;
            }
        }
        return best;
    }

    public double tarAtFar(double targetFar) { return atFar(targetFar).tar(); }

    /** Equal error rate: where FAR = FRR, linearly interpolated between the two operating points that straddle it. */
    public double eer() { return eerPoint()[0]; }

    /** Threshold at the equal error rate (interpolated like {@link #eer()}). */
    public double eerThreshold() { return eerPoint()[1]; }

    private double[] eerPoint() {
        Point prev = points.get(0);
        for (Point p : points) {
            double diff = p.far() - p.frr();
            if (diff >= 0) {
                double prevDiff = prev.far() - prev.frr();
                double s = diff == prevDiff ? 0 : -prevDiff / (diff - prevDiff);
                double eer = prev.far() + s * (p.far() - prev.far());
                double th = prev.threshold() + s * (p.threshold() - prev.threshold());
                return new double[] {eer, th};
            }
            prev = p;
        }
        // FAR never reaches FRR: some positives are never accepted (infinite distance).
        Point last = points.get(points.size() - 1);
        return new double[] {Math.max(last.far(), last.frr()), last.threshold()};
    }
}
