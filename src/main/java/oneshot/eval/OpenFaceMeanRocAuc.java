package oneshot.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The AUC as OpenFace's {@code evaluation/lfw.py} plots it (its published 0.973 for nn4.small2.v1), for comparison with that
 * figure: per fold, TPR and FPR at every threshold of the grid ({@code writeROC}, stopping once both reach 1); each fold's curve
 * linearly interpolated ({@code scipy interp1d}) at 1000 FPRs in [0, 1], an interpolated NaN counted as 0; the ten curves
 * averaged; the area by trapezoids, with (1, last TPR) appended when the last FPR is below 1 ({@code getAUC}).
 *
 * <p>Where a fold's curve has several points with the same FPR, interp1d's result depends on how numpy orders equal keys; this
 * port assumes the stable order (ascending threshold), so it approximates OpenFace's number rather than reproducing it bit for
 * bit. Notably at FPR = 0 the lower bracket and upper bracket share x, giving NaN, hence TPR 0 there, as in OpenFace.
 * The exact pooled AUC is {@link RocCurve#auc()}.
 */
public final class OpenFaceMeanRocAuc {
    private OpenFaceMeanRocAuc() {}

    public static double compute(VerificationScores s, double[] grid) {
        int k = s.folds();
        int m = 1000;
        double[] xs = new double[m];
        for (int i = 0; i < m; i++) {
            xs[i] = i / (double) (m - 1); // numpy.linspace(0, 1, 1000)
        }
        double[] mean = new double[m];
        for (int f = 0; f < k; f++) {
            double[][] roc = foldRoc(s, f, grid);
            for (int i = 0; i < m; i++) {
                double v = interp(roc[0], roc[1], xs[i]);
                mean[i] += Double.isNaN(v) ? 0.0 : v;
            }
        }
        for (int i = 0; i < m; i++) {
            mean[i] /= k;
        }
        // getAUC: sort by (fpr, tpr) (already sorted), append (1, last) if needed, numpy.trapz
        double area = 0;
        for (int i = 1; i < m; i++) {
            area += (xs[i] - xs[i - 1]) * (mean[i] + mean[i - 1]) / 2;
        }
        if (xs[m - 1] != 1.0) {
            area += (1.0 - xs[m - 1]) * mean[m - 1];
        }
        return area;
    }

    /** {fpr[], tpr[]} of one fold at the grid thresholds, in threshold order, as writeROC writes them. */
    static double[][] foldRoc(VerificationScores s, int fold, double[] grid) {
        List<double[]> rows = new ArrayList<>();
        for (double t : grid) {
            long tp = 0, fp = 0, tn = 0, fn = 0;
            for (int i = 0; i < s.size(); i++) {
                if (s.fold()[i] != fold) {
                    continue;
                }
                boolean predict = s.distance()[i] < t;
                if (predict && s.same()[i]) {
                    tp++;
                } else if (predict) {
                    fp++;
                } else if (!s.same()[i]) {
                    tn++;
                } else {
                    fn++;
                }
            }
            double tpr = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
            double fpr = fp + tn == 0 ? 0 : fp / (double) (fp + tn);
            rows.add(new double[] {fpr, tpr});
            if (tpr == 1.0 && fpr == 1.0) {
                rows.add(new double[] {fpr, tpr}); // the extra "4.0" row
                break;
            }
        }
        double[][] out = new double[2][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            out[0][i] = rows.get(i)[0];
            out[1][i] = rows.get(i)[1];
        }
        return out;
    }

    /** scipy interp1d(x, y) linear at xNew, x sorted ascending (stable for ties); NaN where the bracket has zero width. */
    static double interp(double[] x, double[] y, double xNew) {
        int n = x.length;
        if (xNew < x[0] || xNew > x[n - 1]) {
            return Double.NaN; // scipy would raise; happens only when the grid ends before every pair is accepted
        }
        int idx = 0; // searchsorted(x, xNew, side='left')
        while (idx < n && x[idx] < xNew) {
            idx++;
        }
        idx = Math.max(1, Math.min(n - 1, idx));
        int lo = idx - 1;
        double slope = (y[idx] - y[lo]) / (x[idx] - x[lo]);
        return slope * (xNew - x[lo]) + y[lo];
    }
}
