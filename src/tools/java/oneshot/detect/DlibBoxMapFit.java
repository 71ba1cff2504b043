package oneshot.detect;

import java.util.ArrayList;
import java.util.List;
import oneshot.SharedData;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Fits {@link DlibBoxMap}'s coefficients on the golden LFW dlib boxes and measures them on LFW and the held-out bbt
 * set. Prints Java source for the constants and a table. Run:
 * {@code mvn -q exec:java -Dexec.mainClass=oneshot.detect.DlibBoxMapFit -Dai.djl.pytorch.num_threads=1}.
 */
public final class DlibBoxMapFit {
    private DlibBoxMapFit() {}

    /** Agreement of boxes with dlib's: mean IoU and mean absolute corner error in pixels. */
    public record BoxAgreement(int faces, double meanIou, double meanCornerError) {}

    public static void main(String[] args) {
        try (MtcnnDetector d = MtcnnDetector.load()) {
            List<DetectionAgreement.Match> lfw = matches(d, "lfw");
            List<DetectionAgreement.Match> bbt = matches(d, "bbt");
            double[][] k = fit(lfw);
            System.out.println("static final double[][] COEFFICIENTS = {");
            for (double[] row : k) {
                System.out.printf("    {%.6f, %.6f, %.6f},%n", row[0], row[1], row[2]);
            }
            System.out.println("};");
            DlibBoxMap identity = new DlibBoxMap(new double[][] {{0, 0, 0}, {0, 0, 0}, {0, 1, 0}, {0, 0, 1}});
            DlibBoxMap fitted = new DlibBoxMap(k);
            System.out.printf("%-5s %-10s %5s %8s %12s%n", "set", "box", "faces", "meanIoU", "cornerErrPx");
            for (var e : List.of(java.util.Map.entry("lfw", lfw), java.util.Map.entry("bbt", bbt))) {
                for (var m : List.of(java.util.Map.entry("raw MTCNN", identity), java.util.Map.entry("mapped", fitted))) {
                    BoxAgreement a = measure(e.getValue(), m.getValue());
                    System.out.printf("%-5s %-10s %5d %8.3f %12.2f%n", e.getKey(), m.getKey(), a.faces(), a.meanIou(),
                            a.meanCornerError());
                }
            }
        }
    }

    /** Golden images where the detector found dlib's face. */
    public static List<DetectionAgreement.Match> matches(MtcnnDetector d, String set) {
        List<DlibGolden> rows = DlibGolden.read(SharedData.golden("dlib-align").resolve(set).resolve("align.tsv"));
        List<DetectionAgreement.Match> out = new ArrayList<>();
        for (var m : DetectionAgreement.run(rows, SharedData.resolve("data/" + set), d::detect)) {
            if (m.bestIou() >= DetectionAgreement.FOUND_IOU) {
                out.add(m);
            }
        }
        return out;
    }

    /** Least squares of each dlib quantity on (1, w, h) of the MTCNN box. */
    public static double[][] fit(List<DetectionAgreement.Match> matches) {
        int n = matches.size();
        double[][] x = new double[n][2];
        double[][] y = new double[4][n];
        for (int i = 0; i < n; i++) {
            DetectedFace f = matches.get(i).best();
            DlibGolden g = matches.get(i).golden();
            x[i][0] = f.width();
            x[i][1] = f.height();
            y[0][i] = (g.left() + g.right()) / 2.0 - (f.left() + f.right()) / 2;
            y[1][i] = (g.top() + g.bottom()) / 2.0 - (f.top() + f.bottom()) / 2;
            y[2][i] = g.right() - g.left() + 1;
            y[3][i] = g.bottom() - g.top() + 1;
        }
        double[][] k = new double[4][];
        for (int q = 0; q < 4; q++) {
            OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
            ols.setNoIntercept(true);
            ols.newSampleData(y[q], x);
            double[] p = ols.estimateRegressionParameters();
            k[q] = new double[] {0, p[0], p[1]};
        }
        return k;
    }

    public static BoxAgreement measure(List<DetectionAgreement.Match> matches, DlibBoxMap map) {
        double iou = 0;
        double corner = 0;
        for (var m : matches) {
            oneshot.align.FaceBox b = map.map(m.best());
            DlibGolden g = m.golden();
            iou += DetectionAgreement.iou(b.left(), b.top(), b.right(), b.bottom(), g.left(), g.top(), g.right(), g.bottom());
            corner += (Math.abs(b.left() - g.left()) + Math.abs(b.top() - g.top()) + Math.abs(b.right() - g.right())
                    + Math.abs(b.bottom() - g.bottom())) / 4.0;
        }
        int n = matches.size();
        return new BoxAgreement(n, iou / n, corner / n);
    }
}
