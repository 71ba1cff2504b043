package oneshot.detect;

import oneshot.align.FaceBox;

/**
 * Maps an MTCNN box to the box dlib's HOG detector would give for the same face, because dlib's 68-landmark predictor
 * was trained on (and only works well from) dlib's boxes.
 *
 * <p>Model, per quantity, linear in the MTCNN box's width {@code w} and height {@code h} (inclusive sizes):
 * {@code dlibCx - cx = a1 w + a2 h}, likewise for {@code cy}, and {@code dlibW}, {@code dlibH} as {@code b1 w + b2 h}.
 * No intercept, so the map scales with the face. Measured: with an intercept the fit is as good on LFW (IoU 0.811)
 * but on the same images shrunk 2x and 3x IoU falls to 0.611 and 0.425; without, 0.805 and 0.801.
 * The result is rounded to integer corners, as dlib's rectangles are.
 *
 * <p>Fitted by ordinary least squares with {@code DlibBoxMapFit} (a tool in src/tools/java; run it to reproduce) on the 75 golden LFW images of
 * {@code ../shared/golden/dlib-align/lfw} (MTCNN box = the detection with the best IoU with dlib's), then checked on
 * the 40 held-out bbt images. Figures (mean IoU with dlib's box and mean corner error, before and after the map) are in
 * docs/alignment.md and re-measured by {@code DlibBoxMapTest}.
 */
public final class DlibBoxMap {
    /** Coefficients {const, per w, per h} for: centre-x offset, centre-y offset, width, height. */
    static final double[][] COEFFICIENTS = {
        {0.000000, 0.046237, -0.037220},
        {0.000000, -0.092296, 0.125648},
        {0.000000, 0.735555, 0.292940},
        {0.000000, 0.709567, 0.307792},
    };

    private final double[][] c;

    public DlibBoxMap(double[][] coefficients) {
        this.c = coefficients;
    }

    /** The fitted map. */
    public static DlibBoxMap fitted() {
        return new DlibBoxMap(COEFFICIENTS);
    }

    /** dlib's box for the face: integer inclusive corners. */
    public FaceBox map(DetectedFace f) {
        double[] r = mapExact(f);
        return new FaceBox(Math.round(r[0]), Math.round(r[1]), Math.round(r[2]), Math.round(r[3]));
    }

    /** The mapped box before rounding: left, top, right, bottom. */
    public double[] mapExact(DetectedFace f) {
        double w = f.width();
        double h = f.height();
        double cx = (f.left() + f.right()) / 2;
        double cy = (f.top() + f.bottom()) / 2;
        double dcx = cx + eval(c[0], w, h);
        double dcy = cy + eval(c[1], w, h);
        double dw = eval(c[2], w, h);
        double dh = eval(c[3], w, h);
        return new double[] {dcx - (dw - 1) / 2, dcy - (dh - 1) / 2, dcx + (dw - 1) / 2, dcy + (dh - 1) / 2};
    }

    private static double eval(double[] k, double w, double h) {
        return k[0] + k[1] * w + k[2] * h;
    }
}
