package oneshot.detect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import oneshot.image.ImageDecodeException;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;

/**
 * How well a detector agrees with dlib's boxes on a golden set: for each image where dlib found a face, the best IoU of
 * any detected box with dlib's box. The evidence behind the MTCNN input convention and the box map.
 */
public final class DetectionAgreement {
    /** A box that counts as "the same face" as dlib's. Raw MTCNN boxes are taller than dlib's, so the bar is low. */
    public static final double FOUND_IOU = 0.3;

    /** One golden image: dlib's row and what the detector found there. */
    public record Match(DlibGolden golden, List<DetectedFace> faces, DetectedFace best, double bestIou) {}

    /** Summary over a set. */
    public record Summary(int images, int found, double meanBestIou, double meanFaces, double meanPointError) {
        public double recall() {
            return images == 0 ? 0 : (double) found / images;
        }
    }

    private DetectionAgreement() {}

    /** Detects on every golden image with a dlib face; images are read from {@code imageRoot/<path>}. */
    public static List<Match> run(List<DlibGolden> rows, Path imageRoot, Function<RgbImage, List<DetectedFace>> detector) {
        List<Match> out = new ArrayList<>();
        for (DlibGolden g : rows) {
            if (!g.hasFace()) {
                continue;
            }
            List<DetectedFace> faces = detector.apply(readImage(imageRoot.resolve(g.path())));
            DetectedFace best = null;
            double bestIou = 0;
            for (DetectedFace f : faces) {
                double iou = iou(f.left(), f.top(), f.right(), f.bottom(), g.left(), g.top(), g.right(), g.bottom());
                if (best == null || iou > bestIou) {
                    best = f;
                    bestIou = iou;
                }
            }
            out.add(new Match(g, faces, best, bestIou));
        }
        return out;
    }

    public static Summary summarise(List<Match> matches) {
        int found = 0;
        double iouSum = 0;
        double facesSum = 0;
        double pointSum = 0;
        for (Match m : matches) {
            if (m.bestIou() >= FOUND_IOU) {
                found++;
                pointSum += pointError(m.best(), m.golden());
            }
            iouSum += m.bestIou();
            facesSum += m.faces().size();
        }
        int n = matches.size();
        return new Summary(n, found, n == 0 ? 0 : iouSum / n, n == 0 ? 0 : facesSum / n,
                found == 0 ? Double.NaN : pointSum / found);
    }

    /**
     * dlib's 68 landmarks reduced to MTCNN's 5 points: eye centres (mean of 36-41 and 42-47), nose tip 30, mouth
     * corners 48 and 54; interleaved x, y.
     */
    public static double[] dlibFivePoints(DlibGolden g) {
        double[] p = new double[10];
        for (int i = 36; i < 42; i++) {
            p[0] += g.x(i) / 6.0;
            p[1] += g.y(i) / 6.0;
            p[2] += g.x(i + 6) / 6.0;
            p[3] += g.y(i + 6) / 6.0;
        }
        int[] single = {30, 48, 54};
        for (int k = 0; k < 3; k++) {
            p[4 + 2 * k] = g.x(single[k]);
            p[5 + 2 * k] = g.y(single[k]);
        }
        return p;
    }

    /** Mean distance of MTCNN's 5 points to dlib's, divided by dlib's inter-ocular distance. */
    public static double pointError(DetectedFace f, DlibGolden g) {
        double[] d = dlibFivePoints(g);
        double iod = Math.hypot(d[2] - d[0], d[3] - d[1]);
        double sum = 0;
        for (int i = 0; i < 5; i++) {
            sum += Math.hypot(f.pointX(i) - d[2 * i], f.pointY(i) - d[2 * i + 1]);
        }
        return sum / 5 / iod;
    }

    /** IoU of two boxes given by inclusive pixel corners. */
    public static double iou(double l1, double t1, double r1, double b1, double l2, double t2, double r2, double b2) {
        double w = Math.min(r1, r2) - Math.max(l1, l2) + 1;
        double h = Math.min(b1, b2) - Math.max(t1, t2) + 1;
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        double a1 = (r1 - l1 + 1) * (b1 - t1 + 1);
        double a2 = (r2 - l2 + 1) * (b2 - t2 + 1);
        return inter / (a1 + a2 - inter);
    }

    /** Decodes with the project's decoder (grey PNGs keep their raw samples, unlike ImageIO's getRGB). */
    static RgbImage readImage(Path p) {
        try {
            return new ImageDecoder().decode(p);
        } catch (ImageDecodeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
