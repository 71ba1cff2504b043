package oneshot.align;

import oneshot.image.RgbImage;

/**
 * dlib's {@code shape_predictor} (Kazemi-Sullivan cascade of regression trees) in plain Java, computing exactly what
 * {@code dlib/image_processing/shape_predictor.h} computes: same float/double precision at each step, same pixel
 * intensity ({@code (r+g+b)/3}, integer), same {@code floor(v+0.5)} rounding of feature pixels and of the parts.
 *
 * <p>Immutable and thread-safe. Build it with {@link ShapePredictorReader}.
 */
public final class ShapePredictor {
    private final float[] initialShape;          // 2 * parts, (x0, y0, x1, y1, ...), box-normalised frame
    private final Cascade[] cascades;
    // Similarity fit from the initial shape is the same at every step: its centred copy and spread are precomputed.
    private final double[] refCentered;
    private final double refSigma;

    /** One level of the cascade: its trees (flattened) and its feature pixels (anchor part + offset). */
    static final class Cascade {
        final int[] splitStart;    // tree t's splits are [splitStart[t], splitStart[t+1])
        final int[] leafStart;     // tree t's leaves are [leafStart[t], leafStart[t+1]), each leaf is 2*parts floats
        final int[] idx1;
        final int[] idx2;
        final float[] thresh;
        final float[] leafValues;
        final int[] anchor;
        final float[] deltas;      // (dx, dy) per feature pixel

        Cascade(int[] splitStart, int[] leafStart, int[] idx1, int[] idx2, float[] thresh, float[] leafValues,
                int[] anchor, float[] deltas) {
            this.splitStart = splitStart;
            this.leafStart = leafStart;
            this.idx1 = idx1;
            this.idx2 = idx2;
            this.thresh = thresh;
            this.leafValues = leafValues;
            this.anchor = anchor;
            this.deltas = deltas;
        }

        int trees() {
            return splitStart.length - 1;
        }

        int features() {
            return anchor.length;
        }
    }

    ShapePredictor(float[] initialShape, Cascade[] cascades) {
        this.initialShape = initialShape;
        this.cascades = cascades;
        int n = initialShape.length / 2;
        double[] mean = centroid(initialShape);
        double mx = mean[0];
        double my = mean[1];
        double sigma = 0;
        refCentered = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double dx = initialShape[2 * i] - mx;
            double dy = initialShape[2 * i + 1] - my;
            refCentered[2 * i] = dx;
            refCentered[2 * i + 1] = dy;
            sigma += dx * dx + dy * dy;
        }
        refSigma = sigma / n;
    }

    /** Number of landmarks (68 for dlib's face model). */
    public int numParts() {
        return initialShape.length / 2;
    }

    public int numCascades() {
        return cascades.length;
    }

    public int numTrees() {
        int n = 0;
        for (Cascade c : cascades) n += c.trees();
        return n;
    }

    /** The landmarks of the face in {@code box}, as dlib's {@code sp(img, rect)} returns them for an RGB image. */
    public FaceLandmarks predict(RgbImage image, FaceBox box) {
        int parts = numParts();
        float[] shape = initialShape.clone();
        // unnormalizing_tform(rect): (0,0)->tl, (1,0)->tr, (1,1)->br
        double sx = box.right() - box.left();
        double sy = box.bottom() - box.top();
        double ox = box.left();
        double oy = box.top();
        int w = image.width();
        int h = image.height();
        byte[] rgb = image.rgb();
        float[] features = new float[0];
        int[] leaves = new int[0];
        float[] tform = new float[4];
        for (Cascade c : cascades) {
            similarityToCurrent(shape, tform);
            int nf = c.features();
            if (features.length != nf) features = new float[nf];
            for (int i = 0; i < nf; i++) {
                float dx = c.deltas[2 * i];
                float dy = c.deltas[2 * i + 1];
                int a = c.anchor[i];
                float px = tform[0] * dx + tform[1] * dy + shape[2 * a];
                float py = tform[2] * dx + tform[3] * dy + shape[2 * a + 1];
                long x = roundHalfUp(sx * px + ox);
                long y = roundHalfUp(sy * py + oy);
                if (x >= 0 && y >= 0 && x < w && y < h) {
                    int k = (int) ((y * w + x) * 3);
                    features[i] = intensity(rgb[k] & 0xff, rgb[k + 1] & 0xff, rgb[k + 2] & 0xff);
                } else {
                    features[i] = 0;
                }
            }
            // Every tree of a cascade reads the same features, so all leaves are found first, then added four trees
            // at a time: each coordinate still gets its leaf values in tree order (the same sums as dlib's), but four
            // leaves are read at once. The reads are the cost (4 MB of a 65 MB table per face, mostly cache misses):
            // leaf adds went from 2.9-3.0 to 1.7-1.9 ms per face.
            int len = 2 * parts;
            int nt = c.trees();
            if (leaves.length < nt) leaves = new int[nt];
            for (int t = 0; t < nt; t++) {
                int s0 = c.splitStart[t];
                int ns = c.splitStart[t + 1] - s0;
                int i = 0;
                while (i < ns) {
                    int s = s0 + i;
                    i = features[c.idx1[s]] - features[c.idx2[s]] > c.thresh[s] ? 2 * i + 1 : 2 * i + 2;
                }
                leaves[t] = (c.leafStart[t] + i - ns) * len;
            }
            float[] lv = c.leafValues;
            int t = 0;
            for (; t + 3 < nt; t += 4) {
                int l0 = leaves[t];
                int l1 = leaves[t + 1];
                int l2 = leaves[t + 2];
                int l3 = leaves[t + 3];
                for (int j = 0; j < len; j++) {
                    float v = shape[j];
                    v += lv[l0 + j];
                    v += lv[l1 + j];
                    v += lv[l2 + j];
                    v += lv[l3 + j];
                    shape[j] = v;
                }
            }
            for (; t < nt; t++) {
                int leaf = leaves[t];
                for (int j = 0; j < len; j++) {
                    shape[j] += lv[leaf + j];
                }
            }
        }
        int[] xs = new int[parts];
        int[] ys = new int[parts];
        for (int i = 0; i < parts; i++) {
            xs[i] = (int) roundHalfUp(sx * shape[2 * i] + ox);
            ys[i] = (int) roundHalfUp(sy * shape[2 * i + 1] + oy);
        }
        return new FaceLandmarks(xs, ys);
    }

    /** dlib's {@code get_pixel_intensity(rgb_pixel)}: the truncated mean of the three channels. */
    static int intensity(int r, int g, int b) {
        return (r + g + b) / 3;
    }

    /** Mean x and y of interleaved points {@code x0, y0, x1, y1, ...}. */
    private static double[] centroid(float[] xy) {
        int n = xy.length / 2;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += xy[2 * i];
            my += xy[2 * i + 1];
        }
        return new double[] {mx / n, my / n};
    }

    /** dlib's conversion of a double vector to an integer {@code point}. */
    static long roundHalfUp(double v) {
        return (long) Math.floor(v + 0.5);
    }

    /**
     * {@code matrix_cast<float>(find_similarity_transform(initial_shape, current).get_m())}. dlib runs Umeyama's method
     * with an SVD; in 2-D its optimum has the closed form c*R = [[a, -b], [b, a]] with a = tr(cov)/sigma and
     * b = (cov10 - cov01)/sigma, which equals dlib's result (reflection case included) up to double rounding.
     */
    private void similarityToCurrent(float[] current, float[] out) {
        int n = current.length / 2;
        double[] mean = centroid(current);
        double mx = mean[0];
        double my = mean[1];
        double c00 = 0, c01 = 0, c10 = 0, c11 = 0;
        for (int i = 0; i < n; i++) {
            double tx = current[2 * i] - mx;
            double ty = current[2 * i + 1] - my;
            double fx = refCentered[2 * i];
            double fy = refCentered[2 * i + 1];
            c00 += tx * fx;
            c01 += tx * fy;
            c10 += ty * fx;
            c11 += ty * fy;
        }
        c00 /= n;
        c01 /= n;
        c10 /= n;
        c11 /= n;
        double a;
        double b;
        if (refSigma != 0) {
            a = (c00 + c11) / refSigma;
            b = (c10 - c01) / refSigma;
        } else {
            double norm = Math.hypot(c00 + c11, c10 - c01);
            a = norm == 0 ? 1 : (c00 + c11) / norm;
            b = norm == 0 ? 0 : (c10 - c01) / norm;
        }
        out[0] = (float) a;
        out[1] = (float) -b;
        out[2] = (float) b;
        out[3] = (float) a;
    }
}
